import { decodeBase64, encodeBase64 } from './bytes.ts';
import { LedgerError } from './errors.ts';
import { HASH_SIZE, MAX_TREE_SIZE } from './merkle.ts';

/** C2SP tlog-checkpoint note text: origin, tree size, root hash, optional extension lines. */
export type Checkpoint = {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions?: string[];
};

function malformed(why: string): LedgerError {
  return new LedgerError('MALFORMED_CHECKPOINT', `malformed checkpoint: ${why}`);
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

function checkLine(line: string, what: string): void {
  if (line === '') throw malformed(`${what} is empty`);
  if (line.includes('\n')) throw malformed(`${what} contains a newline`);
}

/** C2SP tlog-checkpoint "Note text", each line newline-terminated, ready for `signNote`. */
export function formatCheckpoint(c: Checkpoint): string {
  checkLine(c.origin, 'origin');
  if (!Number.isSafeInteger(c.size) || c.size < 0 || c.size > MAX_TREE_SIZE) throw malformed('bad tree size');
  if (c.rootHash.length !== HASH_SIZE) throw malformed('root hash must be 32 bytes');
  const extensions = c.extensions ?? [];
  for (const e of extensions) checkLine(e, 'extension line');
  return [c.origin, String(c.size), encodeBase64(c.rootHash), ...extensions].map((l) => `${l}\n`).join('');
}

/**
 * Parses checkpoint note text (as returned by `openNote`). Strict: at least three non-empty lines,
 * size in decimal without leading zeros, root hash exactly 32 bytes of canonical base64,
 * extension lines non-empty. Returns `extensions` only when there are any.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('fewer than three lines');
  const [origin, sizeText, hashText, ...extensions] = lines as [string, string, string, ...string[]];
  checkLine(origin, 'origin');
  if (!DECIMAL.test(sizeText)) throw malformed('tree size must be decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size) || size > MAX_TREE_SIZE) throw malformed('tree size too large');
  const rootHash = decodeBase64(hashText, 'root hash', 'MALFORMED_CHECKPOINT');
  if (rootHash.length !== HASH_SIZE) throw malformed('root hash must be 32 bytes');
  for (const e of extensions) checkLine(e, 'extension line');
  return extensions.length > 0 ? { origin, size, rootHash, extensions } : { origin, size, rootHash };
}
