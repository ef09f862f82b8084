import { createHash, timingSafeEqual } from 'node:crypto';
import {
  BATCH_VERIFY_OUTCOMES,
  type BatchVerifyResult,
  type BatchVerifyRow,
  type CertificateStatus,
  type PublicCertificateView,
} from '@anzheng/contracts';
import type { Database } from '@anzheng/db';
import { maskName } from '@anzheng/identifiers';
import { type Checkpoint, planProveRecord, runPlanAsync } from '@anzheng/ledger';
import type { CertificateClaims, StatusStatement } from '@anzheng/verifier';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.ts';
import type { CertificateDomain } from '../certificate/index.ts';
import type { Actor } from '../identity/actor.ts';
import { databaseHashReader, readLatestCheckpoint } from '../ledger/index.ts';
import { todayInShanghai } from '../reference/index.ts';
import { type BatchInputRow, MAX_BATCH_ROWS } from './verification.batch-file.ts';
import { LruCache } from './verification.cache.ts';
import {
  BatchEmptyError,
  BatchTooLargeError,
  CertificateNotFoundError,
  InvalidCertificateNumberError,
  VerificationQueryRequiredError,
} from './verification.errors.ts';
import { checkCertificateNumber, normalizeName } from './verification.input.ts';
import {
  findLatestLogEntry,
  findPublicCertificate,
  listBatchCertificates,
  type PublicCertificateRow,
} from './verification.repository.ts';
import {
  checkClaimsSignature,
  checkLoggedEntry,
  openCheckpoint,
  type ParsedTrustList,
  parseTrustList,
} from './verification.trust.ts';

/** What this domain needs of the certificate core (certificate.domain.ts). */
export type VerificationCertificates = Pick<CertificateDomain, 'trustList' | 'qrCheck' | 'statusStatement'>;

export interface VerificationServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  clock: () => Date;
  certificates: VerificationCertificates;
  /** Verification results kept (LRU); default 100,000. */
  cacheSize?: number;
}

/** How the caller proves they know the certificate: the holder's name, or the QR check `c`. */
export interface PublicQuery {
  number: string;
  name?: string | undefined;
  c?: string | undefined;
}

export type Verification = PublicCertificateView['verification'];

// The latest checkpoint is re-read at most this often: checkpoints are signed every few seconds,
// and the answer names the checkpoint it was checked against.
const CHECKPOINT_TTL_MS = 1000;
// The trust list changes on key rotation only; re-read at most this often, re-parsed on a new version.
const TRUST_TTL_MS = 10_000;

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest();
/** Constant-time comparison of two strings of any length (hashes first). */
function sameText(a: string, b: string): boolean {
  return timingSafeEqual(sha(a), sha(b));
}

/** Date in Asia/Shanghai (validity dates are Chinese calendar dates, DESIGN §3). */
export function shanghaiDate(now: Date): string {
  // One shared formatter: building an Intl.DateTimeFormat per request cost more than the query.
  return todayInShanghai(now);
}

/** A valid certificate past its last day of validity is shown as expired before the nightly scan marks it. */
export function effectiveStatus(status: string, validUntil: string, today: string): CertificateStatus {
  if (status === 'valid' && validUntil < today) return 'expired';
  return status as CertificateStatus;
}

export const OUTCOME_NAMES: Record<(typeof BATCH_VERIFY_OUTCOMES)[number], string> = {
  valid: '有效',
  suspended: '暂停',
  revoked: '撤销',
  cancelled: '注销',
  expired: '已过期',
  replaced: '已补发/换发',
  not_found: '未查到（证书编号或姓名不符）',
  invalid_input: '输入有误',
};

export type VerificationService = ReturnType<typeof createVerificationService>;

export function createVerificationService(deps: VerificationServiceDeps) {
  const { db, clock, certificates } = deps;
  const results = new LruCache<Verification>(deps.cacheSize ?? 100_000);
  const hashes = databaseHashReader(db);

  // Concurrent requests share one refresh (single flight) instead of each reading the list.
  let trust: { parsed: ParsedTrustList; readAt: number } | undefined;
  let trustLoading: Promise<ParsedTrustList> | undefined;
  function trustList(): Promise<ParsedTrustList> {
    if (trust && Date.now() - trust.readAt < TRUST_TTL_MS) return Promise.resolve(trust.parsed);
    trustLoading ??= (async () => {
      const list = await certificates.trustList();
      const parsed = trust && trust.parsed.version === list.version ? trust.parsed : parseTrustList(list);
      trust = { parsed, readAt: Date.now() };
      return parsed;
    })().finally(() => {
      trustLoading = undefined;
    });
    return trustLoading;
  }

  interface LatestCheckpoint {
    size: number;
    note: string;
    /** Opened with the trust list's log key; undefined when the note does not verify. */
    opened: Checkpoint | undefined;
    trustVersion: number;
  }
  let checkpoint: { value: LatestCheckpoint | undefined; readAt: number } | undefined;
  let checkpointLoading: Promise<LatestCheckpoint | undefined> | undefined;
  function latestCheckpoint(): Promise<LatestCheckpoint | undefined> {
    if (checkpoint && Date.now() - checkpoint.readAt < CHECKPOINT_TTL_MS)
      return Promise.resolve(checkpoint.value);
    checkpointLoading ??= (async () => {
      const row = await readLatestCheckpoint(db);
      let value: LatestCheckpoint | undefined;
      if (row) {
        const previous = checkpoint?.value;
        value =
          previous && previous.note === row.note
            ? previous
            : { size: row.treeSize, note: row.note, opened: undefined, trustVersion: -1 };
      }
      checkpoint = { value, readAt: Date.now() };
      return value;
    })().finally(() => {
      checkpointLoading = undefined;
    });
    return checkpointLoading;
  }

  async function inclusion(
    number: string,
    claims: CertificateClaims,
    cp: LatestCheckpoint | undefined,
    trusted: ParsedTrustList,
  ): Promise<boolean> {
    if (!cp) return false;
    if (cp.trustVersion !== trusted.version) {
      cp.opened = openCheckpoint(trusted, cp.note);
      cp.trustVersion = trusted.version;
    }
    const opened = cp.opened;
    if (!opened || opened.size !== cp.size) return false;
    // The newest entry the checkpoint covers: its claims digest must be that of the stored claims
    // (a status change logged a moment ago is still pending and carries the same claims).
    const entry = await findLatestLogEntry(db, number, opened.size);
    if (!entry || entry.idx === null || entry.idx >= opened.size) return false;
    const proof = await runPlanAsync(planProveRecord(opened.size, entry.idx), hashes);
    return checkLoggedEntry({
      number,
      claims,
      entry: new Uint8Array(entry.entry),
      index: entry.idx,
      proof,
      checkpoint: opened,
    });
  }

  async function verificationOf(row: PublicCertificateRow): Promise<Verification> {
    const cp = await latestCheckpoint();
    const key = `${row.number}|${row.claims_version}|${row.status}|${cp?.size ?? 0}`;
    const cached = results.get(key);
    if (cached) return cached;
    const trusted = await trustList();
    const claims = row.claims as unknown as CertificateClaims;
    const signatureValid =
      claims.number === row.number &&
      checkClaimsSignature(trusted, claims, {
        suite: row.suite as 'ed25519' | 'sm2-sm3',
        keyId: row.key_id,
        value: row.signature,
      });
    const includedInLog = await inclusion(row.number, claims, cp, trusted);
    const verification: Verification = {
      signatureValid,
      includedInLog,
      checkpointSize: cp?.size ?? null,
      checkpointNote: cp?.note ?? null,
      checkedAt: clock().toISOString(),
    };
    results.set(key, verification);
    return verification;
  }

  /**
   * The certificate when the caller knows it (number + name, or number + QR check), else
   * CERTIFICATE_NOT_FOUND — the same error, after the same lookup, whatever did not match.
   */
  async function findKnown(query: PublicQuery): Promise<PublicCertificateRow> {
    const checked = checkCertificateNumber(query.number);
    if (!checked.ok) throw new InvalidCertificateNumberError(checked.problems);
    const name = query.name === undefined ? '' : normalizeName(query.name);
    const c = query.c?.trim() ?? '';
    if (name === '' && c === '') throw new VerificationQueryRequiredError();
    const row = await findPublicCertificate(db, checked.number);
    // Both comparisons run whether or not the number exists, so timing tells nothing either.
    const nameOk = name === '' || sameText(name, normalizeName(row?.holder_name ?? '\u0000'));
    const cOk = c === '' || sameText(c, certificates.qrCheck(checked.number));
    if (!row || !nameOk || !cOk) throw new CertificateNotFoundError();
    return row;
  }

  return {
    /** REQ-PUB-1: the public view of a certificate (masked name, no ID number) with its verification. */
    async publicQuery(query: PublicQuery): Promise<PublicCertificateView> {
      const row = await findKnown(query);
      const verification = await verificationOf(row);
      return {
        number: row.number,
        holderNameMasked: maskName(row.holder_name),
        certificateTypeName: row.certificate_type_name,
        level: row.level as PublicCertificateView['level'],
        status: effectiveStatus(row.status, row.valid_until, shanghaiDate(clock())),
        validFrom: row.valid_from,
        validUntil: row.valid_until,
        issuerName: row.issuer_name,
        verification,
      };
    },

    /** The issuer-signed status statement (`anzheng-verify --checkpoint status.json`), same rules as the query. */
    async statusDocument(query: PublicQuery): Promise<StatusStatement> {
      const row = await findKnown(query);
      return certificates.statusStatement(row.number);
    },

    /**
     * REQ-PUB-1 "employers verify staff": one outcome per row; `not_found` for an unknown number
     * and for a name that does not match alike. One query per 1,000 distinct numbers; one audit
     * event with the counts.
     */
    async verifyBatch(
      actor: Actor,
      rows: readonly BatchInputRow[],
      source: 'csv' | 'json',
    ): Promise<BatchVerifyResult> {
      if (rows.length > MAX_BATCH_ROWS) {
        throw new BatchTooLargeError(MAX_BATCH_ROWS, rows.length.toLocaleString('en-US'));
      }
      if (rows.length === 0) throw new BatchEmptyError();
      const checked = rows.map((r) => ({ row: r, number: checkCertificateNumber(r.number) }));
      const wanted = [...new Set(checked.flatMap((c) => (c.number.ok ? [c.number.number] : [])))];
      const found = new Map((await listBatchCertificates(db, wanted)).map((c) => [c.number, c]));
      const today = shanghaiDate(clock());
      const out: BatchVerifyRow[] = checked.map(({ row, number }) => {
        const base = {
          line: row.line,
          number: number.number,
          name: row.name.trim(),
          certificateTypeName: null,
          level: null,
          validUntil: null,
        };
        if (!number.ok) {
          return {
            ...base,
            outcome: 'invalid_input' as const,
            message: `证书编号有误：${number.problems.map((p) => p.message).join('；')}`,
          };
        }
        const name = normalizeName(row.name);
        if (name === '') return { ...base, outcome: 'invalid_input' as const, message: '姓名为空' };
        const cert = found.get(number.number);
        if (!cert || normalizeName(cert.holder_name) !== name) {
          return { ...base, outcome: 'not_found' as const, message: '未查到与证书编号和姓名相符的证书' };
        }
        return {
          ...base,
          outcome: effectiveStatus(cert.status, cert.valid_until, today),
          certificateTypeName: cert.certificate_type_name,
          level: cert.level,
          validUntil: cert.valid_until,
          message: null,
        };
      });
      const counts: Record<string, number> = Object.fromEntries(BATCH_VERIFY_OUTCOMES.map((o) => [o, 0]));
      for (const r of out) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
      await deps.audit.recordAlone(actor, {
        action: 'verification.batch',
        targetType: 'certificate',
        result: 'success',
        details: { source, total: out.length, counts },
      });
      return { total: out.length, counts, rows: out };
    },
  };
}
