/** A problem found in an identifier; `code` is stable and part of the API contract. */
export interface IdIssue {
  code: string;
  message: string;
}

/** Thrown by builders (`format…`, `build…`, `convert…`) when their input cannot form a valid identifier. */
export class IdentifierError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'IdentifierError';
    this.code = code;
  }
}

export function issue(code: string, message: string): IdIssue {
  return { code, message };
}
