import { canonicalBytes, type FieldCipher, fromBase64, sha256, toHex, verify } from '@anzheng/crypto';
import type { JsonValue } from '@anzheng/db';
import { generateCitizenId, type RandomSource } from '@anzheng/identifiers';
import { checkRecord, leafHash, openNote, parseCheckpoint, parseVerifierKey } from '@anzheng/ledger';
import type { App } from '@anzheng/server';
import type { CertificateBundle, DetachedSignature, TrustList } from '@anzheng/verifier';
import type { Actor } from '../identity/actor.ts';
import type { Role } from '../identity/roles.ts';
import { createPersonRecord, uuidv7 } from '../registry/index.ts';
import { trustListSigningBytes } from './certificate.trust.ts';

/** Test helpers shared by the certificate tests (not a test file itself). */

export async function makePerson(
  app: App,
  cipher: FieldCipher,
  rand: RandomSource,
  opts: { divisionCode?: string; name?: string; master?: boolean; userId?: number } = {},
) {
  const divisionCode = opts.divisionCode ?? '440305';
  const idNumber = generateCitizenId(rand, { divisionCode, birthDate: '1985-03-04' });
  const name = opts.name ?? `证${Math.floor(rand() * 1e6)}`;
  const person = await app.database.db.transaction().execute(async (trx) => {
    const p = await createPersonRecord(trx, cipher, { name, idNumber });
    if (opts.master) {
      await trx
        .insertInto('person_education')
        .values({
          person_id: p.id,
          level: 'master',
          major: '安全工程',
          safety_related: true,
          school: '中国矿业大学',
          graduated_on: '2012-07-01',
        })
        .execute();
    }
    if (opts.userId !== undefined) {
      await trx.updateTable('person').set({ user_id: opts.userId }).where('id', '=', p.id).execute();
    }
    return p;
  });
  return { ...person, idNumber, name };
}

/** An application already in `state` (the application domain's own tests cover getting there). */
export async function makeApplication(
  app: App,
  personId: number,
  opts: { divisionCode?: string; typeCode?: string; level?: string; state?: string } = {},
) {
  const divisionCode = opts.divisionCode ?? '440305';
  const row = await app.database.db
    .insertInto('application')
    .values({
      public_id: uuidv7(),
      person_id: personId,
      certificate_type_code: opts.typeCode ?? '00',
      level: opts.level ?? 'junior',
      division_code: divisionCode,
      province_code: divisionCode.slice(0, 2),
      industry_code: null,
      state: opts.state ?? 'approved',
      eligibility: null,
      school_enrolment: null,
      submitted_by: null,
    })
    .returning(['id', 'public_id'])
    .executeTakeFirstOrThrow();
  return row;
}

/** An Actor for calling services directly (as the HTTP layer would build it). */
export function actorFor(
  user: { id: number; publicId: string; username: string },
  roles: { role: Role; divisionCode?: string; enterpriseCreditCode?: string }[],
): Actor {
  return {
    kind: 'user',
    id: user.id,
    publicId: user.publicId,
    username: user.username,
    roles: roles.map((r) => ({
      role: r.role,
      divisionCode: r.divisionCode ?? null,
      enterpriseCreditCode: r.enterpriseCreditCode ?? null,
    })),
    scopes: [],
    sessionId: null,
    mfaEnrolmentRequired: false,
    ip: '127.0.0.1',
    requestId: 'test',
  };
}

/** Public key in @anzheng/crypto's suite encoding from the trust list's raw base64. */
function suiteKey(suite: string, publicKey: string): string {
  return suite === 'ed25519' ? publicKey : toHex(fromBase64(publicKey));
}

export function verifyDetached(
  list: TrustList,
  signature: DetachedSignature,
  message: Uint8Array,
  at: string,
) {
  const key = list.keys.find((k) => k.keyId === signature.keyId);
  if (!key) return { ok: false, why: 'unknown key' };
  if (at < key.validFrom || (key.validUntil !== null && at >= key.validUntil))
    return { ok: false, why: 'outside validity' };
  return {
    ok: verify(signature.suite, suiteKey(key.suite, key.publicKey), message, fromBase64(signature.value)),
    why: 'signature',
  };
}

/** What an offline verifier checks, with @anzheng/crypto and @anzheng/ledger only. */
export function verifyBundle(bundle: CertificateBundle, list: TrustList) {
  const claimsBytes = canonicalBytes(bundle.claims as unknown as JsonValue);
  const signature = verifyDetached(list, bundle.signature, claimsBytes, bundle.claims.issuedAt);
  const verifier = parseVerifierKey(list.log.verifierKey);
  const checkpoint = parseCheckpoint(openNote(bundle.log.checkpoint, [verifier]).text);
  const entryBytes = fromBase64(bundle.log.entry);
  const included = checkRecord(
    bundle.log.proof.map((h) => fromBase64(h)),
    checkpoint.size,
    checkpoint.rootHash,
    bundle.log.index,
    leafHash(entryBytes),
  );
  const entry = JSON.parse(new TextDecoder().decode(entryBytes)) as {
    kind: string;
    subject: string;
    data: { claimsDigest: string; holderCommitment: string; status: string };
  };
  const statusCheckpoint = parseCheckpoint(openNote(bundle.status.checkpoint, [verifier]).text);
  const statusEventsIncluded = bundle.status.events.every((e) =>
    checkRecord(
      e.proof.map((h) => fromBase64(h)),
      statusCheckpoint.size,
      statusCheckpoint.rootHash,
      e.index,
      leafHash(fromBase64(e.entry)),
    ),
  );
  const { signature: statusSig, ...statusBody } = bundle.status;
  const statusSigned = verifyDetached(
    list,
    statusSig!,
    canonicalBytes(statusBody as unknown as JsonValue),
    bundle.status.asOf,
  );
  return {
    signatureValid: signature.ok,
    included,
    entry,
    claimsDigest: toHex(sha256(claimsBytes)),
    statusEventsIncluded,
    statusSigned: statusSigned.ok,
  };
}

/** Version `list` is signed by a trust key that `previous` lists as active (or by its own, for version 1). */
export function trustListSignedBy(list: TrustList, signer: TrustList): boolean {
  const bytes = trustListSigningBytes(list);
  return list.signatures.some((s) => {
    const key = signer.keys.find((k) => k.keyId === s.keyId && k.purpose === 'trust');
    return key !== undefined && verify('ed25519', key.publicKey, bytes, fromBase64(s.value));
  });
}
