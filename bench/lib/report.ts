/** Output shared by every benchmark: a readable table, then one JSON result line. */

export type Cell = string | number | null | undefined;

export interface FiguresTable {
  title?: string;
  columns: string[];
  rows: Cell[][];
  /** Lines printed under the table (ratios, notes). */
  notes?: string[];
}

/** A benchmark's machine-readable result; `bench` names the benchmark. */
export type ResultLine = { bench: string } & Record<string, string | number | boolean | null>;

function formatCell(cell: Cell): string {
  if (cell === null || cell === undefined) return '–';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return String(cell);
    return Number.isInteger(cell) ? cell.toLocaleString('en-US') : cell.toFixed(2);
  }
  return cell;
}

/** Aligned plain-text table: text columns left-aligned, numeric columns right-aligned. */
export function formatTable(table: FiguresTable): string {
  const body = table.rows.map((row) => table.columns.map((_, i) => formatCell(row[i])));
  const numeric = table.columns.map((_, i) => table.rows.every((row) => typeof row[i] !== 'string'));
  const widths = table.columns.map((col, i) => Math.max(col.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  if (table.title) out.push(table.title);
  out.push(line(table.columns));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) out.push(line(row));
  for (const note of table.notes ?? []) out.push(note);
  return out.join('\n');
}

export function printFigures(table: FiguresTable): void {
  process.stdout.write(`${formatTable(table)}\n\n`);
}

/**
 * The result as one JSON line. Non-finite numbers are refused: JSON would turn NaN into
 * null and a division by zero would pass for a measurement.
 */
export function formatResultLine(result: ResultLine): string {
  if (typeof result.bench !== 'string' || result.bench === '') {
    throw new TypeError('result line needs a non-empty "bench" name');
  }
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new RangeError(`result field "${key}" is not a finite number (${value})`);
    }
  }
  return JSON.stringify(result);
}

/** Prints the result line; the harness calls it last so it is the last line of stdout. */
export function printResultLine(result: ResultLine): void {
  process.stdout.write(`${formatResultLine(result)}\n`);
}

/** Progress goes to stderr so stdout holds only figures and the result line. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
