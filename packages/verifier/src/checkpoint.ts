import { type Checkpoint, LedgerError, openNote, parseCheckpoint, parseVerifierKey } from '@anzheng/ledger';
import type { TrustList } from './formats.ts';
import type { CheckFailure } from './result.ts';

export type CheckpointCheck = { ok: true; checkpoint: Checkpoint } | { ok: false; failure: CheckFailure };

/**
 * A checkpoint note (C2SP signed-note, tlog-checkpoint body): a signature by the trust list's log
 * key must verify (`CHECKPOINT_SIGNATURE_INVALID`) and its origin line must be the trust list's
 * origin (`CHECKPOINT_ORIGIN_MISMATCH`).
 */
export function verifyCheckpoint(
  note: unknown,
  trust: Pick<TrustList, 'log'>,
  field = 'log.checkpoint',
): CheckpointCheck {
  // Many bundles (and a bundle's own status statement) share a checkpoint: a note that verified
  // once for a log key and origin is remembered (failures are not: they name the field).
  const cacheKey =
    typeof note === 'string' && typeof trust?.log?.verifierKey === 'string'
      ? `${trust.log.origin}\n${trust.log.verifierKey}\n${note}`
      : undefined;
  const cached = cacheKey === undefined ? undefined : verified.get(cacheKey);
  if (cached) return cached;
  const result = checkCheckpoint(note, trust, field);
  if (cacheKey !== undefined && result.ok) {
    if (verified.size >= MAX_CACHED) verified.clear();
    verified.set(cacheKey, result);
  }
  return result;
}

const MAX_CACHED = 1_000;
const verified = new Map<string, CheckpointCheck>();

function checkCheckpoint(note: unknown, trust: Pick<TrustList, 'log'>, field: string): CheckpointCheck {
  const fail = (code: CheckFailure['code'], message: string): CheckpointCheck => ({
    ok: false,
    failure: { code, field, message },
  });
  if (typeof note !== 'string') return fail('CHECKPOINT_SIGNATURE_INVALID', `${field} 缺少检查点`);
  let text: string;
  try {
    const verifier = parseVerifierKey(trust.log.verifierKey);
    text = openNote(note, [verifier]).text;
  } catch (e) {
    const why =
      e instanceof LedgerError && e.code === 'NOTE_UNVERIFIED'
        ? '没有信任列表中日志密钥的签名'
        : e instanceof LedgerError && e.code === 'NOTE_SIGNATURE_INVALID'
          ? '日志密钥的签名验证失败（检查点被改动）'
          : '不是有效的签名笔记';
    return fail('CHECKPOINT_SIGNATURE_INVALID', `${field} 检查点${why}`);
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(text);
  } catch {
    return fail('CHECKPOINT_SIGNATURE_INVALID', `${field} 签名的内容不是 tlog-checkpoint 格式`);
  }
  if (checkpoint.origin !== trust.log.origin) {
    return fail(
      'CHECKPOINT_ORIGIN_MISMATCH',
      `${field} 检查点的日志来源「${checkpoint.origin}」与信任列表的「${trust.log.origin}」不符`,
    );
  }
  return { ok: true, checkpoint };
}
