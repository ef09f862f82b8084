import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Media types a document may have; anything else is refused (415). */
export type DocumentMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

const SIGNATURES: { mediaType: DocumentMediaType; magic: number[] }[] = [
  // ISO 32000: a PDF file starts with "%PDF-".
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  // JPEG SOI marker followed by the first segment's marker prefix.
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  // PNG signature (RFC 2083 §3.1).
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The media type the bytes are, by their signature; undefined for anything else. */
export function sniffMediaType(bytes: Uint8Array): DocumentMediaType | undefined {
  return SIGNATURES.find((s) => s.magic.every((b, i) => bytes[i] === b))?.mediaType;
}

const ALIASES: Record<string, DocumentMediaType> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
};

/** The declared Content-Type of a part, normalized; undefined when it is not one we accept. */
export function declaredMediaType(contentType: string | undefined): DocumentMediaType | undefined {
  const base = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[base];
}

/**
 * Content-addressed blob storage under `<dataDir>/blobs/ab/cd/<sha256>`. Writing goes to a
 * temporary file in the same file system and is renamed into place, so a reader never sees
 * a partial blob; an existing blob is never rewritten (dedupe).
 */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<{ sha256: string; created: boolean }>;
  get(sha256: string): Promise<Buffer>;
  pathOf(sha256: string): string;
}

export function createBlobStore(dataDir: string): BlobStore {
  const root = path.join(dataDir, 'blobs');
  const pathOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256}`);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    pathOf,
    async put(bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      if (await exists(target)) return { sha256, created: false };
      const tmpDir = path.join(root, 'tmp');
      await fs.mkdir(tmpDir, { recursive: true });
      await fs.mkdir(path.dirname(target), { recursive: true });
      const tmp = path.join(tmpDir, `${sha256}.${randomBytes(6).toString('hex')}`);
      await fs.writeFile(tmp, bytes, { flag: 'wx', mode: 0o640 });
      try {
        // Two uploads of the same bytes may race here: rename replaces a file with identical content.
        await fs.rename(tmp, target);
      } catch (error) {
        await fs.rm(tmp, { force: true });
        throw error;
      }
      return { sha256, created: true };
    },
    get: (sha256) => fs.readFile(pathOf(sha256)),
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
