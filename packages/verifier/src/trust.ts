import { parseVerifierKey } from '@anzheng/ledger';
import type { DetachedSignature, TrustedKey, TrustList } from './formats.ts';
import { type CheckFailure, Failures } from './result.ts';
import { derivedKeyId, keyValidAt, SUITES, signatureVerifies } from './signatures.ts';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

export const isIsoTime = (s: unknown): s is string =>
  typeof s === 'string' && ISO_TIME.test(s) && !Number.isNaN(Date.parse(s));

/** The part of the trust list its signatures cover: everything but `signatures`. */
export function trustListPayload(list: TrustList): Omit<TrustList, 'signatures'> {
  const { signatures: _signatures, ...payload } = list;
  return payload;
}

function checkKeyShape(failures: Failures, key: TrustedKey, i: number, seen: Set<string>): void {
  const field = `trust.keys[${i}]`;
  const bad = (what: string): void =>
    failures.add('TRUST_LIST_MALFORMED', field, `信任列表 ${field}：${what}`);
  if (typeof key !== 'object' || key === null) {
    bad('不是对象');
    return;
  }
  if (typeof key.keyId !== 'string' || key.keyId === '') {
    bad('缺少 keyId');
    return;
  }
  if (seen.has(key.keyId)) bad(`keyId「${key.keyId}」重复`);
  seen.add(key.keyId);
  if (key.purpose !== 'issuer' && key.purpose !== 'trust') bad('purpose 应为 issuer 或 trust');
  if (!(SUITES as readonly string[]).includes(key.suite)) {
    bad(`suite「${String(key.suite)}」不受支持`);
    return;
  }
  const derived = typeof key.publicKey === 'string' ? derivedKeyId(key) : undefined;
  if (!derived) {
    bad('publicKey 缺失或不是该算法的有效公钥');
    return;
  }
  // The key id is `<suite>:<id>` (the server's form) or `<id>`, with <id> as @anzheng/crypto derives
  // it: hex of the first 8 bytes of SHA-256(suite ‖ 0x00 ‖ raw public key).
  if (key.keyId !== `${key.suite}:${derived}` && key.keyId !== derived) {
    bad(`keyId「${key.keyId}」与公钥不符（应为 ${key.suite}:${derived}）`);
  }
  if (!isIsoTime(key.validFrom)) bad('validFrom 不是 ISO 8601 时间');
  if (key.validUntil !== null && !isIsoTime(key.validUntil)) bad('validUntil 不是 ISO 8601 时间或 null');
}

/** Shape of a trust list; returns the failures (TRUST_LIST_MALFORMED). */
export function checkTrustListShape(list: unknown): CheckFailure[] {
  const failures = new Failures();
  const l = list as TrustList;
  const bad = (field: string, what: string) =>
    failures.add('TRUST_LIST_MALFORMED', `trust.${field}`, `信任列表 trust.${field}：${what}`);
  if (typeof l !== 'object' || l === null) {
    bad('type', '不是 JSON 对象');
    return failures.list;
  }
  if (l.type !== 'anzheng-trust-list/v1') bad('type', '应为 anzheng-trust-list/v1');
  if (!Number.isSafeInteger(l.version) || l.version < 1) bad('version', '应为正整数');
  for (const f of ['issuedAt', 'validFrom', 'validUntil'] as const) {
    if (!isIsoTime(l[f])) bad(f, '不是 ISO 8601 时间');
  }
  if (typeof l.log !== 'object' || l.log === null || typeof l.log.origin !== 'string') {
    bad('log.origin', '缺少日志 origin');
  }
  try {
    parseVerifierKey(l.log?.verifierKey);
  } catch {
    bad('log.verifierKey', '不是有效的 C2SP 签名笔记验证密钥 <name>+<id>+<key>');
  }
  if (!Array.isArray(l.keys)) bad('keys', '应为数组');
  else {
    const seen = new Set<string>();
    l.keys.forEach((k, i) => {
      checkKeyShape(failures, k, i, seen);
    });
  }
  if (!Array.isArray(l.signatures) || l.signatures.length === 0) bad('signatures', '缺少签名');
  return failures.list;
}

/** Signatures on `list` that verify with a 'trust' key of `signers` valid at list.issuedAt. */
function verifiedSignatures(list: TrustList, signers: readonly TrustedKey[]): DetachedSignature[] {
  const payload = trustListPayload(list);
  return (Array.isArray(list.signatures) ? list.signatures : []).filter((sig) => {
    const key = signers.find((k) => k.purpose === 'trust' && k.keyId === sig?.keyId);
    return key !== undefined && keyValidAt(key, list.issuedAt) && signatureVerifies(key, payload, sig);
  });
}

export interface TrustCheck {
  ok: boolean;
  failures: CheckFailure[];
}

/**
 * A trust list on its own: shape, validity window at `now`, and self-consistency — every signature
 * by a key it lists must verify, and at least one must be by one of its own 'trust' keys (a
 * version-1 list is self-signed; later versions carry the previous trust key's signature and the
 * current one's). With `previous`, the update rule of `verifyTrustListUpdate` applies as well.
 */
export function verifyTrustList(list: unknown, options: { now?: Date; previous?: unknown } = {}): TrustCheck {
  const shape = checkTrustListShape(list);
  if (shape.length > 0) return { ok: false, failures: shape };
  const l = list as TrustList;
  const failures = new Failures();
  const now = options.now ?? new Date();
  checkValidityWindow(failures, l, now);
  failures.list.push(...signatureFailures(l, options.previous === undefined));
  if (options.previous !== undefined)
    failures.list.push(...verifyTrustListUpdate(options.previous, l).failures);
  return { ok: failures.size === 0, failures: failures.list };
}

/**
 * The time-independent checks of a list (shape and signatures), remembered per list object: a
 * verifier checks many bundles against one parsed list, and these checks cost several signature
 * verifications. A list object is treated as immutable once it has been checked.
 */
const checkedLists = new WeakMap<object, { shape: CheckFailure[]; signatures: CheckFailure[] }>();

/** `verifyTrustList` for a list used many times: shape and signatures are checked once per object. */
export function verifyTrustListCached(list: unknown, options: { now?: Date } = {}): TrustCheck {
  if (typeof list !== 'object' || list === null) return verifyTrustList(list, options);
  let checked = checkedLists.get(list);
  if (!checked) {
    const shape = checkTrustListShape(list);
    checked = { shape, signatures: shape.length > 0 ? [] : signatureFailures(list as TrustList, true) };
    checkedLists.set(list, checked);
  }
  if (checked.shape.length > 0) return { ok: false, failures: checked.shape };
  const failures = new Failures();
  checkValidityWindow(failures, list as TrustList, options.now ?? new Date());
  failures.list.push(...checked.signatures);
  return { ok: failures.size === 0, failures: failures.list };
}

function checkValidityWindow(failures: Failures, l: TrustList, now: Date): void {
  if (now.getTime() < Date.parse(l.validFrom) || now.getTime() > Date.parse(l.validUntil)) {
    failures.add(
      'TRUST_LIST_EXPIRED',
      'trust.validUntil',
      `信任列表第 ${l.version} 版的有效期为 ${l.validFrom} 至 ${l.validUntil}，不含验证时间 ${now.toISOString()}；请获取最新信任列表`,
    );
  }
}

/** Every signature by a key the list names must verify; without a previous list one must be by its own trust key. */
function signatureFailures(l: TrustList, requireOwnTrustKey: boolean): CheckFailure[] {
  const failures = new Failures();
  const payload = trustListPayload(l);
  let ownTrustSignatures = 0;
  l.signatures.forEach((sig, i) => {
    const key = l.keys.find((k) => k.keyId === sig?.keyId);
    if (!key) return;
    if (!signatureVerifies(key, payload, sig)) {
      failures.add(
        'TRUST_LIST_SIGNATURE_INVALID',
        `trust.signatures[${i}]`,
        `信任列表签名 trust.signatures[${i}]（密钥 ${sig.keyId}）验证失败：列表内容被改动`,
      );
    } else if (key.purpose === 'trust' && keyValidAt(key, l.issuedAt)) {
      ownTrustSignatures += 1;
    }
  });
  if (ownTrustSignatures === 0 && requireOwnTrustKey) {
    failures.add(
      'TRUST_LIST_SIGNATURE_INVALID',
      'trust.signatures',
      '信任列表没有由其自身所列 trust 用途密钥作出的有效签名',
    );
  }
  return failures.list;
}

/**
 * Trust list rotation: `next` must be a higher version than `previous` and signed by a 'trust' key
 * listed in `previous`, so a verifier that refreshes its list never has to trust a new key blindly.
 */
export function verifyTrustListUpdate(previous: unknown, next: unknown): TrustCheck {
  const shape = [...checkTrustListShape(previous), ...checkTrustListShape(next)];
  if (shape.length > 0) return { ok: false, failures: shape };
  const old = previous as TrustList;
  const neu = next as TrustList;
  const failures = new Failures();
  if (neu.version <= old.version) {
    failures.add(
      'TRUST_LIST_SIGNATURE_INVALID',
      'trust.version',
      `新信任列表的版本 ${neu.version} 不高于已有的第 ${old.version} 版，拒绝回退`,
    );
  }
  if (verifiedSignatures(neu, old.keys).length === 0) {
    failures.add(
      'TRUST_LIST_SIGNATURE_INVALID',
      'trust.signatures',
      `新信任列表（第 ${neu.version} 版）没有由第 ${old.version} 版所列 trust 用途密钥作出的有效签名，拒绝更新`,
    );
  }
  return { ok: failures.size === 0, failures: failures.list };
}
