import { AppError, NotFoundError } from '@anzheng/contracts';

/** Unknown, expired and withdrawn links answer the same (a link's existence is not disclosed). */
export class ShareLinkNotFoundError extends NotFoundError {
  constructor() {
    super('SHARE_LINK_NOT_FOUND', '分享链接不存在、已过期或已被持证人撤回');
  }
}

/** The caller may see the certificate but is not its holder (share links are the holder's own). */
export class ShareHolderOnlyError extends AppError {
  constructor() {
    super({
      statusCode: 403,
      code: 'SHARE_HOLDER_ONLY',
      message: '只有持证人本人可以管理自己证书的分享链接',
      error: 'Forbidden',
    });
  }
}

export class StatusListNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('STATUS_LIST_NOT_FOUND', `状态列表 ${id} 不存在（格式为“<编号>-revocation”或“<编号>-suspension”）`);
  }
}

export class IssuerNotFoundError extends NotFoundError {
  constructor(code: string) {
    super('ISSUER_NOT_FOUND', `发证机关 ${code} 不存在或没有 Ed25519 签名密钥`);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `请求过于频繁，请 ${retryAfterSeconds} 秒后再试`,
      error: 'Too Many Requests',
    });
  }
}
