import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64, toHex } from './encoding.ts';
import { KeyConfigError } from './errors.ts';
import { createFieldCipher } from './field-cipher.ts';
import { loadKeyring, parseMasterKeyEnv } from './keyring.ts';

const keyA = Uint8Array.from({ length: 32 }, (_, i) => i);
const keyB = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anzheng-keys-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('loadKeyring from ANZHENG_MASTER_KEY', () => {
  it.each([
    ['base64', toBase64(keyA)],
    ['hex', toHex(keyA)],
    ['base64url', Buffer.from(keyA).toString('base64url')],
  ])('accepts a single %s key as k1 with the default suite', (_label, value) => {
    const { keyring, source, createdFile } = loadKeyring({
      env: { ANZHENG_MASTER_KEY: value },
      dataDir,
      production: true,
    });
    expect(source).toBe('env');
    expect(createdFile).toBeUndefined();
    expect(keyring.suite).toBe('aes-256-gcm');
    expect(keyring.activeKeyId).toBe('k1');
    expect(keyring.keys.k1).toEqual(keyA);
    expect(fs.existsSync(path.join(dataDir, 'keys'))).toBe(false);
  });

  it('makes the last entry of a list active and keeps the first as blind-index key', () => {
    const env = {
      ANZHENG_MASTER_KEY: ` 2024a:${toBase64(keyA)}, 2025b:${toHex(keyB)} `,
      ANZHENG_CRYPTO_SUITE: 'sm4',
    };
    const { keyring } = loadKeyring({ env, dataDir, production: true });
    expect(keyring.activeKeyId).toBe('2025b');
    expect(Object.keys(keyring.keys)).toEqual(['2024a', '2025b']);
    expect(keyring.suite).toBe('sm4');
    expect(createFieldCipher({ keyring }).indexKeyId).toBe('2024a');
  });

  it('lets ANZHENG_INDEX_KEY_ID pin the blind-index key', () => {
    const env = { ANZHENG_MASTER_KEY: `a:${toBase64(keyA)},b:${toBase64(keyB)}`, ANZHENG_INDEX_KEY_ID: 'b' };
    expect(createFieldCipher(loadKeyring({ env, dataDir, production: true })).indexKeyId).toBe('b');
    const missing = { ...env, ANZHENG_INDEX_KEY_ID: 'c' };
    expect(() => loadKeyring({ env: missing, dataDir, production: true })).toThrow('ANZHENG_INDEX_KEY_ID');
  });

  it.each([
    ['a short key', toBase64(keyA.subarray(0, 16)), '16 bytes'],
    ['not base64 or hex', 'not a key!', 'neither hex nor base64'],
    ['an entry without id', `k1:${toBase64(keyA)},${toBase64(keyB)}`, 'entry 2 lacks the "id:" prefix'],
    ['a duplicate id', `k1:${toBase64(keyA)},k1:${toBase64(keyB)}`, 'appears twice'],
    ['a bad id', `k.1:${toBase64(keyA)}`, 'invalid key id'],
    ['an empty list entry', `k1:${toBase64(keyA)},`, 'entry 2'],
  ])('rejects %s, naming the variable in Chinese and English', (_label, value, message) => {
    const load = () => loadKeyring({ env: { ANZHENG_MASTER_KEY: value }, dataDir, production: true });
    expect(load).toThrow(KeyConfigError);
    expect(load).toThrow(message);
    expect(load).toThrow('ANZHENG_MASTER_KEY 无效');
  });

  it('never echoes key material in an error', () => {
    const secret = toBase64(keyA.subarray(0, 31));
    try {
      parseMasterKeyEnv(secret);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('rejects an unknown ANZHENG_CRYPTO_SUITE', () => {
    const env = { ANZHENG_MASTER_KEY: toBase64(keyA), ANZHENG_CRYPTO_SUITE: 'sm4-gcm' };
    expect(() => loadKeyring({ env, dataDir, production: false })).toThrow(
      /ANZHENG_CRYPTO_SUITE.*aes-256-gcm, sm4/,
    );
  });
});

describe('loadKeyring without ANZHENG_MASTER_KEY', () => {
  it('refuses to start in production and writes nothing', () => {
    const load = () => loadKeyring({ env: { ANZHENG_MASTER_KEY: ' ' }, dataDir, production: true });
    expect(load).toThrow(KeyConfigError);
    expect(load).toThrow('生产环境必须配置 ANZHENG_MASTER_KEY');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('creates a private key file on the first start and reuses it afterwards', () => {
    const file = path.join(dataDir, 'keys', 'master.json');
    const first = loadKeyring({ env: {}, dataDir, production: false });
    expect(first.source).toBe('file');
    expect(first.createdFile).toBe(file);
    if (process.platform !== 'win32') {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }
    expect(fs.readdirSync(path.dirname(file))).toEqual(['master.json']);

    const token = createFieldCipher(first).encrypt('110101199003077777', 'person.id_number');
    const second = loadKeyring({ env: { ANZHENG_CRYPTO_SUITE: 'sm4' }, dataDir, production: false });
    expect(second.createdFile).toBeUndefined();
    expect(second.keyring.keys).toEqual(first.keyring.keys);
    expect(second.keyring.suite).toBe('sm4');
    expect(createFieldCipher(second).decrypt(token, 'person.id_number')).toBe('110101199003077777');
  });

  it('uses an existing key file instead of overwriting it', () => {
    const dir = path.join(dataDir, 'keys');
    fs.mkdirSync(dir, { recursive: true });
    const stored = { version: 1, createdAt: '2025-01-01T00:00:00Z', activeKeyId: 'k2', indexKeyId: 'k1' };
    const keys = { k1: toBase64(keyA), k2: toBase64(keyB) };
    fs.writeFileSync(path.join(dir, 'master.json'), JSON.stringify({ ...stored, keys }));
    const { keyring, createdFile } = loadKeyring({ env: {}, dataDir, production: false });
    expect(createdFile).toBeUndefined();
    expect(keyring).toEqual({
      activeKeyId: 'k2',
      indexKeyId: 'k1',
      keys: { k1: keyA, k2: keyB },
      suite: 'aes-256-gcm',
    });
  });

  it.each([
    ['not JSON', '{', 'cannot be read'],
    ['another version', JSON.stringify({ version: 2, keys: {} }), 'unsupported format'],
    [
      'a bad key',
      JSON.stringify({ version: 1, activeKeyId: 'k1', indexKeyId: 'k1', keys: { k1: '!!' } }),
      'not base64',
    ],
    [
      'a short key',
      JSON.stringify({ version: 1, activeKeyId: 'k1', indexKeyId: 'k1', keys: { k1: 'AAAA' } }),
      '32 bytes',
    ],
  ])('reports a key file with %s', (_label, content, message) => {
    fs.mkdirSync(path.join(dataDir, 'keys'));
    fs.writeFileSync(path.join(dataDir, 'keys', 'master.json'), content);
    const load = () => loadKeyring({ env: {}, dataDir, production: false });
    expect(load).toThrow(KeyConfigError);
    expect(load).toThrow(message);
  });
});
