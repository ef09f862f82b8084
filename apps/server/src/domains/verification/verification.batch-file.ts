import { readRows, type SourceRow } from '../imports/index.ts';
import { BatchBadHeaderError, BatchEmptyError, BatchTooLargeError } from './verification.errors.ts';

/**
 * Reading an employer's upload for batch verification: CSV in UTF-8 (with or without BOM) or
 * GB18030, or XLSX — decoded by the imports domain's reader — with a header row
 * `证书编号,姓名` (or `number,name`, any order, other columns ignored).
 */

/** 10,000 data rows per batch (docs/verification.md). */
export const MAX_BATCH_ROWS = 10_000;

export interface BatchInputRow {
  /** The line a spreadsheet shows (header = 1) or, for JSON, the 1-based position. */
  line: number;
  number: string;
  name: string;
}

const NUMBER_HEADERS = new Set(['证书编号', 'number', 'certificate number', 'certificateno', 'no']);
const NAME_HEADERS = new Set(['姓名', 'name', '持证人姓名', '持证人']);

const headerKey = (cell: string) => cell.normalize('NFKC').trim().toLowerCase();

/** Stops the reader as soon as the row limit is passed (the file is not read to its end). */
class TooManyRows extends Error {}

export async function readBatchFile(file: string, maxRows = MAX_BATCH_ROWS): Promise<BatchInputRow[]> {
  let columns: { number: number; name: number } | undefined;
  const rows: BatchInputRow[] = [];
  try {
    await readRows(file, (r: SourceRow) => {
      if (!columns) {
        const keys = r.cells.map(headerKey);
        const number = keys.findIndex((k) => NUMBER_HEADERS.has(k));
        const name = keys.findIndex((k) => NAME_HEADERS.has(k));
        const missing = [...(number < 0 ? ['证书编号'] : []), ...(name < 0 ? ['姓名'] : [])];
        if (missing.length > 0) throw new BatchBadHeaderError(missing);
        columns = { number, name };
        return;
      }
      if (rows.length >= maxRows) throw new TooManyRows();
      rows.push({ line: r.row, number: r.cells[columns.number] ?? '', name: r.cells[columns.name] ?? '' });
    });
  } catch (error) {
    if (error instanceof TooManyRows)
      throw new BatchTooLargeError(maxRows, `超过 ${maxRows.toLocaleString('en-US')}`);
    throw error;
  }
  if (!columns) throw new BatchBadHeaderError(['证书编号', '姓名']);
  if (rows.length === 0) throw new BatchEmptyError();
  return rows;
}
