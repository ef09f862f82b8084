/**
 * Bulk loader for verify-http: N realistic certificates as issuance writes them — a person
 * (ID number encrypted with the real field cipher, blind index, masked copy), claims signed
 * with a real Ed25519 issuer key over JCS, a status-list slot, a `certificate.issued` ledger
 * entry — in multi-row inserts of CHUNK rows per transaction, then integrated by the real
 * sequencer and covered by a signed checkpoint.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { type FieldCipher, fromBase64, type SigningKeyPair } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import { iso7064Mod11_2, maskCitizenId, type RandomSource } from '@anzheng/identifiers';
import { leafHash } from '@anzheng/ledger';
import type { Insertable, Kysely } from 'kysely';
import { encodeLedgerEntry, type LedgerService } from '../../apps/server/src/domains/ledger/index.ts';
import { AAD, idNumberIndex, uuidv7 } from '../../apps/server/src/domains/registry/index.ts';
import {
  ISSUER,
  type SignedCertificate,
  signCertificate,
} from '../../apps/server/src/domains/verification/verification.fixtures.ts';

/** Rows per transaction: ~30 columns × 1,000 rows stays under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;
const STATUS_LIST_LENGTH = 131_072;
/** Serials run to 999,999 per province, year and level (docs/certificate-number.md). */
const SERIALS_PER_YEAR = 900_000;

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海燕玉兰文斌宇航安全晓东红梅',
];
const COUNTIES = ['440303', '440304', '440305', '440306', '440307', '440106', '440104', '440111'];

export interface LoadedSample {
  number: string;
  name: string;
}

function nameFor(rand: RandomSource): string {
  const pick = (chars: string[]) => chars[Math.floor(rand() * chars.length)]!;
  return pick(SURNAMES) + pick(GIVEN) + (rand() < 0.7 ? pick(GIVEN) : '');
}

/** The i-th of a sequence of distinct valid resident ID numbers (1,000 per birth day and county). */
function idNumberFor(i: number): { id: string; birthDate: string; county: string } {
  const county = COUNTIES[i % COUNTIES.length]!;
  const k = Math.floor(i / COUNTIES.length);
  const birth = new Date(Date.UTC(1965, 0, 1) + Math.floor(k / 1000) * 86_400_000);
  const birthDate = birth.toISOString().slice(0, 10);
  const first17 = `${county}${birthDate.replaceAll('-', '')}${String(k % 1000).padStart(3, '0')}`;
  return { id: `${first17}${iso7064Mod11_2(first17)}`, birthDate, county };
}

/** A person row as the registry writes it: encrypted ID number, blind index, masked copy. */
export function personRow(cipher: FieldCipher, i: number, name: string): Insertable<Database['person']> {
  const { id, birthDate, county } = idNumberFor(i);
  return {
    public_id: uuidv7(),
    user_id: null,
    name,
    id_kind: 'resident',
    id_number_enc: cipher.encrypt(id, AAD.idNumber),
    id_number_index: idNumberIndex(cipher, id),
    id_number_masked: maskCitizenId(id),
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    birth_date: birthDate,
    phone_enc: null,
    phone_masked: null,
    division_code: county,
    province_code: county.slice(0, 2),
    created_by: null,
  };
}

export { nameFor };

export async function loadCertificates(options: {
  db: Kysely<Database>;
  cipher: FieldCipher;
  ledger: LedgerService;
  issuerKey: SigningKeyPair;
  issuerKeyId: string;
  issuerCreditCode: string;
  count: number;
  sampleSize: number;
  rand: RandomSource;
  onProgress: (done: number, signMs: number, writeMs: number) => void;
}): Promise<{
  sample: LoadedSample[];
  signMs: number;
  writeMs: number;
  sequenceMs: number;
  checkpointSize: number;
}> {
  const { db, cipher, count } = options;
  const lists: number[] = [];
  for (let i = 0; i < Math.ceil(count / STATUS_LIST_LENGTH); i++) {
    const row = await db
      .insertInto('status_list')
      .values({ length: STATUS_LIST_LENGTH })
      .returning('id')
      .executeTakeFirstOrThrow();
    lists.push(row.id);
  }
  // One parsed private key for the whole load (RFC 8410 PKCS#8 wrapper around the 32-byte seed):
  // the same deterministic Ed25519 signatures as @anzheng/crypto's sign, without re-parsing per call.
  const privateKey = createPrivateKey({
    key: Buffer.concat([
      Buffer.from('302e020100300506032b657004220420', 'hex'),
      fromBase64(options.issuerKey.privateKey),
    ]),
    format: 'der',
    type: 'pkcs8',
  });
  const signer = (message: Uint8Array) => new Uint8Array(sign(null, message, privateKey));
  const every = Math.max(1, Math.floor(count / options.sampleSize));
  const sample: LoadedSample[] = [];
  const issuedAt = new Date().toISOString();
  let signMs = 0;
  let writeMs = 0;
  let inFlight: Promise<void> | undefined;

  for (let from = 0; from < count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK);
    const t0 = performance.now();
    const persons: Insertable<Database['person']>[] = [];
    const entries: Insertable<Database['ledger_entry']>[] = [];
    const certificates: { signed: SignedCertificate; level: string; county: string; index: number }[] = [];
    for (let i = from; i < to; i++) {
      const name = nameFor(options.rand);
      const { id, county } = idNumberFor(i);
      const level = ['junior', 'intermediate', 'senior'][i % 3]!;
      const validFrom = `${2021 + Math.floor(i / SERIALS_PER_YEAR)}-03-01`;
      const signed = signCertificate({
        key: options.issuerKey,
        signer,
        keyId: options.issuerKeyId,
        issuerCreditCode: options.issuerCreditCode,
        serial: (i % SERIALS_PER_YEAR) + 1,
        year: 2021 + Math.floor(i / SERIALS_PER_YEAR),
        level,
        name,
        idNumber: id,
        validFrom,
        validUntil: `${2024 + Math.floor(i / SERIALS_PER_YEAR) + 3}-02-28`,
        issuedAt,
      });
      persons.push(personRow(cipher, i, name));
      const entry = encodeLedgerEntry({
        kind: 'certificate.issued',
        subject: signed.number,
        data: { ...signed.entryData },
        at: issuedAt,
      });
      entries.push({
        kind: 'certificate.issued',
        subject: signed.number,
        entry: Buffer.from(entry),
        leaf_hash: Buffer.from(leafHash(entry)),
      });
      certificates.push({ signed, level, county, index: i });
      if (i % every === 0 && sample.length < options.sampleSize) sample.push({ number: signed.number, name });
    }
    signMs += performance.now() - t0;
    // One transaction writing while the next chunk is signed (the signing is CPU in this process,
    // the writing is mostly PostgreSQL's).
    await inFlight;
    options.onProgress(from, signMs, writeMs);
    inFlight = (async () => {
      const t1 = performance.now();
      await db.transaction().execute(async (trx) => {
        const personIds = await trx.insertInto('person').values(persons).returning(['id']).execute();
        const entryIds = await trx.insertInto('ledger_entry').values(entries).returning(['id']).execute();
        await trx
          .insertInto('certificate')
          .values(
            certificates.map((c, k) => ({
              public_id: uuidv7(),
              number: c.signed.number,
              elicense_id: c.signed.elicenseId,
              person_id: personIds[k]!.id,
              certificate_type_code: '00',
              level: c.level,
              industry_code: null,
              division_code: c.county,
              province_code: '44',
              issuer_code: ISSUER.code,
              issuer_name: ISSUER.name,
              status: 'valid',
              status_reason: null,
              first_issued_on: c.signed.claims.firstIssuedOn,
              valid_from: c.signed.claims.validFrom,
              valid_until: c.signed.claims.validUntil,
              application_id: null,
              assessment: null,
              replaces_id: null,
              holder_commitment: c.signed.holderCommitment,
              holder_salt: c.signed.holderSalt,
              claims: JSON.stringify(c.signed.claims),
              signature: c.signed.signature,
              suite: 'ed25519',
              key_id: options.issuerKeyId,
              status_list_id: lists[Math.floor(c.index / STATUS_LIST_LENGTH)]!,
              status_list_index: c.index % STATUS_LIST_LENGTH,
              ledger_entry_id: entryIds[k]!.id,
            })),
          )
          .execute();
      });
      writeMs += performance.now() - t1;
    })();
  }
  await inFlight;
  options.onProgress(count, signMs, writeMs);
  const t2 = performance.now();
  await options.ledger.sequence();
  const checkpoint = await options.ledger.signCheckpoint();
  return { sample, signMs, writeMs, sequenceMs: performance.now() - t2, checkpointSize: checkpoint.treeSize };
}
