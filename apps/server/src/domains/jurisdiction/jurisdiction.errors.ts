import { NotFoundError, ValidationError } from '@anzheng/contracts';

export class DivisionNotFoundError extends NotFoundError {
  constructor(code: string) {
    super('DIVISION_NOT_FOUND', `行政区划 ${code} 不存在`);
  }
}

/** A request names a division code that is well-formed but not in GB/T 2260 (or abolished). */
export class UnknownDivisionError extends ValidationError {
  constructor(field: string, code: string, abolished = false) {
    const message = abolished ? `行政区划 ${code} 已撤销，请使用现行区划代码` : `行政区划代码 ${code} 不存在`;
    super('UNKNOWN_DIVISION', message, [{ field, code: 'UNKNOWN_DIVISION', message }]);
  }
}
