import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLOAD_MAX_BYTES, loadRegistrySettings } from './index.ts';
import { createBlobStore, declaredMediaType, sniffMediaType } from './registry.blobs.ts';

describe('sniffMediaType', () => {
  it('recognises PDF, JPEG and PNG signatures and nothing else', () => {
    expect(sniffMediaType(Buffer.from('%PDF-1.4\n'))).toBe('application/pdf');
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
    expect(sniffMediaType(Buffer.from('MZ\x90\x00'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from('%PDF'))).toBeUndefined();
    expect(sniffMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeUndefined();
    expect(sniffMediaType(new Uint8Array())).toBeUndefined();
  });

  it('normalizes declared types', () => {
    expect(declaredMediaType('image/JPG')).toBe('image/jpeg');
    expect(declaredMediaType('application/pdf; charset=binary')).toBe('application/pdf');
    expect(declaredMediaType('application/octet-stream')).toBeUndefined();
    expect(declaredMediaType(undefined)).toBeUndefined();
  });
});

describe('blob store', () => {
  it('stores by SHA-256 under ab/cd/<sha256> and dedupes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-blobs-'));
    const store = createBlobStore(dir);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 512 }), async (bytes) => {
        const sha = createHash('sha256').update(bytes).digest('hex');
        const first = await store.put(bytes);
        expect(first.sha256).toBe(sha);
        expect(store.pathOf(sha)).toBe(path.join(dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha));
        expect((await store.put(bytes)).created).toBe(false);
        expect(Buffer.from(await store.get(sha)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 50 },
    );
    expect(() => store.pathOf('../../etc/passwd')).toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('loadRegistrySettings', () => {
  it('defaults to 10 MB and rejects nonsense', () => {
    expect(loadRegistrySettings({}).uploadMaxBytes).toBe(DEFAULT_UPLOAD_MAX_BYTES);
    expect(DEFAULT_UPLOAD_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(loadRegistrySettings({ ANZHENG_UPLOAD_MAX_BYTES: '2048' }).uploadMaxBytes).toBe(2048);
    expect(() => loadRegistrySettings({ ANZHENG_UPLOAD_MAX_BYTES: '10MB' })).toThrow(
      /ANZHENG_UPLOAD_MAX_BYTES/,
    );
  });
});
