import { canonicalize, fromBase64, utf8Decode } from '@anzheng/crypto';
import { type Checkpoint, checkRecord, leafHash } from '@anzheng/ledger';
import type { CertificateEntryData, LoggedEntry } from './formats.ts';
import type { Failures } from './result.ts';

/** A ledger entry: the JCS of `{kind, subject, data, at}` (docs/transparency-log.md). */
export interface ParsedEntry {
  kind: string;
  subject: string;
  data: CertificateEntryData;
  at: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isLoggedEntryShape(v: unknown): v is LoggedEntry {
  if (!isObject(v)) return false;
  return (
    typeof v.entry === 'string' &&
    Number.isSafeInteger(v.index) &&
    (v.index as number) >= 0 &&
    Number.isSafeInteger(v.treeSize) &&
    (v.treeSize as number) >= 1 &&
    Array.isArray(v.proof) &&
    v.proof.every((h) => typeof h === 'string')
  );
}

/** Decodes and parses the entry bytes; they must be exactly RFC 8785 JCS of {kind, subject, data, at}. */
export function parseEntry(failures: Failures, field: string, logged: LoggedEntry): ParsedEntry | undefined {
  let text: string;
  try {
    text = utf8Decode(fromBase64(logged.entry));
  } catch {
    failures.add('ENTRY_MISMATCH', `${field}.entry`, `${field}.entry 不是 base64 编码的 UTF-8 文本`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    failures.add('ENTRY_MISMATCH', `${field}.entry`, `${field}.entry 不是 JSON`);
    return undefined;
  }
  if (canonicalize(parsed) !== text) {
    failures.add('ENTRY_MISMATCH', `${field}.entry`, `${field}.entry 不是 RFC 8785 规范化 JSON（JCS）`);
    return undefined;
  }
  const e = parsed as Record<string, unknown>;
  const keys = isObject(e) ? Object.keys(e).sort().join(',') : '';
  if (
    keys !== 'at,data,kind,subject' ||
    typeof e.kind !== 'string' ||
    typeof e.subject !== 'string' ||
    typeof e.at !== 'string' ||
    !isObject(e.data)
  ) {
    failures.add(
      'ENTRY_MISMATCH',
      `${field}.entry`,
      `${field}.entry 应恰好包含 kind、subject、data、at 四个字段`,
    );
    return undefined;
  }
  return e as unknown as ParsedEntry;
}

/**
 * RFC 9162 §2.1.3.2: the entry's leaf hash (0x00 ‖ entry) is at `index` in the tree of `treeSize`
 * whose root the checkpoint signs; `treeSize` must be the checkpoint's size.
 */
export function checkInclusion(
  failures: Failures,
  field: string,
  logged: LoggedEntry,
  checkpoint: Checkpoint,
): void {
  if (logged.treeSize !== checkpoint.size) {
    failures.add(
      'TREE_SIZE_MISMATCH',
      `${field}.treeSize`,
      `${field}.treeSize ${logged.treeSize} 与检查点的树大小 ${checkpoint.size} 不符`,
    );
    return;
  }
  let ok = false;
  try {
    const proof = logged.proof.map((h) => fromBase64(h));
    ok = checkRecord(
      proof,
      logged.treeSize,
      checkpoint.rootHash,
      logged.index,
      leafHash(fromBase64(logged.entry)),
    );
  } catch {
    ok = false;
  }
  if (!ok) {
    failures.add(
      'INCLUSION_PROOF_INVALID',
      `${field}.proof`,
      `${field} 的包含证明无效：第 ${logged.index} 条记录不能由证明推出检查点（大小 ${checkpoint.size}）的根哈希`,
    );
  }
}
