/**
 * CSV text per RFC 4180 (csv-stringify: CRLF, quotes doubled), UTF-8 with a
 * byte-order mark so spreadsheet programs read accents right. A text cell that a
 * spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe.
 */
import { stringify } from 'csv-stringify/sync';
import type { Cell } from '../core/export/assessment-export.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: Cell): Cell {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function toCsv(rows: Cell[][]): string {
  const safe = rows.map((row) => row.map((c) => (typeof c === 'boolean' ? String(c) : neutralise(c))));
  return '\uFEFF' + stringify(safe, { record_delimiter: '\r\n' });
}
