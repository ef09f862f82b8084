import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  derivePublicKey,
  fromBase64,
  fromHex,
  generateSigningKey,
  type SigningSuite,
  sign,
  signingKeyId,
  toBase64,
  toHex,
} from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { IssuerSigner } from './certificate.domain.ts';
import { IssuerKeyConfigError, SigningKeyUnavailableError } from './certificate.errors.ts';
import * as repo from './certificate.repository.ts';

/**
 * Signing keys (docs/certificates.md "Keys"): one active key per issuing authority and suite,
 * plus the 'trust' key that signs trust-list versions. The private half lives in
 * `DATA_DIR/keys/issuer-<issuerCode>-<suite>-<n>.json` / `trust-<n>.json` (mode 0600,
 * created on first need) or in `ANZHENG_ISSUER_KEYS`; the public half, id and validity in
 * `signing_key`.
 */

export const ISSUER_KEYS_ENV = 'ANZHENG_ISSUER_KEYS';
const ISSUER_CODE = /^(\d{2}0000)$/;

/** Private key in the suite's encoding (ed25519: base64 seed; sm2-sm3: 64 hex). */
interface KeyMaterial {
  purpose: 'issuer' | 'trust';
  issuerCode: string | null;
  suite: SigningSuite;
  keyId: string;
  /** Suite encoding as @anzheng/crypto returns it. */
  publicKey: string;
  privateKey: string;
  source: string;
  /** n of the file name (0 for configuration keys). */
  n: number;
}

/** `<suite>:<hex of the first 8 bytes of SHA-256(suite ‖ 0x00 ‖ raw public key)>` (signingKeyId). */
export function keyIdOf(suite: SigningSuite, publicKey: string): string {
  return `${suite}:${signingKeyId(suite, publicKey)}`;
}

/** Raw public key bytes: 32 (Ed25519) or the 65-byte uncompressed SM2 point. */
export function rawPublicKey(suite: SigningSuite, publicKey: string): Uint8Array {
  return suite === 'ed25519' ? fromBase64(publicKey) : fromHex(publicKey);
}

function material(
  purpose: 'issuer' | 'trust',
  issuerCode: string | null,
  suite: SigningSuite,
  privateKey: string,
  source: string,
  n: number,
): KeyMaterial {
  const publicKey = derivePublicKey(suite, privateKey);
  return { purpose, issuerCode, suite, keyId: keyIdOf(suite, publicKey), publicKey, privateKey, source, n };
}

/** Parses ANZHENG_ISSUER_KEYS: JSON array of {issuerCode, suite, privateKey (base64)}. */
export function parseIssuerKeysEnv(text: string | undefined): KeyMaterial[] {
  if (text === undefined || text.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new IssuerKeyConfigError('不是有效的 JSON 数组');
  }
  if (!Array.isArray(parsed))
    throw new IssuerKeyConfigError('应为 JSON 数组 [{issuerCode, suite, privateKey}]');
  return parsed.map((item, i) => {
    const { issuerCode, suite, privateKey } = (item ?? {}) as Record<string, unknown>;
    if (typeof issuerCode !== 'string' || !(ISSUER_CODE.test(issuerCode) || issuerCode === '000000')) {
      throw new IssuerKeyConfigError(`第 ${i + 1} 项 issuerCode 应为省级行政区划代码（如 440000）或 000000`);
    }
    if (suite !== 'ed25519' && suite !== 'sm2-sm3') {
      throw new IssuerKeyConfigError(`第 ${i + 1} 项 suite 应为 ed25519 或 sm2-sm3`);
    }
    if (typeof privateKey !== 'string')
      throw new IssuerKeyConfigError(`第 ${i + 1} 项缺少 privateKey（base64）`);
    try {
      const bytes = fromBase64(privateKey);
      if (bytes.length !== 32) throw new Error('length');
      const encoded = suite === 'ed25519' ? toBase64(bytes) : toHex(bytes);
      return material('issuer', issuerCode, suite, encoded, `${ISSUER_KEYS_ENV}[${i}]`, 0);
    } catch {
      // Never echo the value: it is key material.
      throw new IssuerKeyConfigError(`第 ${i + 1} 项 privateKey 应为 32 字节私钥的 base64`);
    }
  });
}

interface KeyFile {
  purpose: 'issuer' | 'trust';
  issuerCode: string | null;
  suite: SigningSuite;
  keyId: string;
  privateKey: string;
  createdAt: string;
}

const FILE_NAME = /^(?:issuer-(\d{6})-(ed25519|sm2-sm3)|trust)-(\d+)\.json$/;

export interface KeyStore {
  readonly dir: string;
  /** The issuer's active key for `suite` (created, registered and listed on first need). */
  issuerSigner(
    issuerCode: string,
    suite: SigningSuite,
    options?: { validFrom?: Date },
  ): Promise<IssuerSigner>;
  /** The active trust key (created on first need). */
  trustSigner(): Promise<IssuerSigner>;
  /** A signer for a registered key id (the private half must be here). */
  signerFor(keyId: string): Promise<IssuerSigner | undefined>;
  /** Retires the active key of (issuer, suite) and creates the next one; returns both ids. */
  rotateIssuerKey(
    issuerCode: string,
    suite: SigningSuite,
  ): Promise<{ retired: string | null; active: string }>;
  rotateTrustKey(): Promise<{ retired: string | null; active: string }>;
}

export function createKeyStore(options: {
  db: Kysely<Database>;
  dataDir: string;
  clock: () => Date;
  env?: Record<string, string | undefined>;
}): KeyStore {
  const { db, clock } = options;
  const dir = path.join(options.dataDir, 'keys');
  const configured = parseIssuerKeysEnv((options.env ?? process.env)[ISSUER_KEYS_ENV]);
  const byId = new Map<string, KeyMaterial>(configured.map((k) => [k.keyId, k]));

  function readFiles(): KeyMaterial[] {
    if (!fs.existsSync(dir)) return [];
    const out: KeyMaterial[] = [];
    for (const name of fs.readdirSync(dir)) {
      const m = FILE_NAME.exec(name);
      if (!m) continue;
      const file = path.join(dir, name);
      let content: KeyFile;
      try {
        content = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
      } catch (error) {
        throw new IssuerKeyConfigError(
          `密钥文件 ${file} 无法读取或不是有效的 JSON（${(error as Error).message}）`,
        );
      }
      const k = material(
        content.purpose,
        content.issuerCode,
        content.suite,
        content.privateKey,
        file,
        Number(m[3]),
      );
      byId.set(k.keyId, k);
      out.push(k);
    }
    return out;
  }

  function findMaterial(keyId: string): KeyMaterial | undefined {
    if (!byId.has(keyId)) readFiles();
    return byId.get(keyId);
  }

  /** Writes the next numbered file for (purpose, issuer, suite) with 'wx' (never overwrites). */
  function createFile(
    purpose: 'issuer' | 'trust',
    issuerCode: string | null,
    suite: SigningSuite,
  ): KeyMaterial {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const prefix = purpose === 'trust' ? 'trust' : `issuer-${issuerCode}-${suite}`;
    const existing = readFiles().filter(
      (k) => k.purpose === purpose && k.issuerCode === issuerCode && k.suite === suite,
    );
    let n = Math.max(0, ...existing.map((k) => k.n)) + 1;
    const pair = generateSigningKey(suite);
    const content: KeyFile = {
      purpose,
      issuerCode,
      suite,
      keyId: keyIdOf(suite, pair.publicKey),
      privateKey: pair.privateKey,
      createdAt: clock().toISOString(),
    };
    // Temp file (0600) → fsync → hard link under the next free number: a reader never sees a
    // half-written key, and two processes never take the same number.
    const temp = path.join(dir, `.${prefix}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(content, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      for (;;) {
        const file = path.join(dir, `${prefix}-${n}.json`);
        try {
          fs.linkSync(temp, file);
          const k = material(purpose, issuerCode, suite, pair.privateKey, file, n);
          byId.set(k.keyId, k);
          return k;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          n += 1;
        }
      }
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  function toSigner(k: KeyMaterial, issuerCode: string): IssuerSigner {
    return {
      keyId: k.keyId,
      suite: k.suite,
      issuerCode,
      publicKey: rawPublicKey(k.suite, k.publicKey),
      sign: (message) => sign(k.suite, k.privateKey, message),
    };
  }

  /** A key we hold for (purpose, issuer, suite) that this database has never registered. */
  async function unregisteredCandidate(
    purpose: 'issuer' | 'trust',
    issuerCode: string | null,
    suite: SigningSuite,
  ): Promise<KeyMaterial | undefined> {
    const fitting = (k: KeyMaterial) =>
      k.purpose === purpose && k.issuerCode === issuerCode && k.suite === suite;
    const candidates = [
      ...configured.filter(fitting),
      ...readFiles()
        .filter(fitting)
        .sort((a, b) => b.n - a.n),
    ];
    if (candidates.length === 0) return undefined;
    const known = new Set(
      await repo.existingKeyIds(
        db,
        candidates.map((k) => k.keyId),
      ),
    );
    return candidates.find((k) => !known.has(k.keyId));
  }

  async function ensureActive(
    purpose: 'issuer' | 'trust',
    issuerCode: string | null,
    suite: SigningSuite,
    validFrom?: Date,
  ): Promise<KeyMaterial> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await repo.findActiveKey(db, purpose, issuerCode, suite);
      if (row) {
        const k = findMaterial(row.id);
        if (!k) throw new SigningKeyUnavailableError(row.id);
        return k;
      }
      const k =
        (await unregisteredCandidate(purpose, issuerCode, suite)) ?? createFile(purpose, issuerCode, suite);
      const now = clock();
      await repo.insertKeyIfNoneActive(db, {
        id: k.keyId,
        purpose,
        issuer_code: issuerCode,
        suite,
        public_key: toBase64(rawPublicKey(suite, k.publicKey)),
        valid_from: validFrom && validFrom < now ? validFrom : now,
        valid_until: null,
        retired_at: null,
      });
    }
    throw new Error(`could not register a ${purpose} key for ${issuerCode ?? 'trust'} ${suite}`);
  }

  async function rotate(purpose: 'issuer' | 'trust', issuerCode: string | null, suite: SigningSuite) {
    const next =
      (await unregisteredCandidate(purpose, issuerCode, suite)) ?? createFile(purpose, issuerCode, suite);
    const now = clock();
    const retired = await db.transaction().execute(async (trx) => {
      const old = await repo.retireActiveKey(trx, purpose, issuerCode, suite, now);
      await repo.insertKeyIfNoneActive(trx, {
        id: next.keyId,
        purpose,
        issuer_code: issuerCode,
        suite,
        public_key: toBase64(rawPublicKey(suite, next.publicKey)),
        valid_from: now,
        valid_until: null,
        retired_at: null,
      });
      return old;
    });
    return { retired, active: next.keyId };
  }

  return {
    dir,
    async issuerSigner(issuerCode, suite, opts = {}) {
      return toSigner(await ensureActive('issuer', issuerCode, suite, opts.validFrom), issuerCode);
    },
    async trustSigner() {
      return toSigner(await ensureActive('trust', null, 'ed25519'), '');
    },
    async signerFor(keyId) {
      const k = findMaterial(keyId);
      return k ? toSigner(k, k.issuerCode ?? '') : undefined;
    },
    rotateIssuerKey: (issuerCode, suite) => rotate('issuer', issuerCode, suite),
    rotateTrustKey: () => rotate('trust', null, 'ed25519'),
  };
}

/** Random bytes for holder salts (16). */
export function randomSalt(): Uint8Array {
  return new Uint8Array(randomBytes(16));
}
