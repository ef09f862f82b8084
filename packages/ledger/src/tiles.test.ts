import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntryBundle, encodeEntryBundle } from './entry-bundle.ts';
import { LedgerError } from './errors.ts';
import { checkRecord, checkTree, leafHash } from './merkle.ts';
import {
  MemoryHashLog,
  proveRecord,
  proveRecordAsync,
  proveTree,
  storedHashCount,
  treeHash,
} from './stored-hashes.ts';
import {
  AsyncTileHashReader,
  ENTRY_BUNDLE_LEVEL,
  hashFromTile,
  newTiles,
  parseTilePath,
  readTileData,
  type Tile,
  TileHashReader,
  type TileReader,
  tileForIndex,
  tilePath,
} from './tiles.ts';

const entry = (i: number) => new TextEncoder().encode(`entry ${i}`);
const log = new MemoryHashLog();
for (let i = 0; i < 1100; i++) log.append(entry(i));

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof LedgerError ? e.code : `not a LedgerError: ${e}`;
  }
  return undefined;
};

const key = (t: Tile) => `${t.h}/${t.level}/${t.n}/${t.width}`;

/** Serves exactly the tiles a log published, as C2SP tlog-tiles requires, and fails on any other. */
function publishedTiles(
  h: number,
  checkpointSizes: number[],
): TileReader & { served: Map<string, Uint8Array> } {
  const served = new Map<string, Uint8Array>();
  let old = 0;
  for (const size of checkpointSizes) {
    for (const t of newTiles(h, old, size)) served.set(key(t), readTileData(t, log));
    old = size;
  }
  return {
    served,
    readTiles: (tiles) =>
      tiles.map((t) => {
        const data = served.get(key(t));
        if (!data) throw new Error(`tile ${key(t)} was never published`);
        return data;
      }),
  };
}

describe('C2SP tlog-tiles paths', () => {
  it('encodes N in x-prefixed 3-digit groups and partial widths as .p/<W>', () => {
    expect(tilePath({ h: 8, level: 0, n: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ h: 8, level: 0, n: 1234067, width: 1 })).toBe('tile/0/x001/x234/067.p/1');
    expect(tilePath({ h: 8, level: 1, n: 0, width: 17 })).toBe('tile/1/000.p/17');
    expect(tilePath({ h: 8, level: 2, n: 1000, width: 256 })).toBe('tile/2/x001/000');
    expect(tilePath({ h: 8, level: ENTRY_BUNDLE_LEVEL, n: 5, width: 112 })).toBe('tile/entries/005.p/112');
    expect(parseTilePath('tile/entries/x001/000')).toEqual({ h: 8, level: -1, n: 1000, width: 256 });
    expect(code(() => tilePath({ h: 2, level: 0, n: 0, width: 4 }))).toBe('INVALID_ARGUMENT');
  });

  it.each([
    'tile/00/000',
    'tile/01/000',
    'tile/64/000',
    'tile/-1/000',
    'tile/data/000',
    'tile/0/0',
    'tile/0/0001',
    'tile/0/x000/001',
    'tile/0/001/002',
    'tile/0/x001',
    'tile/0/x1/000',
    'tile/0/000.p/0',
    'tile/0/000.p/01',
    'tile/0/000.p/256',
    'tile/entries/000.p/300',
    'tile/0/000.p/',
    'tile/0/000/',
    '/tile/0/000',
    'tile/0/x999/x999/x999/x999/x999/x999/999',
    'tile/0/000.p/1/',
    'tile/8/0/000',
  ])('rejects %s', (path) => {
    expect(code(() => parseTilePath(path))).toBe('MALFORMED_TILE_PATH');
  });

  it('round-trips every tile through parseTilePath', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1, max: 63 }),
        fc.oneof(fc.nat(2000), fc.maxSafeNat()),
        fc.integer({ min: 1, max: 256 }),
        (level, n, width) => {
          const tile = { h: 8, level, n, width };
          expect(parseTilePath(tilePath(tile))).toEqual(tile);
        },
      ),
    );
  });
});

describe('tile math', () => {
  it('matches the C2SP tlog-tiles example of a tree of size 70,000', () => {
    const widest = new Map<string, Tile>();
    for (const t of newTiles(8, 0, 70000)) widest.set(`${t.level}/${t.n}`, t);
    const tiles = [...widest.values()];
    expect(tiles.filter((t) => t.level === 0 && t.width === 256)).toHaveLength(273);
    expect(tiles.filter((t) => t.level === 0 && t.width < 256).map((t) => t.width)).toEqual([112]);
    expect(tiles.filter((t) => t.level === 1).map((t) => t.width)).toEqual([256, 17]);
    expect(tiles.filter((t) => t.level === 2).map((t) => t.width)).toEqual([1]);
    expect(tiles).toHaveLength(273 + 1 + 2 + 1);
    expect(newTiles(8, 0, 256)).toContainEqual({ h: 8, level: 1, n: 0, width: 1 });
    expect(newTiles(8, 255, 256)).toEqual([
      { h: 8, level: 0, n: 0, width: 256 },
      { h: 8, level: 1, n: 0, width: 1 },
    ]);
    expect(newTiles(8, 300, 300)).toEqual([]);
  });

  it('lists each tile once across successive growths', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(5000), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 8 }),
        (xs, h) => {
          const [a, b, c] = xs.sort((x, y) => x - y) as [number, number, number];
          const first = newTiles(h, a, b).map(key);
          const second = newTiles(h, b, c).map(key);
          const both = new Set([...first, ...second]);
          expect(both.size).toBe(first.length + second.length);
          for (const t of newTiles(h, a, c)) expect(both.has(key(t))).toBe(true);
        },
      ),
    );
  });

  it.each([1, 2, 3, 8])('rebuilds every stored hash from its tile (height %i)', (h) => {
    const size = 1100;
    for (let x = 0; x < storedHashCount(size); x++) {
      const tile = tileForIndex(h, x);
      const data = readTileData(tile, log);
      if (!(hashFromTile(tile, data, x).toString() === log.hashes[x]!.toString()))
        throw new Error(`index ${x}`);
    }
  });

  it('a level-0 tile is the leaf hashes of the matching entry bundle', () => {
    const tile = { h: 8, level: 0, n: 1, width: 100 };
    const bundle = encodeEntryBundle(Array.from({ length: 100 }, (_, i) => entry(256 + i)));
    const fromBundle = decodeEntryBundle(bundle, tile.width).map(leafHash);
    expect(readTileData(tile, log)).toEqual(new Uint8Array(Buffer.concat(fromBundle)));
  });
});

describe('TileHashReader', () => {
  it.each([2, 8])('computes the same proofs from published tiles as from stored hashes (height %i)', (h) => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 1100 }), { minLength: 1, maxLength: 6 }),
        (sizes) => {
          sizes.sort((a, b) => a - b);
          const tiles = publishedTiles(h, sizes);
          for (const [i, size] of sizes.entries()) {
            const root = treeHash(size, log);
            const reader = new TileHashReader({ size, rootHash: root }, tiles, h);
            expect(treeHash(size, reader)).toEqual(root);
            for (const n of [0, size - 1, Math.floor(size / 2)]) {
              const proof = proveRecord(size, n, reader);
              expect(proof).toEqual(proveRecord(size, n, log));
              expect(checkRecord(proof, size, root, n, log.hashes[storedIndexOfLeaf(n)]!)).toBe(true);
            }
            const older = sizes[i - 1];
            if (older !== undefined) {
              const proof = proveTree(size, older, reader);
              expect(proof).toEqual(proveTree(size, older, log));
              expect(checkTree(proof, size, root, older, treeHash(older, log))).toBe(true);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('works with an async tile reader', async () => {
    const tiles = publishedTiles(8, [1000]);
    const reader = new AsyncTileHashReader(
      { size: 1000, rootHash: treeHash(1000, log) },
      { readTiles: async (ts) => tiles.readTiles(ts) },
    );
    expect(await proveRecordAsync(1000, 700, reader)).toEqual(proveRecord(1000, 700, log));
  });

  it('rejects a tile that does not match the trusted root, wherever it sits', () => {
    const size = 1000;
    const honest = publishedTiles(8, [size]);
    for (const path of ['0/0/256', '0/3/232', '1/0/3']) {
      const served = new Map(honest.served);
      const k = `8/${path}`;
      const bad = served.get(k)!.slice();
      bad[5]! ^= 1;
      served.set(k, bad);
      const tampered: TileReader = { readTiles: (ts) => ts.map((t) => served.get(key(t))!) };
      const reader = new TileHashReader({ size, rootHash: treeHash(size, log) }, tampered);
      expect(code(() => proveRecord(size, 5, reader))).toBe('INCONSISTENT_TILE');
    }
    const wrongRoot = new TileHashReader({ size, rootHash: treeHash(size - 1, log) }, honest);
    expect(code(() => proveRecord(size, 5, wrongRoot))).toBe('INCONSISTENT_TILE');
    const short: TileReader = { readTiles: (ts) => honest.readTiles(ts).map((d) => d.subarray(32)) };
    expect(
      code(() => treeHash(size, new TileHashReader({ size, rootHash: treeHash(size, log) }, short))),
    ).toBe('INCONSISTENT_TILE');
  });

  it('refuses hashes outside the tree', () => {
    const reader = new TileHashReader({ size: 10, rootHash: treeHash(10, log) }, publishedTiles(8, [10]));
    expect(code(() => reader.readHashes([storedIndexOfLeaf(10)]))).toBe('INDEX_NOT_IN_TREE');
  });
});

function storedIndexOfLeaf(n: number): number {
  return storedHashCount(n);
}
