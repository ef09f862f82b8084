import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { ImportFileError } from './imports.errors.ts';

/**
 * Reading an uploaded file row by row without holding it in memory: CSV in UTF-8 (with or
 * without BOM) or GB18030 (what Excel and WPS save as "CSV" on a Chinese Windows), or XLSX
 * (first worksheet). The format is decided by the bytes, never by the file name.
 */

/** One line of the file: `row` is the number a spreadsheet shows (header = 1). */
export interface SourceRow {
  row: number;
  cells: string[];
}

export type SourceFormat = 'csv-utf8' | 'csv-gb18030' | 'xlsx';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** Bytes inspected to choose the encoding: enough to contain non-ASCII text in practice. */
const SNIFF_BYTES = 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isStrictUtf8(bytes: Uint8Array): boolean {
  try {
    // stream: true — a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Decides the format from the first bytes; throws ImportFileError for what we cannot read. */
export async function detectFormat(file: string): Promise<SourceFormat> {
  const head = await readHead(file, SNIFF_BYTES);
  if (head.length === 0) throw new ImportFileError('IMPORT_EMPTY', '文件为空');
  if (startsWith(head, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(head, OLE2_MAGIC)) {
    throw new ImportFileError(
      'IMPORT_UNSUPPORTED_FORMAT',
      '不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后上传',
    );
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new ImportFileError(
      'IMPORT_BAD_ENCODING',
      '不支持 UTF-16 编码的文件，请另存为“CSV UTF-8（逗号分隔）”或 .xlsx',
    );
  }
  if (startsWith(head, UTF8_BOM) || isStrictUtf8(head)) return 'csv-utf8';
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw new ImportFileError(
      'IMPORT_BAD_ENCODING',
      '无法识别文件编码：既不是 UTF-8 也不是 GB18030/GBK，请另存为“CSV UTF-8（逗号分隔）”或 .xlsx',
    );
  }
  return 'csv-gb18030';
}

/** Bytes of a file that is not text at all (binary, an image renamed to .csv). */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64 * 1024);
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    // NUL and the C0 controls other than tab, LF, VT, FF, CR never occur in a CSV (nor in
    // GB18030, whose trail bytes are all >= 0x30).
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d) return true;
  }
  return false;
}

/** Length of `buf` without a multi-byte UTF-8 character cut off at its end. */
function completeUtf8Length(buf: Uint8Array): number {
  let i = buf.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return buf.length;
  const lead = buf[i]!;
  const needed = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return needed > continuation ? i : buf.length;
}

function badEncoding(offset: number, encoding: string): ImportFileError {
  return new ImportFileError(
    'IMPORT_BAD_ENCODING',
    `文件在第 ${offset.toLocaleString('en-US')} 字节之后出现无效的 ${encoding} 字符，请检查文件是否混用了编码`,
  );
}

/**
 * UTF-8 files go to the CSV parser as bytes (it decodes them itself); each chunk is only
 * checked to be valid UTF-8 (SIMD `isUtf8`), which costs far less than decoding it twice.
 */
async function* utf8Chunks(file: string): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  let first = true;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    const buf: Buffer = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    if (first && looksBinary(buf))
      throw new ImportFileError('IMPORT_UNREADABLE', '文件不是 CSV 文本或 XLSX 表格');
    first = false;
    const end = completeUtf8Length(buf);
    const body = buf.subarray(0, end);
    if (!isUtf8(body)) throw badEncoding(offset, 'UTF-8');
    carry = Buffer.from(buf.subarray(end));
    offset += end;
    if (body.length > 0) yield body;
  }
  if (carry.length > 0) throw new ImportFileError('IMPORT_BAD_ENCODING', '文件末尾有不完整的字符');
}

async function* gb18030Chunks(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  let offset = 0;
  let first = true;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    if (first && looksBinary(chunk as Buffer))
      throw new ImportFileError('IMPORT_UNREADABLE', '文件不是 CSV 文本或 XLSX 表格');
    first = false;
    let text: string;
    try {
      text = decoder.decode(chunk as Buffer, { stream: true });
    } catch {
      throw badEncoding(offset, 'GB18030');
    }
    offset += (chunk as Buffer).length;
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new ImportFileError('IMPORT_BAD_ENCODING', '文件末尾有不完整的字符');
  }
}

type RowSink = (row: SourceRow) => Promise<void> | void;

async function readCsv(file: string, encoding: 'utf-8' | 'gb18030', onRow: RowSink): Promise<void> {
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    // A cell larger than this is not a registry field: stop instead of buffering a whole file.
    max_record_size: 64 * 1024,
  });
  const source = encoding === 'utf-8' ? utf8Chunks(file) : gb18030Chunks(file);
  let sinkError: unknown;
  // The row number is the record's position, as a spreadsheet numbers it (a quoted cell
  // with line breaks is still one row). csv-parse's per-record `info` would triple the cost.
  let row = 0;
  try {
    await pipeline(Readable.from(source), parser, async (records) => {
      for await (const record of records as AsyncIterable<string[]>) {
        row++;
        try {
          await onRow({ row, cells: record });
        } catch (error) {
          sinkError = error;
          throw error;
        }
      }
    });
  } catch (error) {
    // pipeline reports the consumer's failure as an AbortError of the stream it tore down.
    if (sinkError !== undefined) throw sinkError;
    if (error instanceof ImportFileError) throw error;
    const e = error as { code?: string; lines?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new ImportFileError(
        'IMPORT_UNREADABLE',
        `CSV 格式错误${e.lines ? `（第 ${e.lines} 行附近）` : ''}：${e.code}`,
      );
    }
    throw error;
  }
}

/** An ExcelJS cell value as the text a person sees. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  // Excel stores dates as serial numbers; ExcelJS gives them as UTC midnight.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: string;
    };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return '';
  }
  return String(value);
}

async function readXlsx(file: string, onRow: RowSink): Promise<void> {
  const input = fs.createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  let sinkError: unknown;
  try {
    for await (const worksheet of reader) {
      sheets++;
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        // row.values is 1-based (index 0 unused).
        const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) =>
          cellText(values[i + 1]),
        );
        try {
          await onRow({ row: row.number, cells });
        } catch (error) {
          sinkError = error;
          throw error;
        }
      }
      break; // only the first worksheet
    }
  } catch (error) {
    if (error === sinkError || error instanceof ImportFileError) throw error;
    throw new ImportFileError('IMPORT_UNREADABLE', '无法读取 XLSX 文件：文件已损坏或不是 Excel 工作簿');
  } finally {
    input.destroy();
  }
  if (sheets === 0) throw new ImportFileError('IMPORT_UNREADABLE', 'XLSX 文件中没有工作表');
}

/**
 * Calls `onRow` for every line of the file in order, awaiting it (back-pressure: a slow
 * database slows the reading, memory stays flat). Blank lines are skipped.
 */
export async function readRows(file: string, onRow: RowSink): Promise<SourceFormat> {
  const format = await detectFormat(file);
  const sink: RowSink = (r) => {
    if (r.cells.every((c) => c.trim() === '')) return;
    return onRow(r);
  };
  if (format === 'xlsx') await readXlsx(file, sink);
  else await readCsv(file, format === 'csv-utf8' ? 'utf-8' : 'gb18030', sink);
  return format;
}
