import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  asBytes,
  concatBytes,
  fromBase64url,
  toBase64url,
  toHex,
  utf8Decode,
  utf8Encode,
} from './encoding.ts';
import { FieldDecryptionError, KeyConfigError } from './errors.ts';
import { bytesEqual, type DigestName, hkdf, hmac } from './hash.ts';

/**
 * Field-encryption suites. `sm4` is SM4-CBC (GB/T 32907) with HMAC-SM3 encrypt-then-MAC: Node 20's
 * OpenSSL 3.0 offers sm4-cbc/ctr/ecb/cfb/ofb but no sm4-gcm, so authenticity comes from the MAC.
 */
export type FieldSuite = 'aes-256-gcm' | 'sm4';

export const FIELD_SUITES: readonly FieldSuite[] = ['aes-256-gcm', 'sm4'];

/**
 * Master keys for personal-data fields (ID numbers, phone numbers). Keys are never used directly; every
 * purpose gets its own HKDF subkey.
 */
export interface Keyring {
  /** Key that encrypts new values. Older keys stay in `keys` so existing tokens keep decrypting. */
  activeKeyId: string;
  /** 32-byte master keys by id. Insertion order matters for the default `indexKeyId`. */
  keys: Record<string, Uint8Array>;
  /** Suite for new ciphertexts and blind indexes; decryption follows the suite named in each token. */
  suite: FieldSuite;
  /**
   * Key from which blind-index keys are derived. Defaults to the FIRST key in `keys`, so appending a new
   * active key (rotation) leaves every stored blind index valid. It must stay in the keyring for as long as
   * the indexes exist; changing it means recomputing every blind index.
   */
  indexKeyId?: string;
}

/** Key ids appear in tokens (dot-separated) and in `id:key,id:key` env lists, so they are kept plain. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const MASTER_KEY_BYTES = 32;
const TOKEN_VERSION = 'v1';
const PURPOSE_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

// HKDF info labels: one per purpose and algorithm, so no two uses ever share a key.
const LABEL_AES_GCM = 'anzheng/field-encryption/v1/aes-256-gcm';
const LABEL_SM4_ENC = 'anzheng/field-encryption/v1/sm4-cbc';
const LABEL_SM4_MAC = 'anzheng/field-encryption/v1/hmac-sm3';
const LABEL_BLIND_INDEX = 'anzheng/blind-index/v1';

const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
const SM4_BLOCK_BYTES = 16;
const SM3_TAG_BYTES = 32;

/** Under the SM suite every primitive is a national one (HKDF-SM3, HMAC-SM3), as 密评 (GB/T 39786) expects. */
const SUITE_DIGEST: Record<FieldSuite, DigestName> = { 'aes-256-gcm': 'sha256', sm4: 'sm3' };

export interface FieldCipher {
  readonly suite: FieldSuite;
  readonly activeKeyId: string;
  readonly indexKeyId: string;
  /** `v1.<suite>.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`; `aad` (e.g. the column) must match on decrypt. */
  encrypt(plaintext: string, aad?: string): string;
  /** Throws FieldDecryptionError on any tampering, wrong AAD or unknown key id. */
  decrypt(token: string, aad?: string): string;
  /**
   * Keyed HMAC of an already-normalized value (e.g. upper-cased ID number), lowercase hex, for exact-match
   * lookup. Separate `purpose`s (`person.id_number`, `person.phone`) give unlinkable indexes.
   */
  blindIndex(value: string, purpose: string): string;
  /** True when a token was written under another key or suite than the active one. */
  needsReencryption(token: string): boolean;
  /** Decrypts and encrypts again under the active key and suite (background rotation job). */
  reencrypt(token: string, aad?: string): string;
}

interface ParsedToken {
  suite: FieldSuite;
  keyId: string;
  header: string;
  payload: Uint8Array;
}

/** Throws KeyConfigError if the keyring is unusable; returns the effective index key id. */
export function validateKeyring(keyring: Keyring): string {
  const ids = Object.keys(keyring.keys);
  if (ids.length === 0) throw new KeyConfigError('密钥环为空 / keyring has no keys');
  for (const id of ids) {
    if (!KEY_ID_PATTERN.test(id)) {
      throw new KeyConfigError(`密钥 ID "${id}" 无效 / key id "${id}" must match ${KEY_ID_PATTERN}`);
    }
    if (keyring.keys[id]?.length !== MASTER_KEY_BYTES) {
      throw new KeyConfigError(`密钥 ${id} 不是 32 字节 / key ${id} is not ${MASTER_KEY_BYTES} bytes`);
    }
  }
  if (!Object.hasOwn(keyring.keys, keyring.activeKeyId)) {
    throw new KeyConfigError(
      `当前密钥 ${keyring.activeKeyId} 不在密钥环中 / active key ${keyring.activeKeyId} is not in the keyring`,
    );
  }
  if (!FIELD_SUITES.includes(keyring.suite)) {
    throw new KeyConfigError(`不支持的算法套件 ${keyring.suite} / unsupported suite ${keyring.suite}`);
  }
  const indexKeyId = keyring.indexKeyId ?? ids[0]!;
  if (!Object.hasOwn(keyring.keys, indexKeyId)) {
    throw new KeyConfigError(
      `索引密钥 ${indexKeyId} 不在密钥环中 / index key ${indexKeyId} is not in the keyring`,
    );
  }
  return indexKeyId;
}

export function createFieldCipher({ keyring }: { keyring: Keyring }): FieldCipher {
  const indexKeyId = validateKeyring(keyring);
  const { suite, activeKeyId } = keyring;
  // Copies, so later mutation of the caller's keyring cannot change what this cipher does.
  const masters = new Map(Object.entries(keyring.keys).map(([id, key]) => [id, Uint8Array.from(key)]));
  const subkeys = new Map<string, Uint8Array>();

  function subkey(keyId: string, tokenSuite: FieldSuite, label: string, length: number): Uint8Array {
    const cacheKey = `${keyId}\u0000${label}`;
    let key = subkeys.get(cacheKey);
    if (!key) {
      const master = masters.get(keyId);
      if (!master) throw new FieldDecryptionError(`unknown key id "${keyId}" (retired or never configured)`);
      key = hkdf(SUITE_DIGEST[tokenSuite], master, label, length);
      subkeys.set(cacheKey, key);
    }
    return key;
  }

  function encrypt(plaintext: string, aad?: string): string {
    assertWellFormed(plaintext, 'plaintext');
    assertWellFormed(aad ?? '', 'aad');
    const header = `${TOKEN_VERSION}.${suite}.${activeKeyId}`;
    const ad = associatedData(header, aad);
    const data = utf8Encode(plaintext);
    let payload: Uint8Array;
    if (suite === 'aes-256-gcm') {
      const iv = randomBytes(GCM_IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', subkey(activeKeyId, suite, LABEL_AES_GCM, 32), iv, {
        authTagLength: GCM_TAG_BYTES,
      });
      cipher.setAAD(ad);
      const body = Buffer.concat([cipher.update(data), cipher.final()]);
      payload = concatBytes(iv, body, cipher.getAuthTag());
    } else {
      const iv = randomBytes(SM4_BLOCK_BYTES);
      const cipher = createCipheriv('sm4-cbc', subkey(activeKeyId, suite, LABEL_SM4_ENC, 16), iv);
      const body = Buffer.concat([cipher.update(data), cipher.final()]);
      const tag = hmac('sm3', subkey(activeKeyId, suite, LABEL_SM4_MAC, 32), macInput(ad, iv, body));
      payload = concatBytes(iv, body, tag);
    }
    return `${header}.${toBase64url(payload)}`;
  }

  function decrypt(token: string, aad?: string): string {
    assertWellFormed(aad ?? '', 'aad');
    const parsed = parseToken(token);
    const ad = associatedData(parsed.header, aad);
    const { payload } = parsed;
    let plain: Buffer;
    if (parsed.suite === 'aes-256-gcm') {
      const key = subkey(parsed.keyId, parsed.suite, LABEL_AES_GCM, 32);
      const iv = payload.subarray(0, GCM_IV_BYTES);
      const body = payload.subarray(GCM_IV_BYTES, payload.length - GCM_TAG_BYTES);
      const tag = payload.subarray(payload.length - GCM_TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
      decipher.setAAD(ad);
      decipher.setAuthTag(tag);
      try {
        plain = Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        throw authenticationFailure();
      }
    } else {
      const encKey = subkey(parsed.keyId, parsed.suite, LABEL_SM4_ENC, 16);
      const macKey = subkey(parsed.keyId, parsed.suite, LABEL_SM4_MAC, 32);
      const iv = payload.subarray(0, SM4_BLOCK_BYTES);
      const body = payload.subarray(SM4_BLOCK_BYTES, payload.length - SM3_TAG_BYTES);
      const tag = payload.subarray(payload.length - SM3_TAG_BYTES);
      // Encrypt-then-MAC: nothing is decrypted before the tag checks out (no padding oracle).
      if (!bytesEqual(hmac('sm3', macKey, macInput(ad, iv, body)), tag)) throw authenticationFailure();
      const decipher = createDecipheriv('sm4-cbc', encKey, iv);
      try {
        plain = Buffer.concat([decipher.update(body), decipher.final()]);
      } catch {
        throw authenticationFailure();
      }
    }
    return utf8Decode(asBytes(plain));
  }

  function blindIndex(value: string, purpose: string): string {
    if (!PURPOSE_PATTERN.test(purpose)) {
      throw new TypeError(`blind-index purpose "${purpose}" must match ${PURPOSE_PATTERN}`);
    }
    assertWellFormed(value, 'value');
    const key = subkey(indexKeyId, suite, `${LABEL_BLIND_INDEX}/${purpose}`, 32);
    return toHex(hmac(SUITE_DIGEST[suite], key, utf8Encode(value)));
  }

  function needsReencryption(token: string): boolean {
    const parsed = parseToken(token);
    return parsed.keyId !== activeKeyId || parsed.suite !== suite;
  }

  return {
    suite,
    activeKeyId,
    indexKeyId,
    encrypt,
    decrypt,
    blindIndex,
    needsReencryption,
    reencrypt: (token, aad) => encrypt(decrypt(token, aad), aad),
  };
}

function parseToken(token: string): ParsedToken {
  const parts = token.split('.');
  if (parts.length !== 4)
    throw new FieldDecryptionError('malformed token: expected v1.<suite>.<keyId>.<data>');
  const [version, suiteName, keyId, data] = parts as [string, string, string, string];
  if (version !== TOKEN_VERSION) throw new FieldDecryptionError(`unsupported token version "${version}"`);
  if (!(FIELD_SUITES as readonly string[]).includes(suiteName)) {
    throw new FieldDecryptionError(`unsupported suite "${suiteName}"`);
  }
  const suite = suiteName as FieldSuite;
  if (!KEY_ID_PATTERN.test(keyId)) throw new FieldDecryptionError('malformed token: invalid key id');
  let payload: Uint8Array;
  try {
    payload = fromBase64url(data);
  } catch {
    throw new FieldDecryptionError('malformed token: data is not base64url');
  }
  const tooShort =
    suite === 'aes-256-gcm'
      ? payload.length < GCM_IV_BYTES + GCM_TAG_BYTES
      : payload.length < 2 * SM4_BLOCK_BYTES + SM3_TAG_BYTES ||
        (payload.length - SM3_TAG_BYTES) % SM4_BLOCK_BYTES !== 0;
  if (tooShort) throw new FieldDecryptionError('malformed token: data has the wrong length');
  return { suite, keyId, header: `${version}.${suite}.${keyId}`, payload };
}

/** The header is authenticated too, so a token cannot be relabelled with another suite or key id. */
function associatedData(header: string, aad: string | undefined): Uint8Array {
  return concatBytes(utf8Encode(header), Uint8Array.of(0), utf8Encode(aad ?? ''));
}

/** A ‖ IV ‖ C with A's length up front, so the split between them is unambiguous. */
function macInput(ad: Uint8Array, iv: Uint8Array, body: Uint8Array): Uint8Array {
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(ad.length));
  return concatBytes(length, ad, iv, body);
}

function authenticationFailure(): FieldDecryptionError {
  return new FieldDecryptionError(
    'authentication failed: the token was altered, or the AAD (e.g. column name) or key does not match',
  );
}

// TextEncoder would silently turn a lone surrogate into U+FFFD, so two different strings would share
// one ciphertext or blind index.
function assertWellFormed(text: string, what: string): void {
  if (LONE_SURROGATE.test(text)) throw new TypeError(`${what} contains a lone UTF-16 surrogate`);
}
