/**
 * Errors thrown by @anzheng/crypto. Each carries a stable UPPER_SNAKE `code` so the server can map it to an
 * AppError without matching on message text.
 */
export abstract class CryptoError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The value cannot be represented as RFC 8785 canonical JSON. */
export class CanonicalJsonError extends CryptoError {
  readonly code = 'CANONICAL_JSON_INVALID';
}

/** A hex / base64 / base58 / multibase string is malformed. */
export class EncodingError extends CryptoError {
  readonly code = 'ENCODING_INVALID';
}

/** A field-encryption token could not be decrypted: malformed, tampered, wrong AAD or unknown key id. */
export class FieldDecryptionError extends CryptoError {
  readonly code = 'FIELD_DECRYPTION_FAILED';
}

/** Key material or key configuration (env, key file, keyring) is missing or invalid. */
export class KeyConfigError extends CryptoError {
  readonly code = 'KEY_CONFIG_INVALID';
}

/** A signing key is malformed (signing side; verification never throws on bad input). */
export class SigningKeyError extends CryptoError {
  readonly code = 'SIGNING_KEY_INVALID';
}
