import { bytesEqual } from './bytes.ts';
import { LedgerError } from './errors.ts';
import { assertTreeSize, HASH_SIZE, nodeHash } from './merkle.ts';
import {
  type AsyncHashReader,
  type HashPlan,
  type HashReader,
  runPlan,
  runPlanAsync,
  splitStoredHashIndex,
  storedHashIndex,
} from './stored-hashes.ts';

/** C2SP tlog-tiles: tiles are 8 levels high, 256 hashes when full. */
export const TILE_HEIGHT = 8;

/** Go tlog's level −1: the tile holds the records themselves (C2SP tlog-tiles "entry bundles"). */
export const ENTRY_BUNDLE_LEVEL = -1;

/**
 * A tile of height h at `level` L, number `n`, lists `width` consecutive stored hashes at tree level
 * h·L starting at offset n·2^h (C2SP tlog-tiles "Merkle Tree"; Go tlog `Tile`). Full when width = 2^h.
 * C2SP fixes h = 8; other heights are accepted by the tile math (tests use small ones to exercise
 * many tile boundaries) but not by `tilePath`.
 */
export type Tile = { h: number; level: number; n: number; width: number };

/** A tree size and its root hash — a verified checkpoint is one. */
export type TreeHead = { size: number; rootHash: Uint8Array };

function fullWidth(h: number): number {
  return 2 ** h;
}

function assertTile(t: Tile, allowEntries = false): void {
  const ok =
    Number.isInteger(t.h) &&
    t.h >= 1 &&
    t.h <= 30 &&
    Number.isInteger(t.level) &&
    t.level >= (allowEntries ? ENTRY_BUNDLE_LEVEL : 0) &&
    t.level <= 63 &&
    Number.isSafeInteger(t.n) &&
    t.n >= 0 &&
    Number.isInteger(t.width) &&
    t.width >= 1 &&
    t.width <= fullWidth(t.h);
  if (!ok) throw new LedgerError('INVALID_ARGUMENT', `invalid tile ${JSON.stringify(t)}`);
}

/** The tile storing a stored hash, with the hash range inside the tile's data that rebuilds it. */
function locate(h: number, index: number): { tile: Tile; start: number; end: number } {
  const split = splitStoredHashIndex(index);
  const level = Math.floor(split.level / h);
  const within = split.level - level * h;
  const tileN = Math.floor((split.n * 2 ** within) / fullWidth(h));
  const nInTile = split.n - (tileN * fullWidth(h)) / 2 ** within;
  return {
    tile: { h, level, n: tileN, width: (nInTile + 1) * 2 ** within },
    start: nInTile * 2 ** within,
    end: (nInTile + 1) * 2 ** within,
  };
}

/** The tile of height h and least width that stores (or can rebuild) the given stored hash. */
export function tileForIndex(h: number, index: number): Tile {
  if (!Number.isInteger(h) || h < 1 || h > 30)
    throw new LedgerError('INVALID_ARGUMENT', `bad tile height ${h}`);
  return locate(h, index).tile;
}

/** Hash of the complete subtree whose 2^k leaves at the tile's level are the hashes in `data`. */
function tileHash(data: Uint8Array): Uint8Array {
  if (data.length === HASH_SIZE) return data;
  const mid = data.length / 2;
  return nodeHash(tileHash(data.subarray(0, mid)), tileHash(data.subarray(mid)));
}

/**
 * The stored hash at `index`, from the data of `tile` (which must be `tileForIndex(tile.h, index)`
 * or a wider version of it). Hashes between tile levels are recomputed (C2SP tlog-tiles: "The Merkle
 * Tree levels between those expressed by the tile hashes are reconstructed by hashing the leaves").
 */
export function hashFromTile(tile: Tile, data: Uint8Array, index: number): Uint8Array {
  assertTile(tile);
  if (data.length < tile.width * HASH_SIZE) {
    throw new LedgerError(
      'INCONSISTENT_TILE',
      `tile data of ${data.length} bytes is too short for width ${tile.width}`,
    );
  }
  const at = locate(tile.h, index);
  if (at.tile.level !== tile.level || at.tile.n !== tile.n || at.tile.width > tile.width) {
    throw new LedgerError('INVALID_ARGUMENT', `stored hash ${index} is not in tile ${JSON.stringify(tile)}`);
  }
  return tileHash(data.slice(at.start * HASH_SIZE, at.end * HASH_SIZE));
}

/**
 * The tiles of height h to publish when the tree grows from `oldSize` to `newSize`: full tiles
 * completed by the growth, and every partial width after the old size's up to the new size's (C2SP tlog-tiles "Partial Tiles":
 * logs MUST serve partial tiles for tree sizes that were checkpointed).
 */
export function newTiles(h: number, oldSize: number, newSize: number): Tile[] {
  if (!Number.isInteger(h) || h < 1 || h > 30)
    throw new LedgerError('INVALID_ARGUMENT', `bad tile height ${h}`);
  assertTreeSize('oldSize', oldSize);
  assertTreeSize('newSize', newSize);
  const W = fullWidth(h);
  const tiles: Tile[] = [];
  for (let level = 0; Math.floor(newSize / 2 ** (h * level)) > 0; level++) {
    const oldN = Math.floor(oldSize / 2 ** (h * level));
    const newN = Math.floor(newSize / 2 ** (h * level));
    for (let n = Math.floor(oldN / W); n < Math.floor(newN / W); n++) tiles.push({ h, level, n, width: W });
    const n = Math.floor(newN / W);
    const maxWidth = newN - n * W;
    // Go's NewTiles starts at the old width, re-listing a partial tile the old size already
    // published; starting one past it lists only tiles that are new.
    const minWidth = oldN > n * W ? oldN - n * W + 1 : 1;
    for (let width = minWidth; width <= maxWidth; width++) tiles.push({ h, level, n, width });
  }
  return tiles;
}

/** The stored hashes making up a tile's data, concatenated (C2SP tlog-tiles tile body). */
export function planTileData(tile: Tile): HashPlan<Uint8Array> {
  assertTile(tile);
  const start = tile.n * fullWidth(tile.h);
  const indexes: number[] = [];
  for (let i = 0; i < tile.width; i++) indexes.push(storedHashIndex(tile.h * tile.level, start + i));
  return {
    indexes,
    finish(hashes) {
      const data = new Uint8Array(tile.width * HASH_SIZE);
      hashes.forEach((hash, i) => {
        data.set(hash, i * HASH_SIZE);
      });
      return data;
    },
  };
}

export const readTileData = (tile: Tile, reader: HashReader): Uint8Array =>
  runPlan(planTileData(tile), reader);
export const readTileDataAsync = (tile: Tile, reader: AsyncHashReader): Promise<Uint8Array> =>
  runPlanAsync(planTileData(tile), reader);

// --- C2SP tlog-tiles paths -------------------------------------------------------------------

/** C2SP tlog-tiles: N as zero-padded 3-digit path elements, all but the last prefixed with `x`. */
function encodeTileIndex(n: number): string {
  let s = String(n % 1000).padStart(3, '0');
  for (let rest = Math.floor(n / 1000); rest > 0; rest = Math.floor(rest / 1000)) {
    s = `x${String(rest % 1000).padStart(3, '0')}/${s}`;
  }
  return s;
}

/** `tile/<L>/<N>[.p/<W>]`, or `tile/entries/<N>[.p/<W>]` for the entry bundle (C2SP tlog-tiles). */
export function tilePath(tile: Tile): string {
  assertTile(tile, true);
  if (tile.h !== TILE_HEIGHT) {
    throw new LedgerError('INVALID_ARGUMENT', `C2SP tlog-tiles paths need tile height 8, got ${tile.h}`);
  }
  const level = tile.level === ENTRY_BUNDLE_LEVEL ? 'entries' : String(tile.level);
  const partial = tile.width === fullWidth(tile.h) ? '' : `.p/${tile.width}`;
  return `tile/${level}/${encodeTileIndex(tile.n)}${partial}`;
}

const TILE_PATH = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/;

/**
 * Parses a C2SP tlog-tiles path (as produced by `tilePath`), rejecting every non-canonical form:
 * L outside 0..63 or with leading zeros, a leading `x000` group, W outside 1..255 or with leading zeros.
 */
export function parseTilePath(path: string): Tile {
  const bad = (why: string) =>
    new LedgerError('MALFORMED_TILE_PATH', `malformed tile path ${JSON.stringify(path)}: ${why}`);
  const m = TILE_PATH.exec(path);
  if (!m) throw bad('not tile/<L>/<N>[.p/<W>]');
  const [, levelText, groups, last, widthText] = m;
  const level = levelText === 'entries' ? ENTRY_BUNDLE_LEVEL : Number(levelText);
  if (level > 63) throw bad('level above 63');
  const elements = [...(groups ?? '').split('/').filter((g) => g !== ''), last ?? ''];
  if (elements.length > 1 && elements[0] === 'x000') throw bad('leading zero group in N');
  let n = 0;
  for (const e of elements) n = n * 1000 + Number(e.replace(/^x/, ''));
  if (!Number.isSafeInteger(n)) throw bad('N too large');
  const width = widthText === undefined ? fullWidth(TILE_HEIGHT) : Number(widthText);
  if (widthText !== undefined && width >= fullWidth(TILE_HEIGHT)) throw bad('partial width must be 1..255');
  return { h: TILE_HEIGHT, level, n, width };
}

// --- Verifying reads from tiles -----------------------------------------------------------------

/** Reads tile data (e.g. over HTTP); must return one body per tile of exactly width × 32 bytes. */
export interface TileReader {
  readTiles(tiles: readonly Tile[]): Uint8Array[];
}

export interface AsyncTileReader {
  readTiles(tiles: readonly Tile[]): Promise<Uint8Array[]>;
}

const tileKey = (t: Tile): string => `${t.level}/${t.n}/${t.width}`;

/** The k-th ancestor tile of `t` in a tree of the given size, at its width for that size. */
function tileParent(t: Tile, k: number, treeSize: number): Tile | undefined {
  const level = t.level + k;
  const n = Math.floor(t.n / 2 ** (k * t.h));
  const W = fullWidth(t.h);
  const max = Math.floor(treeSize / 2 ** (level * t.h));
  let width = W;
  if (n * W + W >= max) {
    if (n * W >= max) return undefined;
    width = max - n * W;
  }
  return { h: t.h, level, n, width };
}

/**
 * Which tiles to fetch to answer `indexes` for the tree `head`, and how to authenticate them and
 * extract the hashes: the tiles covering the root are checked against the root hash, then every
 * other tile against the hash of it stored in its parent tile (research.swtch.com/tlog
 * "Authenticating Tiles", as in Go tlog's TileHashReader). Returned hashes are therefore proven to
 * be in the tree, whoever served the tiles.
 */
function planTileReads(
  h: number,
  head: TreeHead,
  indexes: readonly number[],
): { tiles: Tile[]; finish(data: readonly Uint8Array[]): Uint8Array[] } {
  const N = head.size;
  const tiles: Tile[] = [];
  const order = new Map<string, number>();
  const add = (t: Tile): number => {
    const at = tiles.length;
    order.set(tileKey(t), at);
    tiles.push(t);
    return at;
  };

  const rootIndexes: number[] = [];
  for (let lo = 0; lo < N; ) {
    let level = 0;
    while (2 ** (level + 1) <= N - lo) level++;
    rootIndexes.push(storedHashIndex(level, Math.floor(lo / 2 ** level)));
    lo += 2 ** level;
  }
  const rootTileOrder = rootIndexes.map((x) => {
    const t = tileParent(locate(h, x).tile, 0, N)!;
    return order.get(tileKey(t)) ?? add(t);
  });
  const authenticatedByRoot = tiles.length;

  const limit = N === 0 ? 0 : storedHashIndex(0, N);
  const indexTileOrder = indexes.map((x) => {
    if (!Number.isSafeInteger(x) || x < 0 || x >= limit) {
      throw new LedgerError('INDEX_NOT_IN_TREE', `stored hash ${x} is not in the tree of size ${N}`);
    }
    const tile = locate(h, x).tile;
    let k = 0;
    for (; ; k++) {
      const p = tileParent(tile, k, N);
      if (!p)
        throw new LedgerError('INDEX_NOT_IN_TREE', `stored hash ${x} has no tile in the tree of size ${N}`);
      const j = order.get(tileKey(p));
      if (j !== undefined) {
        if (k === 0) return j;
        break;
      }
    }
    let at = -1;
    for (k--; k >= 0; k--) at = add(tileParent(tile, k, N)!);
    return at;
  });

  return {
    tiles,
    finish(data) {
      if (data.length !== tiles.length) {
        throw new LedgerError(
          'INCONSISTENT_TILE',
          `readTiles returned ${data.length} tiles for ${tiles.length}`,
        );
      }
      tiles.forEach((t, i) => {
        if (data[i]?.length !== t.width * HASH_SIZE) {
          throw new LedgerError('INCONSISTENT_TILE', `tile ${JSON.stringify(t)} has the wrong length`);
        }
      });
      if (N > 0) {
        const last = rootIndexes.length - 1;
        let root = hashFromTile(
          tiles[rootTileOrder[last]!]!,
          data[rootTileOrder[last]!]!,
          rootIndexes[last]!,
        );
        for (let i = last - 1; i >= 0; i--) {
          root = nodeHash(
            hashFromTile(tiles[rootTileOrder[i]!]!, data[rootTileOrder[i]!]!, rootIndexes[i]!),
            root,
          );
        }
        if (!bytesEqual(root, head.rootHash)) {
          throw new LedgerError('INCONSISTENT_TILE', 'tiles do not match the tree root hash');
        }
      }
      for (let i = authenticatedByRoot; i < tiles.length; i++) {
        const t = tiles[i]!;
        const p = tileParent(t, 1, N)!;
        const j = order.get(tileKey(p))!;
        const expected = hashFromTile(p, data[j]!, storedHashIndex(p.level * p.h, t.n));
        if (!bytesEqual(expected, tileHash(data[i]!))) {
          throw new LedgerError(
            'INCONSISTENT_TILE',
            `tile ${JSON.stringify(t)} does not match its parent tile`,
          );
        }
      }
      return indexes.map((x, i) => hashFromTile(tiles[indexTileOrder[i]!]!, data[indexTileOrder[i]!]!, x));
    },
  };
}

function assertHead(h: number, head: TreeHead): void {
  if (!Number.isInteger(h) || h < 1 || h > 30)
    throw new LedgerError('INVALID_ARGUMENT', `bad tile height ${h}`);
  assertTreeSize('tree size', head.size);
  if (head.rootHash.length !== HASH_SIZE)
    throw new LedgerError('INVALID_ARGUMENT', 'root hash must be 32 bytes');
}

/** A `HashReader` answering from tiles of the tree `head`, authenticating every tile it uses. */
export class TileHashReader implements HashReader {
  constructor(
    private readonly head: TreeHead,
    private readonly tileReader: TileReader,
    private readonly h: number = TILE_HEIGHT,
  ) {
    assertHead(h, head);
  }

  readHashes(indexes: readonly number[]): Uint8Array[] {
    if (indexes.length === 0) return [];
    const plan = planTileReads(this.h, this.head, indexes);
    return plan.finish(this.tileReader.readTiles(plan.tiles));
  }
}

export class AsyncTileHashReader implements AsyncHashReader {
  constructor(
    private readonly head: TreeHead,
    private readonly tileReader: AsyncTileReader,
    private readonly h: number = TILE_HEIGHT,
  ) {
    assertHead(h, head);
  }

  async readHashes(indexes: readonly number[]): Promise<Uint8Array[]> {
    if (indexes.length === 0) return [];
    const plan = planTileReads(this.h, this.head, indexes);
    return plan.finish(await this.tileReader.readTiles(plan.tiles));
  }
}
