/**
 * Every failure in this package. `code` is stable (UPPER_SNAKE) so the domain layer can map it to
 * an `AppError` and the offline verifier can report exactly what failed.
 */
export type LedgerErrorCode =
  | 'INVALID_ARGUMENT'
  | 'HASH_READER_MISMATCH'
  | 'INDEX_NOT_IN_TREE'
  | 'INCONSISTENT_TILE'
  | 'MALFORMED_TILE_PATH'
  | 'MALFORMED_ENTRY_BUNDLE'
  | 'ENTRY_TOO_LARGE'
  | 'MALFORMED_KEY'
  | 'KEY_ID_MISMATCH'
  | 'UNKNOWN_KEY_ALGORITHM'
  | 'MALFORMED_NOTE'
  | 'NOTE_SIGNATURE_INVALID'
  | 'NOTE_UNVERIFIED'
  | 'MALFORMED_CHECKPOINT'
  | 'MALFORMED_COSIGNATURE';

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;

  constructor(code: LedgerErrorCode, message: string) {
    super(message);
    this.name = 'LedgerError';
    this.code = code;
  }
}
