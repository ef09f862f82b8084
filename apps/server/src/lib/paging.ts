import { ValidationError } from '@anzheng/contracts';

/** 400 INVALID_CURSOR: a `?cursor=` that this server did not hand out. */
export class InvalidCursorError extends ValidationError {
  constructor() {
    super('INVALID_CURSOR', '分页游标无效', [
      { field: 'query.cursor', code: 'INVALID_CURSOR', message: '分页游标无效' },
    ]);
  }
}

/**
 * Cursor paging (DESIGN §5): the cursor is the last row's internal id, opaque to clients
 * (base64url). One pair for every list in the server.
 */
export function encodeCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

/** The id a cursor stands for; undefined for no cursor; InvalidCursorError for a forged one. */
export function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!/^[1-9][0-9]{0,15}$/.test(text)) throw new InvalidCursorError();
  return Number(text);
}
