import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asBytes, fromBase64, fromBase64url, fromHex, toBase64 } from './encoding.ts';
import { KeyConfigError } from './errors.ts';
import {
  FIELD_SUITES,
  type FieldSuite,
  KEY_ID_PATTERN,
  type Keyring,
  validateKeyring,
} from './field-cipher.ts';

export const MASTER_KEY_ENV = 'ANZHENG_MASTER_KEY';
export const SUITE_ENV = 'ANZHENG_CRYPTO_SUITE';
/** Optional: pins the blind-index key when the first key of the list is not the right one. */
export const INDEX_KEY_ENV = 'ANZHENG_INDEX_KEY_ID';

const SINGLE_KEY_ID = 'k1';
const KEY_FILE_VERSION = 1;

export interface LoadKeyringOptions {
  env: Record<string, string | undefined>;
  /** The embedded data directory (`./data`); the key file lives in `<dataDir>/keys/master.json`. */
  dataDir: string;
  production: boolean;
}

export interface LoadedKeyring {
  keyring: Keyring;
  source: 'env' | 'file';
  /** Set only on the start that generated the key file. */
  createdFile?: string;
}

interface KeyFile {
  version: number;
  createdAt: string;
  activeKeyId: string;
  indexKeyId: string;
  keys: Record<string, string>;
}

/**
 * Reads the field-encryption master keys.
 *
 * `ANZHENG_MASTER_KEY` is either one 32-byte key (base64, base64url or hex; id `k1`) or a rotation list
 * `id1:key1,id2:key2` whose LAST entry is active. Without it, a non-production start uses (and on the first
 * start creates) `<dataDir>/keys/master.json`; production refuses to start.
 */
export function loadKeyring({ env, dataDir, production }: LoadKeyringOptions): LoadedKeyring {
  const suite = parseSuite(env[SUITE_ENV]);
  const indexKeyId = env[INDEX_KEY_ENV]?.trim() || undefined;
  const raw = env[MASTER_KEY_ENV]?.trim();
  if (raw) {
    const keyring: Keyring = { ...parseMasterKeyEnv(raw), suite };
    if (indexKeyId) keyring.indexKeyId = indexKeyId;
    return { keyring: checked(keyring, INDEX_KEY_ENV), source: 'env' };
  }
  if (production) {
    throw new KeyConfigError(
      `生产环境必须配置 ${MASTER_KEY_ENV} / ${MASTER_KEY_ENV} must be set in production (the key file is for local and embedded use only)`,
    );
  }
  const file = path.join(dataDir, 'keys', 'master.json');
  const created = fs.existsSync(file) ? undefined : createKeyFile(file);
  const stored = readKeyFile(file);
  const keyring: Keyring = {
    activeKeyId: stored.activeKeyId,
    indexKeyId: indexKeyId ?? stored.indexKeyId,
    keys: stored.keys,
    suite,
  };
  const result: LoadedKeyring = { keyring: checked(keyring, file), source: 'file' };
  if (created) result.createdFile = created;
  return result;
}

/** A fresh random 32-byte master key. */
export function generateMasterKey(): Uint8Array {
  return asBytes(randomBytes(32));
}

/** Parses the `ANZHENG_MASTER_KEY` value (without reading any other variable). */
export function parseMasterKeyEnv(raw: string): Pick<Keyring, 'activeKeyId' | 'keys'> {
  const value = raw.trim();
  if (!value.includes(':') && !value.includes(',')) {
    return { activeKeyId: SINGLE_KEY_ID, keys: { [SINGLE_KEY_ID]: decodeMasterKey(value, 'the key') } };
  }
  const keys: Record<string, Uint8Array> = {};
  let last = '';
  value.split(',').forEach((entry, i) => {
    const where = `entry ${i + 1}`;
    const colon = entry.indexOf(':');
    if (colon < 0) throw envError(`第 ${i + 1} 项缺少 "id:" 前缀`, `${where} lacks the "id:" prefix`);
    const id = entry.slice(0, colon).trim();
    if (!KEY_ID_PATTERN.test(id)) {
      throw envError(
        `第 ${i + 1} 项的密钥 ID 无效`,
        `${where} has an invalid key id (expected ${KEY_ID_PATTERN})`,
      );
    }
    if (Object.hasOwn(keys, id)) throw envError(`密钥 ID ${id} 重复`, `key id ${id} appears twice`);
    keys[id] = decodeMasterKey(entry.slice(colon + 1).trim(), `key ${id}`);
    last = id;
  });
  return { activeKeyId: last, keys };
}

function parseSuite(raw: string | undefined): FieldSuite {
  const value = raw?.trim() || 'aes-256-gcm';
  if (!(FIELD_SUITES as readonly string[]).includes(value)) {
    throw new KeyConfigError(
      `${SUITE_ENV} 取值无效，应为 ${FIELD_SUITES.join(' 或 ')} / ${SUITE_ENV} must be one of ${FIELD_SUITES.join(', ')}`,
    );
  }
  return value as FieldSuite;
}

// Hex first: 64 hex characters would also pass as base64, but of 48 bytes, so there is no ambiguity.
function decodeMasterKey(text: string, what: string): Uint8Array {
  let bytes: Uint8Array | undefined;
  for (const decode of [fromHex, fromBase64, fromBase64url]) {
    try {
      bytes = decode(text);
      break;
    } catch {}
  }
  if (!bytes) throw envError(`${what} 不是 hex 或 base64 编码`, `${what} is neither hex nor base64`);
  if (bytes.length !== 32) {
    // Never echo the value: it is key material.
    throw envError(
      `${what} 长度为 ${bytes.length} 字节，应为 32 字节`,
      `${what} is ${bytes.length} bytes, not 32`,
    );
  }
  return bytes;
}

function envError(zh: string, en: string): KeyConfigError {
  return new KeyConfigError(`${MASTER_KEY_ENV} 无效：${zh} / ${MASTER_KEY_ENV} is invalid: ${en}`);
}

function checked(keyring: Keyring, source: string): Keyring {
  try {
    validateKeyring(keyring);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new KeyConfigError(`${source}: ${message}`, { cause });
  }
  return keyring;
}

/**
 * Writes a new key file without ever exposing a partial file: temp file (0600) → fsync → hard link to the
 * final name. Unlike rename, link fails if the name exists, so two processes starting together cannot
 * overwrite each other's key (the loser just reads the winner's file). Falls back to rename on
 * filesystems without hard links.
 */
function createKeyFile(file: string): string | undefined {
  const dir = path.dirname(file);
  // Only keys/ is private; the data directory itself is shared with the database files.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const id = SINGLE_KEY_ID;
  const content: KeyFile = {
    version: KEY_FILE_VERSION,
    createdAt: new Date().toISOString(),
    activeKeyId: id,
    indexKeyId: id,
    keys: { [id]: toBase64(generateMasterKey()) },
  };
  const temp = path.join(dir, `.master.json.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    fs.renameSync(temp, file);
    return file;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return file;
}

function readKeyFile(file: string): Pick<Keyring, 'activeKeyId' | 'indexKeyId' | 'keys'> {
  const fail = (zh: string, en: string) =>
    new KeyConfigError(`密钥文件 ${file} ${zh} / key file ${file} ${en}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new KeyConfigError(`密钥文件 ${file} 无法读取 / key file ${file} cannot be read or parsed`, {
      cause,
    });
  }
  const data = parsed as Partial<KeyFile> | null;
  if (data?.version !== KEY_FILE_VERSION || typeof data.keys !== 'object' || data.keys === null) {
    throw fail('格式不受支持', `has an unsupported format (expected version ${KEY_FILE_VERSION})`);
  }
  if (typeof data.activeKeyId !== 'string' || typeof data.indexKeyId !== 'string') {
    throw fail('缺少 activeKeyId 或 indexKeyId', 'lacks activeKeyId or indexKeyId');
  }
  const keys: Record<string, Uint8Array> = {};
  for (const [id, value] of Object.entries(data.keys)) {
    try {
      keys[id] = fromBase64(String(value));
    } catch {
      throw fail(`中的密钥 ${id} 不是 base64`, `has a key ${id} that is not base64`);
    }
  }
  return { activeKeyId: data.activeKeyId, indexKeyId: data.indexKeyId, keys };
}
