export {
  asBytes,
  concatBytes,
  fromBase58btc,
  fromBase64,
  fromBase64url,
  fromEd25519Multikey,
  fromHex,
  fromMultibase,
  toBase58btc,
  toBase64,
  toBase64url,
  toEd25519Multikey,
  toHex,
  toMultibase,
  utf8Decode,
  utf8Encode,
} from './encoding.ts';
export {
  CanonicalJsonError,
  CryptoError,
  EncodingError,
  FieldDecryptionError,
  KeyConfigError,
  SigningKeyError,
} from './errors.ts';
export {
  createFieldCipher,
  FIELD_SUITES,
  type FieldCipher,
  type FieldSuite,
  KEY_ID_PATTERN,
  type Keyring,
  validateKeyring,
} from './field-cipher.ts';
export { bytesEqual, type DigestName, digest, hkdf, hmac, sha256, sm3 } from './hash.ts';
export { canonicalBytes, canonicalize } from './jcs.ts';
export {
  generateMasterKey,
  INDEX_KEY_ENV,
  type LoadedKeyring,
  type LoadKeyringOptions,
  loadKeyring,
  MASTER_KEY_ENV,
  parseMasterKeyEnv,
  SUITE_ENV,
} from './keyring.ts';
export {
  derivePublicKey,
  generateSigningKey,
  SIGNING_SUITES,
  type SigningKeyPair,
  type SigningSuite,
  SM2_DEFAULT_USER_ID,
  sign,
  signingKeyId,
  verify,
} from './signing.ts';
