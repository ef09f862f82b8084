import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  generateNoteKeys,
  isValidKeyName,
  type NoteSigner,
  parseSignerKey,
  parseVerifierKey,
} from '@anzheng/ledger';
import { LedgerConfigError } from './ledger.errors.ts';

type Env = Record<string, string | undefined>;

/** Transparency-log settings, read from the environment (documented in docs/transparency-log.md). */
export interface LedgerSettings {
  /** C2SP tlog-checkpoint origin line, and the note key name of a generated key. */
  origin: string;
  /** How often the background sequencer/checkpointer runs; 0 disables the timer. */
  checkpointIntervalMs: number;
  /** Entries integrated per sequencer transaction. */
  batchSize: number;
}

export const ENV = {
  origin: 'ANZHENG_LOG_ORIGIN',
  publicUrl: 'ANZHENG_PUBLIC_URL',
  signerKey: 'ANZHENG_LOG_SIGNER_KEY',
  interval: 'ANZHENG_CHECKPOINT_INTERVAL_MS',
  batchSize: 'ANZHENG_LOG_BATCH_SIZE',
} as const;

export const DEFAULT_ORIGIN = 'anzheng.local/log';
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 2_000;
export const DEFAULT_BATCH_SIZE = 1_000;

const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new LedgerConfigError(`${name}=${raw}：必须是 ${min}–${max} 之间的整数`);
  }
  return n;
}

/**
 * Origin: `ANZHENG_LOG_ORIGIN`, else `<host><path>/log` of `ANZHENG_PUBLIC_URL`, else
 * `anzheng.local/log`. C2SP tlog-checkpoint: a schema-less URL that identifies the log.
 */
export function readLedgerSettings(env: Env = process.env): LedgerSettings {
  let origin = value(env, ENV.origin);
  if (origin === undefined) {
    const publicUrl = value(env, ENV.publicUrl);
    if (publicUrl !== undefined) {
      try {
        const u = new URL(publicUrl);
        origin = `${u.host}${u.pathname.replace(/\/+$/, '')}/log`;
      } catch {
        throw new LedgerConfigError(`${ENV.publicUrl}=${publicUrl}：不是有效的 URL`);
      }
    }
  }
  origin ??= DEFAULT_ORIGIN;
  if (!isValidKeyName(origin)) {
    throw new LedgerConfigError(`${ENV.origin}=${origin}：不能为空，不能包含空格或 “+”`);
  }
  return {
    origin,
    checkpointIntervalMs: integer(env, ENV.interval, DEFAULT_CHECKPOINT_INTERVAL_MS, 0, 24 * 3600 * 1000),
    batchSize: integer(env, ENV.batchSize, DEFAULT_BATCH_SIZE, 1, 100_000),
  };
}

export const LOG_KEY_FILE = path.join('keys', 'log-note.key');

export interface LoadedLogKey {
  signer: NoteSigner;
  /** `<name>+<id>+<base64 key>` — what verifiers trust (published on /api/v1/log/info). */
  verifierKey: string;
  source: 'env' | 'file';
  createdFile?: string;
}

/**
 * The checkpoint signing key: `ANZHENG_LOG_SIGNER_KEY` (`PRIVATE+KEY+…`, Go sumdb/note format),
 * else `<dataDir>/keys/log-note.key`, created (mode 0600) on the first start. Several server
 * processes on one PostgreSQL must share the key through the environment variable.
 * With `create: false` (the CLI) a missing key file is an error rather than a new key.
 */
export function loadLogKey(options: {
  env?: Env;
  dataDir: string;
  origin: string;
  create?: boolean;
}): LoadedLogKey {
  const env = options.env ?? process.env;
  const fromEnv = value(env, ENV.signerKey);
  if (fromEnv !== undefined) return fromSignerKey(fromEnv, ENV.signerKey, 'env');
  const file = path.join(options.dataDir, LOG_KEY_FILE);
  let createdFile: string | undefined;
  if (!fs.existsSync(file)) {
    if (options.create === false) {
      throw new LedgerConfigError(`日志签名密钥文件 ${file} 不存在，且未设置 ${ENV.signerKey}`);
    }
    createdFile = createKeyFile(file, generateNoteKeys(options.origin).signerKey);
  }
  const loaded = fromSignerKey(fs.readFileSync(file, 'utf8').trim(), file, 'file');
  return createdFile ? { ...loaded, createdFile } : loaded;
}

function fromSignerKey(text: string, source: string, kind: 'env' | 'file'): LoadedLogKey {
  let signer: NoteSigner;
  try {
    signer = parseSignerKey(text);
  } catch (error) {
    // Never echo the value: it is key material.
    throw new LedgerConfigError(
      `${source}：不是有效的 PRIVATE+KEY+… 签名密钥（${(error as Error).message}）`,
    );
  }
  return { signer, verifierKey: verifierKeyOf(text), source: kind };
}

/** The verifier key string for a signer key string (same name, key ID and public key). */
function verifierKeyOf(signerKey: string): string {
  // PRIVATE+KEY+<name>+<id>+<base64>: the base64 part may itself contain '+'.
  const [, , name, id, ...rest] = signerKey.split('+') as [string, string, string, string, ...string[]];
  const b64 = rest.join('+');
  const material = Buffer.from(b64, 'base64');
  // RFC 8410 PKCS#8 wrapping of a raw Ed25519 seed, so node:crypto derives the public key.
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), material.subarray(1)]);
  const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({
    format: 'der',
    type: 'spki',
  });
  const verifierKey = `${name}+${id}+${Buffer.concat([material.subarray(0, 1), spki.subarray(-32)]).toString('base64')}`;
  parseVerifierKey(verifierKey); // checks the key ID against name and public key
  return verifierKey;
}

/** Temp file (0600) → fsync → hard link, so two processes starting together keep one key. */
function createKeyFile(file: string, content: string): string | undefined {
  const dir = path.dirname(file);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.log-note.key.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, `${content}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, file);
    return file;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    fs.renameSync(temp, file);
    return file;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}
