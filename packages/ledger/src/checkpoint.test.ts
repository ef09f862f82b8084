import { describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { decodeEntryBundle, encodeEntryBundle } from './entry-bundle.ts';
import { LedgerError } from './errors.ts';
import { checkRecord, checkTree, leafHash } from './merkle.ts';
import { generateNoteKeys, openNote, parseSignerKey, parseVerifierKey, signNote } from './note.ts';
import { MemoryHashLog, proveRecord, proveTree, treeHash } from './stored-hashes.ts';
import {
  ENTRY_BUNDLE_LEVEL,
  newTiles,
  parseTilePath,
  readTileData,
  TileHashReader,
  tilePath,
} from './tiles.ts';

function failure(f: () => unknown): LedgerError {
  try {
    f();
  } catch (e) {
    if (e instanceof LedgerError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

const root = new Uint8Array(32).map((_, i) => i);
const rootB64 = Buffer.from(root).toString('base64');

describe('C2SP tlog-checkpoint', () => {
  it('formats origin, decimal size and base64 root, one line each', () => {
    expect(formatCheckpoint({ origin: 'example.com/log', size: 20852163, rootHash: root })).toBe(
      `example.com/log\n20852163\n${rootB64}\n`,
    );
    const withExt = { origin: 'o', size: 0, rootHash: root, extensions: ['ext one'] };
    expect(formatCheckpoint(withExt)).toBe(`o\n0\n${rootB64}\next one\n`);
    expect(parseCheckpoint(formatCheckpoint(withExt))).toEqual(withExt);
    expect(parseCheckpoint(`o\n7\n${rootB64}\n`)).toEqual({ origin: 'o', size: 7, rootHash: root });
  });

  it.each([
    ['an empty origin', `\n1\n${rootB64}\n`],
    ['a leading zero', `o\n01\n${rootB64}\n`],
    ['a signed size', `o\n+1\n${rootB64}\n`],
    ['a non-decimal size', `o\n0x10\n${rootB64}\n`],
    ['a size above 2^51', `o\n${2 ** 51 + 1}\n${rootB64}\n`],
    ['a 31-byte root', `o\n1\n${Buffer.from(root.subarray(1)).toString('base64')}\n`],
    ['an unpadded root', `o\n1\n${rootB64.replace('=', '')}\n`],
    ['only two lines', 'o\n1\n'],
    ['no final newline', `o\n1\n${rootB64}`],
    ['an empty extension line', `o\n1\n${rootB64}\n\n`],
  ])('rejects a checkpoint with %s', (_, text) => {
    expect(failure(() => parseCheckpoint(text)).code).toBe('MALFORMED_CHECKPOINT');
  });

  it('refuses to format an invalid checkpoint', () => {
    expect(failure(() => formatCheckpoint({ origin: '', size: 1, rootHash: root })).code).toBe(
      'MALFORMED_CHECKPOINT',
    );
    expect(failure(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: root })).code).toBe(
      'MALFORMED_CHECKPOINT',
    );
    expect(failure(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: root })).code).toBe(
      'MALFORMED_CHECKPOINT',
    );
    expect(
      failure(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root, extensions: [''] })).code,
    ).toBe('MALFORMED_CHECKPOINT');
  });
});

describe('a third party checks the log from its public files alone', () => {
  const origin = 'anzheng.example/log';
  const keys = generateNoteKeys(origin);
  const entries = Array.from({ length: 600 }, (_, i) =>
    new TextEncoder().encode(`{"kind":"exam.result","i":${i}}`),
  );

  // What the log publishes: checkpoints at 300 and 600, and the tiles and entry bundles for them.
  const log = new MemoryHashLog();
  const files = new Map<string, Uint8Array>();
  const checkpoints: string[] = [];
  for (const size of [300, 600]) {
    const old = log.size;
    while (log.size < size) log.append(entries[log.size]!);
    for (const tile of newTiles(8, old, size)) {
      files.set(tilePath(tile), readTileData(tile, log));
      if (tile.level === 0) {
        const first = tile.n * 256;
        const bundle = { ...tile, level: ENTRY_BUNDLE_LEVEL };
        files.set(tilePath(bundle), encodeEntryBundle(entries.slice(first, first + tile.width)));
      }
    }
    const text = formatCheckpoint({ origin, size, rootHash: treeHash(size, log) });
    checkpoints.push(signNote(text, [parseSignerKey(keys.signerKey)]));
  }

  const fetchFile = (path: string): Uint8Array => {
    parseTilePath(path);
    const data = files.get(path);
    if (!data) throw new Error(`404 ${path}`);
    return data;
  };

  it('verifies a checkpoint, an entry from its bundle, its inclusion, and consistency with the older checkpoint', () => {
    const trusted = [parseVerifierKey(keys.verifierKey)];
    const [older, latest] = checkpoints.map((c) => parseCheckpoint(openNote(c, trusted).text)) as [
      ReturnType<typeof parseCheckpoint>,
      ReturnType<typeof parseCheckpoint>,
    ];
    const hashes = new TileHashReader(latest, {
      readTiles: (tiles) => tiles.map((t) => fetchFile(tilePath(t))),
    });

    const index = 555;
    const bundle = decodeEntryBundle(fetchFile('tile/entries/002.p/88'), 88);
    const leaf = leafHash(bundle[index - 512]!);
    expect(
      checkRecord(proveRecord(latest.size, index, hashes), latest.size, latest.rootHash, index, leaf),
    ).toBe(true);
    expect(
      checkTree(
        proveTree(latest.size, older.size, hashes),
        latest.size,
        latest.rootHash,
        older.size,
        older.rootHash,
      ),
    ).toBe(true);
  });

  it('notices a forged entry and a checkpoint signed by another key', () => {
    const trusted = [parseVerifierKey(keys.verifierKey)];
    const latest = parseCheckpoint(openNote(checkpoints[1]!, trusted).text);
    const hashes = new TileHashReader(latest, {
      readTiles: (tiles) => tiles.map((t) => fetchFile(tilePath(t))),
    });
    const forged = leafHash(new TextEncoder().encode('{"kind":"exam.result","i":9999}'));
    expect(
      checkRecord(proveRecord(latest.size, 555, hashes), latest.size, latest.rootHash, 555, forged),
    ).toBe(false);
    const impostor = generateNoteKeys(origin);
    const fake = signNote(formatCheckpoint(latest), [parseSignerKey(impostor.signerKey)]);
    expect(failure(() => openNote(fake, trusted)).code).toBe('NOTE_UNVERIFIED');
  });
});
