import { canonicalBytes, concatBytes, fromBase64url, sha256, toHex, utf8Encode } from '@anzheng/crypto';
import type { Checkpoint } from '@anzheng/ledger';
import { verifyCheckpoint } from './checkpoint.ts';
import { checkInclusion, isLoggedEntryShape, type ParsedEntry, parseEntry } from './entries.ts';
import type {
  CertificateBundle,
  CertificateClaims,
  StatusStatement,
  TrustedKey,
  TrustList,
} from './formats.ts';
import {
  type CheckFailure,
  Failures,
  LEVEL_LABEL,
  OUTCOME_LABEL,
  type Outcome,
  type VerificationResult,
} from './result.ts';
import { checkIssuerSignature } from './signatures.ts';
import { isIsoTime, verifyTrustList, verifyTrustListCached } from './trust.ts';

export interface VerifyOptions {
  /** The time to verify for (default: the current time). */
  now?: Date;
  /** A status statement newer than the bundle's own (e.g. fetched later; CLI `--checkpoint`). */
  status?: StatusStatement;
  /** How old the freshest status statement may be before the outcome is `status_unknown` (default 24 h). */
  maxStatusAgeMs?: number;
  /** The holder's own data, checked against the claims' salted commitment. */
  holder?: { idNumber: string; name: string };
  /** The trust list the verifier had before (`--previous-trust`): `trust` must be a signed update of it. */
  previousTrust?: TrustList;
}

export const DEFAULT_MAX_STATUS_AGE_MS = 24 * 60 * 60 * 1000;

const STATUSES = ['valid', 'suspended', 'revoked', 'cancelled', 'expired', 'replaced'] as const;

/** hex SHA-256(salt ‖ UTF-8(ID number) ‖ UTF-8(name)) — the holder commitment of CertificateClaims. */
export function holderCommitment(salt: Uint8Array, idNumber: string, name: string): string {
  return toHex(sha256(concatBytes(salt, utf8Encode(idNumber), utf8Encode(name))));
}

/** hex SHA-256 of JCS(claims) — CertificateEntryData.claimsDigest. */
export function claimsDigest(claims: CertificateClaims): string {
  return toHex(sha256(canonicalBytes(claims)));
}

/** Start / end instants of a validity given as a date (Asia/Shanghai, whole days) or an ISO time. */
function validityStart(d: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T00:00:00+08:00`) : Date.parse(d);
}
function validityEnd(d: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T23:59:59.999+08:00`) : Date.parse(d);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isDate = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(validityStart(v));

function checkBundleShape(failures: Failures, bundle: unknown): bundle is CertificateBundle {
  const bad = (field: string, what: string) =>
    failures.add('BUNDLE_MALFORMED', field, `证书包 ${field}：${what}`);
  if (!isObject(bundle)) {
    bad('type', '不是 JSON 对象');
    return false;
  }
  if (bundle.type !== 'anzheng-certificate-bundle/v1') bad('type', '应为 anzheng-certificate-bundle/v1');
  const c = bundle.claims as CertificateClaims;
  if (!isObject(c)) bad('claims', '缺少证书声明');
  else {
    if (c.v !== 1) bad('claims.v', '格式版本应为 1');
    for (const f of ['number', 'elicenseId', 'level', 'firstIssuedOn'] as const) {
      if (typeof c[f] !== 'string') bad(`claims.${f}`, '缺少或不是字符串');
    }
    if (!isObject(c.type) || typeof c.type.code !== 'string' || typeof c.type.name !== 'string')
      bad('claims.type', '应为 {code, name}');
    if (!isObject(c.issuer) || typeof c.issuer.code !== 'string' || typeof c.issuer.name !== 'string')
      bad('claims.issuer', '应为 {code, name}');
    if (!isObject(c.holder) || typeof c.holder.name !== 'string' || typeof c.holder.commitment !== 'string')
      bad('claims.holder', '应为 {name, commitment}');
    if (!isDate(c.validFrom)) bad('claims.validFrom', '不是日期');
    if (!isDate(c.validUntil)) bad('claims.validUntil', '不是日期');
    if (!isIsoTime(c.issuedAt)) bad('claims.issuedAt', '不是 ISO 8601 时间');
    if (!Number.isSafeInteger(c.claimsVersion)) bad('claims.claimsVersion', '应为整数');
  }
  if (typeof bundle.holderSalt !== 'string') bad('holderSalt', '缺少持证人承诺的盐值');
  if (
    !isLoggedEntryShape(bundle.log) ||
    typeof (bundle.log as { checkpoint?: unknown }).checkpoint !== 'string'
  )
    bad('log', '应为 {entry, index, treeSize, proof, checkpoint}');
  if (!isObject(bundle.status)) bad('status', '缺少状态声明');
  return failures.size === 0;
}

function checkStatementShape(failures: Failures, field: string, st: unknown): st is StatusStatement {
  const before = failures.size;
  const bad = (f: string, what: string) =>
    failures.add('BUNDLE_MALFORMED', `${field}.${f}`, `状态声明 ${field}.${f}：${what}`);
  if (!isObject(st)) {
    bad('type', '不是 JSON 对象');
    return false;
  }
  if (st.type !== 'anzheng-certificate-status/v1') bad('type', '应为 anzheng-certificate-status/v1');
  if (typeof st.number !== 'string') bad('number', '缺少证书编号');
  if (!(STATUSES as readonly unknown[]).includes(st.status))
    bad('status', `应为 ${STATUSES.join('、')} 之一`);
  if (!isIsoTime(st.asOf)) bad('asOf', '不是 ISO 8601 时间');
  if (typeof st.checkpoint !== 'string') bad('checkpoint', '缺少检查点');
  if (!Array.isArray(st.events) || st.events.length === 0) bad('events', '应为非空数组');
  else {
    st.events.forEach((e, i) => {
      if (!isLoggedEntryShape(e)) bad(`events[${i}]`, '不是带包含证明的日志条目');
    });
  }
  return failures.size === before;
}

interface StatementFacts {
  status: StatusStatement['status'];
  asOf: string;
  checkpointSize: number;
  last?: ParsedEntry;
}

/**
 * A status statement: issuer signature (key valid at asOf), its checkpoint signed by the log key,
 * every event proven against that checkpoint and for this number, in log order, including the
 * bundle's own entry, and the stated status = the status after the last event.
 */
function checkStatement(
  failures: Failures,
  field: string,
  st: StatusStatement,
  bundle: CertificateBundle,
  trust: TrustList,
  keys: readonly TrustedKey[],
): StatementFacts | undefined {
  if (!checkStatementShape(failures, field, st)) return undefined;
  const { signature, ...unsigned } = st;
  checkIssuerSignature(
    failures,
    `${field}.signature`,
    keys,
    unsigned,
    signature,
    st.asOf,
    bundle.claims.issuer.code,
  );
  const number = bundle.claims.number;
  if (st.number !== number) {
    failures.add(
      'STATUS_INCONSISTENT',
      `${field}.number`,
      `状态声明的证书编号 ${st.number} 与证书 ${number} 不符`,
    );
  }
  const cp = verifyCheckpoint(st.checkpoint, trust, `${field}.checkpoint`);
  if (!cp.ok) failures.add(cp.failure.code, cp.failure.field, cp.failure.message);
  let last: ParsedEntry | undefined;
  let previousIndex = -1;
  let hasBundleEntry = false;
  st.events.forEach((ev, i) => {
    const f = `${field}.events[${i}]`;
    if (cp.ok) checkInclusion(failures, f, ev, cp.checkpoint);
    if (ev.index <= previousIndex) {
      failures.add('STATUS_INCONSISTENT', `${f}.index`, `${f} 未按日志顺序排列（位置 ${ev.index}）`);
    }
    previousIndex = ev.index;
    if (ev.index === bundle.log.index && ev.entry === bundle.log.entry) hasBundleEntry = true;
    const parsed = parseEntry(failures, f, ev);
    if (!parsed) return;
    if (!parsed.kind.startsWith('certificate.') || parsed.subject !== st.number) {
      failures.add(
        'STATUS_INCONSISTENT',
        `${f}.entry`,
        `${f} 是「${parsed.kind}」/「${parsed.subject}」的记录，不是证书 ${st.number} 的事件`,
      );
    }
    last = parsed;
  });
  if (!hasBundleEntry && (!cp.ok || cp.checkpoint.size >= bundle.log.treeSize)) {
    failures.add(
      'STATUS_INCONSISTENT',
      `${field}.events`,
      `状态声明的事件中没有证书包所记录的日志条目（位置 ${bundle.log.index}）`,
    );
  }
  // The issuer states `expired` once the last day has passed, before its expiry job logs
  // `certificate.expired`: consistent when the logged validity has ended by asOf.
  const expiredByDate =
    st.status === 'expired' &&
    last?.data.status === 'valid' &&
    Date.parse(st.asOf) > validityEnd(last.data.validUntil);
  if (last && last.data.status !== st.status && !expiredByDate) {
    failures.add(
      'STATUS_INCONSISTENT',
      `${field}.status`,
      `状态声明称证书状态为「${st.status}」，但日志中最后一个事件之后的状态为「${String(last.data.status)}」`,
    );
  }
  return { status: st.status, asOf: st.asOf, checkpointSize: cp.ok ? cp.checkpoint.size : 0, last };
}

/** The bundle's own log entry: it must log exactly these claims. */
function checkBundleEntry(failures: Failures, bundle: CertificateBundle, entry: ParsedEntry): void {
  const c = bundle.claims;
  const mismatch = (f: string, what: string) =>
    failures.add('ENTRY_MISMATCH', `log.entry.${f}`, `日志条目的 ${f} ${what}`);
  if (!entry.kind.startsWith('certificate.')) mismatch('kind', `「${entry.kind}」不是 certificate.* 事件`);
  if (entry.subject !== c.number) mismatch('subject', `「${entry.subject}」与证书编号 ${c.number} 不符`);
  const d = entry.data;
  if (d.claimsDigest !== claimsDigest(c)) mismatch('data.claimsDigest', '与证书声明的 SHA-256 摘要不符');
  if (d.holderCommitment !== c.holder.commitment)
    mismatch('data.holderCommitment', '与证书声明中的持证人承诺不符');
  if (d.validFrom !== c.validFrom)
    mismatch('data.validFrom', `${String(d.validFrom)} 与证书的 ${c.validFrom} 不符`);
  if (d.validUntil !== c.validUntil)
    mismatch('data.validUntil', `${String(d.validUntil)} 与证书的 ${c.validUntil} 不符`);
}

function checkHolder(
  failures: Failures,
  bundle: CertificateBundle,
  holder: { idNumber: string; name: string },
): void {
  let salt: Uint8Array | undefined;
  try {
    salt = fromBase64url(bundle.holderSalt);
  } catch {
    salt = undefined;
  }
  if (salt?.length !== 16) {
    failures.add(
      'HOLDER_MISMATCH',
      'holderSalt',
      '证书包的 holderSalt 不是 16 字节的 base64url 值，无法核对持证人',
    );
    return;
  }
  if (holderCommitment(salt, holder.idNumber, holder.name) !== bundle.claims.holder.commitment) {
    failures.add(
      'HOLDER_MISMATCH',
      'claims.holder.commitment',
      '所给持证人身份证件号码和姓名与证书的持证人承诺不符',
    );
  }
}

function describe(c: CertificateClaims | undefined): string {
  if (!c) return '';
  return [c.number, LEVEL_LABEL[c.level] ?? c.level, c.type?.name, c.holder?.name, c.issuer?.name]
    .filter((s) => typeof s === 'string' && s !== '')
    .join(' ');
}

/** 24 h → "24 小时", 30 min → "30 分钟". */
function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000} 小时`;
  return `${Math.round(ms / 60_000)} 分钟`;
}

function summarize(
  r: Omit<VerificationResult, 'summary'>,
  claims: CertificateClaims | undefined,
  maxAgeMs: number,
): string {
  const label = OUTCOME_LABEL[r.outcome];
  const what = describe(claims);
  const at = r.status ? `截至 ${r.status.asOf}，检查点 ${r.status.checkpointSize}` : '';
  switch (r.outcome) {
    case 'invalid':
      return `${label}: ${what ? `${what} — ` : ''}${r.failures.map((f) => `[${f.code}] ${f.message}`).join('；')}`;
    case 'expired':
      return `${label}（有效期 ${r.certificate?.validFrom} 至 ${r.certificate?.validUntil}，验证时间 ${r.now}）[EXPIRED]: ${what}`;
    case 'status_unknown':
      return `${label}（最新状态声明截至 ${r.status?.asOf}，已超过 ${formatDuration(maxAgeMs)}，无法确认未被吊销；请获取新的状态声明）[STATUS_UNKNOWN]: ${what}`;
    case 'valid':
      return `${label}（${at}）: ${what} 有效期至 ${r.certificate?.validUntil}${r.superseded ? '（日志中已有更新版本的证书声明）' : ''}`;
    default:
      return `${label}（${at}）[${r.outcome.toUpperCase()}]: ${what}`;
  }
}

/**
 * Verifies a certificate bundle fully offline against a trust list (docs in README.md). Never throws
 * on bad input: everything wrong is a failure with a stable code.
 */
export function verifyBundle(
  bundle: unknown,
  trust: unknown,
  options: VerifyOptions = {},
): VerificationResult {
  const now = options.now ?? new Date();
  const maxAgeMs = options.maxStatusAgeMs ?? DEFAULT_MAX_STATUS_AGE_MS;
  const failures = new Failures();

  const trustCheck =
    options.previousTrust === undefined
      ? verifyTrustListCached(trust, { now })
      : verifyTrustList(trust, { now, previous: options.previousTrust });
  failures.list.push(...trustCheck.failures);
  const trustOk = !trustCheck.failures.some((f) => f.code === 'TRUST_LIST_MALFORMED');
  const t = trust as TrustList;
  const keys = trustOk ? t.keys : [];

  const finish = (
    r: Omit<VerificationResult, 'summary' | 'failures' | 'now'>,
    claims?: CertificateClaims,
  ): VerificationResult => {
    const full = { ...r, failures: failures.list, now: now.toISOString() };
    if (failures.size > 0) full.outcome = 'invalid';
    return { ...full, summary: summarize(full, claims, maxAgeMs) };
  };

  if (!checkBundleShape(failures, bundle) || !trustOk)
    return finish({ outcome: 'invalid' }, (bundle as CertificateBundle)?.claims);
  const c = bundle.claims;
  const certificate = {
    number: c.number,
    type: c.type.name,
    level: c.level,
    holderName: c.holder.name,
    issuer: c.issuer.name,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
  };

  // The claims signature.
  checkIssuerSignature(failures, 'signature', keys, c, bundle.signature, c.issuedAt, c.issuer.code);

  // The log entry, its inclusion, and the checkpoint.
  const cp = verifyCheckpoint(bundle.log.checkpoint, t);
  if (!cp.ok) failures.add(cp.failure.code, cp.failure.field, cp.failure.message);
  const logCheckpoint: Checkpoint | undefined = cp.ok ? cp.checkpoint : undefined;
  if (logCheckpoint) checkInclusion(failures, 'log', bundle.log, logCheckpoint);
  const entry = parseEntry(failures, 'log', bundle.log);
  if (entry) checkBundleEntry(failures, bundle, entry);

  if (options.holder) checkHolder(failures, bundle, options.holder);

  // Status: the newer statement given, else the bundle's own.
  const source = options.status !== undefined ? 'option' : 'bundle';
  const field = source === 'option' ? 'statusOption' : 'status';
  const st = (options.status ?? bundle.status) as StatusStatement;
  const facts = checkStatement(failures, field, st, bundle, t, keys);
  if (facts && logCheckpoint && facts.checkpointSize > 0 && facts.checkpointSize < logCheckpoint.size) {
    failures.add(
      'CHECKPOINT_OLDER',
      `${field}.checkpoint`,
      `状态声明的检查点（大小 ${facts.checkpointSize}）比证书包的检查点（大小 ${logCheckpoint.size}）旧`,
    );
  }

  const base = { certificate, checkpointSize: logCheckpoint?.size };
  if (failures.size > 0 || !facts) return finish({ outcome: 'invalid', ...base }, c);
  const status = {
    status: facts.status,
    asOf: facts.asOf,
    checkpointSize: facts.checkpointSize,
    source,
    ageMs: now.getTime() - Date.parse(facts.asOf),
  } as const;
  const superseded = facts.last !== undefined && facts.last.data.claimsDigest !== claimsDigest(c);
  // When the log holds later claims (renewal, extension), their logged validity is the one in force.
  const validity = superseded && facts.last ? facts.last.data : c;
  let outcome: Outcome;
  if (
    facts.status === 'revoked' ||
    facts.status === 'suspended' ||
    facts.status === 'cancelled' ||
    facts.status === 'replaced'
  ) {
    outcome = facts.status;
  } else if (
    facts.status === 'expired' ||
    now.getTime() < validityStart(validity.validFrom) ||
    now.getTime() > validityEnd(validity.validUntil)
  ) {
    outcome = 'expired';
  } else if (status.ageMs > maxAgeMs) {
    outcome = 'status_unknown';
  } else {
    outcome = 'valid';
  }
  return finish(
    {
      outcome,
      ...base,
      certificate: { ...certificate, validFrom: validity.validFrom, validUntil: validity.validUntil },
      status,
      ...(superseded ? { superseded } : {}),
    },
    c,
  );
}

export type { CheckFailure };
