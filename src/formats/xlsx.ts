/**
 * Writes tables as an XLSX workbook with exceljs's streaming writer: one sheet
 * per table, a bold frozen header row, numbers as numbers and dates as real
 * Excel dates (timestamps in UTC). Sheets are written one after the other,
 * since the zip takes its entries in turn, and rows are committed as they are
 * made, pausing whenever the output is full: a bulk workbook streams with
 * flat memory.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
// exceljs is loaded on the first workbook only, to keep it out of start-up time and memory.
import type ExcelJS from 'exceljs';
import type { Cell } from '../core/export/assessment-export.ts';
import type { AnyTable, Column } from '../core/export/table.ts';

const FORMAT: Partial<Record<Column['type'], string>> = { timestamp: 'yyyy-mm-dd hh:mm:ss', day: 'yyyy-mm-dd' };
/** Excel's last row, header included. */
const EXCEL_MAX_ROWS = 1_048_576;
/** Rows between two looks at the output: enough to keep the writer busy, few enough to stay small. */
const ROWS_PER_BREATH = 200;

type Value = string | number | Date | null;

/**
 * Characters XML 1.0 does not allow (controls other than tab and line breaks,
 * lone surrogates, U+FFFE and U+FFFF): one of them in a note would make the
 * sheet not well-formed, and Excel refuses the whole file. Each becomes U+FFFD.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlSafe = (text: string): string => text.replace(NOT_XML, '\uFFFD');

function typed(cell: Cell, column: Column): Value {
  if (cell === null || cell === '') return null;
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  if (column.type === 'mixed') return typeof cell === 'number' ? cell : xmlSafe(cell);
  if (column.type === 'number') return typeof cell === 'number' ? cell : Number.isFinite(Number(cell)) ? Number(cell) : xmlSafe(cell);
  if (column.type === 'timestamp' || column.type === 'day') {
    const time = Date.parse(column.type === 'day' ? `${cell}T00:00:00Z` : String(cell));
    return Number.isNaN(time) ? xmlSafe(String(cell)) : new Date(time);
  }
  return xmlSafe(String(cell));
}

export class OutputClosedError extends Error {
  constructor() {
    super('the output was closed before the workbook was complete');
    this.name = 'OutputClosedError';
  }
}

/** Rejects when the output closes before it has finished (a reader that went away). */
function closedEarly(out: Writable): { promise: Promise<never>; stop: () => void } {
  let onClose = () => {};
  const promise = new Promise<never>((_resolve, reject) => {
    onClose = () => {
      if (!out.writableFinished) reject(new OutputClosedError());
    };
    out.on('close', onClose);
  });
  promise.catch(() => undefined);
  return { promise, stop: () => out.off('close', onClose) };
}

async function breathe(out: Writable, closed: Promise<never>): Promise<void> {
  if (out.destroyed) throw new OutputClosedError();
  if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), closed]);
  // Let the zip and the socket take what was written before making more.
  else await new Promise((resolve) => setImmediate(resolve));
}

export interface WorkbookOptions {
  /** The workbook's creation time (kept in its properties). */
  created: Date;
  onRow?: () => void;
  /** Data rows per sheet; Excel's limit unless a test needs a small one. */
  maxRowsPerSheet?: number;
}

export async function writeWorkbook(out: Writable, tables: AnyTable[], options: WorkbookOptions): Promise<void> {
  const closed = closedEarly(out);
  try {
    await fill(out, tables, options, closed.promise);
  } finally {
    closed.stop();
  }
}

async function fill(out: Writable, tables: AnyTable[], options: WorkbookOptions, closed: Promise<never>): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const book = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'Social Ownership Audit';
  book.created = options.created;
  book.modified = options.created;
  const perSheet = options.maxRowsPerSheet ?? EXCEL_MAX_ROWS - 1;
  for (const table of tables) {
    let part = 1;
    let sheet = openSheet(book, table, table.name);
    let inSheet = 0;
    let n = 0;
    // `for await` takes both kinds of table; leaving it early (a closed output) ends a streamed table's reads.
    for await (const cells of table.rows()) {
      // Past Excel's last row, the table goes on in "Answers (2)" and so on.
      if (inSheet === perSheet) {
        sheet.commit();
        sheet = openSheet(book, table, `${table.name} (${++part})`);
        inSheet = 0;
      }
      const row = sheet.addRow(cells.map((c, i) => typed(c, table.columns[i]!)));
      table.columns.forEach((c, i) => {
        const format = FORMAT[c.type];
        if (format) row.getCell(i + 1).numFmt = format;
      });
      row.commit();
      inSheet++;
      options.onRow?.();
      if (++n % ROWS_PER_BREATH === 0) await breathe(out, closed);
    }
    sheet.commit();
  }
  await Promise.race([book.commit(), closed]);
}

function openSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, table: AnyTable, name: string) {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length + 2),
    ...(c.wrap ? { style: { alignment: { wrapText: true, vertical: 'top' as const } } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  return sheet;
}
