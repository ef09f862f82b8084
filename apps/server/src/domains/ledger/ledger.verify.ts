import { bytesEqual, toHex } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import {
  type HashReader,
  leafHash,
  type NoteVerifier,
  openNote,
  parseCheckpoint,
  planTreeHash,
  storedHashCount,
  storedHashesForLeafHash,
  treeHash,
} from '@anzheng/ledger';
import type { Kysely } from 'kysely';
import {
  countHashes,
  countSequenced,
  type LedgerCheckpointRow,
  listCheckpoints,
  listHashRange,
  listSequencedEntries,
} from './ledger.repository.ts';

export type LedgerVerifyResult =
  | { ok: true; size: number; checkpoints: number; rootHash: Uint8Array }
  | { ok: false; problem: string };

/**
 * Recomputes the whole tree from the stored entries (`anzheng log verify`): every leaf hash,
 * every stored hash, every checkpoint's root, origin and signature. Streams in batches and
 * keeps only the tree's frontier in memory, so it runs in constant memory.
 */
export async function verifyLedger(
  db: Kysely<Database>,
  options: { verifiers: readonly NoteVerifier[]; origin?: string; batchSize?: number },
): Promise<LedgerVerifyResult> {
  const batchSize = options.batchSize ?? 2_000;
  const fail = (problem: string): LedgerVerifyResult => ({ ok: false, problem });
  const size = await countSequenced(db);
  const checkpoints = await listCheckpoints(db);

  const bySize = new Map<number, LedgerCheckpointRow[]>();
  let previousSize = 0;
  for (const c of checkpoints) {
    const where = `检查点 #${c.id}（大小 ${c.tree_size}）`;
    let text: string;
    try {
      text = openNote(c.note, options.verifiers).text;
    } catch (error) {
      return fail(`${where}：签名无效（${(error as Error).message}）`);
    }
    let parsed: ReturnType<typeof parseCheckpoint>;
    try {
      parsed = parseCheckpoint(text);
    } catch (error) {
      return fail(`${where}：正文格式错误（${(error as Error).message}）`);
    }
    if (options.origin !== undefined && parsed.origin !== options.origin) {
      return fail(`${where}：origin 为 ${parsed.origin}，应为 ${options.origin}`);
    }
    if (parsed.size !== c.tree_size || !bytesEqual(parsed.rootHash, c.root_hash)) {
      return fail(`${where}：签名正文与存储的大小/根哈希不一致`);
    }
    if (c.tree_size < previousSize) {
      return fail(`${where}：树大小比之前的检查点（${previousSize}）小，日志回退`);
    }
    if (c.tree_size > size) return fail(`${where}：超出已排序的条目数 ${size}`);
    previousSize = c.tree_size;
    bySize.set(c.tree_size, [...(bySize.get(c.tree_size) ?? []), c]);
  }

  // Only the frontier (complete subtrees of the current size) is ever read when appending.
  let hashes = new Map<number, Uint8Array>();
  const reader: HashReader = {
    readHashes: (indexes) =>
      indexes.map((i) => {
        const h = hashes.get(i);
        if (!h) throw new Error(`stored hash ${i} not in the frontier`);
        return h;
      }),
  };
  const checkRoots = (n: number): string | undefined => {
    for (const c of bySize.get(n) ?? []) {
      if (!bytesEqual(treeHash(n, reader), c.root_hash)) {
        return `检查点 #${c.id}（大小 ${n}）：根哈希与由条目重算的不一致`;
      }
    }
    return undefined;
  };
  const atZero = checkRoots(0);
  if (atZero) return fail(atZero);

  for (let first = 0; first < size; first += batchSize) {
    const count = Math.min(batchSize, size - first);
    const rows = await listSequencedEntries(db, first, count);
    const hashFrom = storedHashCount(first);
    const stored = await listHashRange(db, hashFrom, storedHashCount(first + count));
    let at = 0;
    for (let k = 0; k < count; k++) {
      const n = first + k;
      const row = rows[k];
      if (row?.idx !== n) return fail(`位置 ${n}：缺少条目（排序有空洞）`);
      const leaf = leafHash(row.entry);
      if (!bytesEqual(leaf, row.leaf_hash)) {
        return fail(`位置 ${n}（条目 ${row.entry_id}）：条目内容与其叶哈希不一致`);
      }
      for (const h of storedHashesForLeafHash(n, leaf, reader)) {
        const index = hashFrom + at;
        const s = stored[at];
        if (s?.idx !== index) return fail(`存储哈希 ${index}：缺失`);
        if (!bytesEqual(h, s.hash)) {
          return fail(`存储哈希 ${index}（位置 ${n}）：应为 ${toHex(h)}，实际 ${toHex(s.hash)}`);
        }
        hashes.set(index, h);
        at++;
      }
      const problem = checkRoots(n + 1);
      if (problem) return fail(problem);
      if ((n + 1) % 256 === 0 || k === count - 1) {
        const keep = planTreeHash(n + 1).indexes;
        hashes = new Map(keep.map((i) => [i, hashes.get(i)!]));
      }
    }
  }
  const hashCount = await countHashes(db);
  if (hashCount !== storedHashCount(size)) {
    return fail(`存储哈希共 ${hashCount} 个，大小为 ${size} 的树应有 ${storedHashCount(size)} 个`);
  }
  return { ok: true, size, checkpoints: checkpoints.length, rootHash: treeHash(size, reader) };
}
