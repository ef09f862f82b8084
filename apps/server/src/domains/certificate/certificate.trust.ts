import { canonicalBytes, canonicalize, toBase64 } from '@anzheng/crypto';
import type { Database, JsonValue } from '@anzheng/db';
import type { DetachedSignature, TrustedKey, TrustList } from '@anzheng/verifier';
import type { Kysely } from 'kysely';
import type { LedgerService } from '../ledger/index.ts';
import { SigningKeyUnavailableError } from './certificate.errors.ts';
import { issuerNameOf } from './certificate.issuer.ts';
import type { KeyStore } from './certificate.keys.ts';
import * as repo from './certificate.repository.ts';

/**
 * The signed trust list (`/.well-known/anzheng/trust.json`, docs/certificates.md "Trust list"):
 * every issuer and trust key ever registered, with validity, and the log's verifier key.
 * Versions are stored in `trust_list_version`; a new one is made when the keys change or the
 * current one is older than `REFRESH_DAYS`. Version N+1 is signed by the trust key(s) active
 * in version N (and by a new trust key after rotation); version 1 by its own trust key.
 */
export const TRUST_LIST_VALIDITY_DAYS = 30;
export const TRUST_LIST_REFRESH_DAYS = 7;
const DAY = 86_400_000;

export interface TrustListService {
  /** The current version, making a new one first when it is stale. */
  current(): Promise<TrustList>;
  version(n: number): Promise<TrustList | undefined>;
}

function trustedKeys(rows: Awaited<ReturnType<typeof repo.listKeys>>): TrustedKey[] {
  return rows.map((r) => ({
    keyId: r.id,
    purpose: r.purpose as TrustedKey['purpose'],
    suite: r.suite as TrustedKey['suite'],
    publicKey: r.public_key,
    ...(r.issuer_code ? { issuer: { code: r.issuer_code, name: issuerNameOf(r.issuer_code) } } : {}),
    validFrom: r.valid_from.toISOString(),
    validUntil: r.valid_until ? r.valid_until.toISOString() : null,
  }));
}

/** What a version is signed over: the list without `signatures`. */
export function trustListSigningBytes(list: TrustList): Uint8Array {
  const { signatures: _omit, ...body } = list;
  return canonicalBytes(body as unknown as JsonValue);
}

export function createTrustListService(deps: {
  db: Kysely<Database>;
  keys: KeyStore;
  ledger: Pick<LedgerService, 'origin' | 'verifierKey'>;
  clock: () => Date;
}): TrustListService {
  const { db, keys, ledger, clock } = deps;

  async function signersFor(previous: TrustList | undefined, activeTrustKeyId: string) {
    const ids = new Set<string>();
    if (previous) {
      for (const k of previous.keys) if (k.purpose === 'trust' && k.validUntil === null) ids.add(k.keyId);
    }
    ids.add(activeTrustKeyId);
    const signers = [];
    for (const id of ids) {
      const signer = await keys.signerFor(id);
      if (!signer) throw new SigningKeyUnavailableError(id);
      signers.push(signer);
    }
    return signers;
  }

  async function current(): Promise<TrustList> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const trust = await keys.trustSigner();
      const now = clock();
      const listed = trustedKeys(await repo.listKeys(db));
      const log = { origin: ledger.origin, verifierKey: ledger.verifierKey };
      const latestRow = await repo.latestTrustListVersion(db);
      const latest = latestRow?.document as unknown as TrustList | undefined;
      if (
        latest &&
        canonicalize({ log: latest.log, keys: latest.keys } as unknown as JsonValue) ===
          canonicalize({ log, keys: listed } as unknown as JsonValue) &&
        now.getTime() - Date.parse(latest.issuedAt) < TRUST_LIST_REFRESH_DAYS * DAY
      ) {
        return latest;
      }
      const body: TrustList = {
        type: 'anzheng-trust-list/v1',
        version: (latest?.version ?? 0) + 1,
        issuedAt: now.toISOString(),
        validFrom: now.toISOString(),
        validUntil: new Date(now.getTime() + TRUST_LIST_VALIDITY_DAYS * DAY).toISOString(),
        log,
        keys: listed,
        signatures: [],
      };
      const message = trustListSigningBytes(body);
      const signatures: DetachedSignature[] = (await signersFor(latest, trust.keyId)).map((s) => ({
        suite: 'ed25519',
        keyId: s.keyId,
        value: toBase64(s.sign(message)),
      }));
      const document = { ...body, signatures };
      if (await repo.insertTrustListVersion(db, document.version, document as unknown as JsonValue)) {
        return document;
      }
      // Another process wrote this version first: look again.
    }
    throw new Error('trust list: could not write a new version');
  }

  return {
    current,
    async version(n) {
      const row = await repo.findTrustListVersion(db, n);
      return row?.document as unknown as TrustList | undefined;
    },
  };
}
