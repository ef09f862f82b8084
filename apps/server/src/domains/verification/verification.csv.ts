import type { BatchVerifyResult } from '@anzheng/contracts';
import { levelByCode } from '@anzheng/contracts';
import { OUTCOME_NAMES } from './verification.service.ts';

/** The batch result as a CSV an employer opens in Excel/WPS: UTF-8 with BOM, Chinese headers. */

const HEADERS = ['行号', '证书编号', '姓名', '核验结果', '结果代码', '证书类型', '等级', '有效期至', '说明'];

/** RFC 4180 quoting; a leading = + - @ is neutralised so a cell never runs as a formula. */
function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function batchResultCsv(result: BatchVerifyResult): string {
  const lines = [HEADERS.join(',')];
  for (const r of result.rows) {
    lines.push(
      [
        r.line,
        r.number,
        r.name,
        OUTCOME_NAMES[r.outcome],
        r.outcome,
        r.certificateTypeName,
        r.level === null ? null : (levelByCode(r.level)?.name ?? r.level),
        r.validUntil,
        r.message,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
