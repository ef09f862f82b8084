import { AppError, ConflictError, NotFoundError, ValidationError } from '@anzheng/contracts';

/** A bad log setting (env variable or key file); stops the server at start. */
export class LedgerConfigError extends Error {
  constructor(message: string) {
    super(`透明日志配置错误：${message}`);
    this.name = 'LedgerConfigError';
  }
}

/** C2SP tlog-tiles entry bundles carry a uint16 length: an entry is at most 65,535 bytes. */
export class LedgerEntryTooLargeError extends ValidationError {
  constructor(bytes: number) {
    super('LEDGER_ENTRY_TOO_LARGE', `日志条目为 ${bytes} 字节，超过上限 65535 字节`);
  }
}

export class LedgerEntryInvalidError extends ValidationError {
  constructor(why: string) {
    super('LEDGER_ENTRY_INVALID', `日志条目无效：${why}`);
  }
}

export class LedgerEntryNotFoundError extends NotFoundError {
  constructor(entryId: number) {
    super('LEDGER_ENTRY_NOT_FOUND', `日志条目 ${entryId} 不存在`);
  }
}

/** Written but not yet given a position by the sequencer (a few seconds at most). */
export class LedgerEntryPendingError extends ConflictError {
  constructor(entryId: number) {
    super('LEDGER_ENTRY_PENDING', `日志条目 ${entryId} 尚未排序入树，请稍后重试`);
  }
}

export class TileNotFoundError extends NotFoundError {
  constructor(path: string, size: number) {
    super('TILE_NOT_FOUND', `瓦片 ${path} 超出最新检查点（树大小 ${size}）的范围`);
  }
}

export class MalformedTilePathError extends ValidationError {
  constructor(path: string) {
    super('MALFORMED_TILE_PATH', `瓦片路径 ${path} 不符合 C2SP tlog-tiles 格式`);
  }
}

export class CheckpointNotFoundError extends NotFoundError {
  constructor() {
    super('CHECKPOINT_NOT_FOUND', '透明日志尚无已签名的检查点');
  }
}

/** A proof was asked for sizes the latest checkpoint does not cover, or in the wrong order. */
export class ProofRangeError extends AppError {
  constructor(message: string) {
    super({ statusCode: 400, code: 'PROOF_RANGE_INVALID', message, error: 'Bad Request' });
  }
}
