/**
 * A table on its way out of the tool: typed columns and lazily produced rows.
 * CSV writes the cells as text; XLSX uses the column types to write numbers
 * as numbers and dates as dates. Rows are a generator so a bulk export never
 * holds more than the row being written.
 */
import type { Cell } from './assessment-export.ts';

/**
 * `timestamp`: an ISO 8601 UTC instant; `day`: a calendar date, `yyyy-MM-dd`;
 * `mixed`: each cell as it is (numbers as numbers, text as text), for a
 * field-and-value sheet whose rows hold different kinds of value.
 */
export type ColumnType = 'text' | 'number' | 'timestamp' | 'day' | 'mixed';

export interface Column {
  header: string;
  type: ColumnType;
  /** A hint for spreadsheets, in characters. */
  width?: number;
  /** Long text: spreadsheets wrap it inside the column's width. */
  wrap?: boolean;
}

export interface Table {
  name: string;
  columns: Column[];
  /** How many rows `rows` will yield, for progress bars. */
  size: number;
  rows: () => Iterable<Cell[]>;
}

/**
 * A table whose rows come as its records are read (a bulk export over records
 * kept on disk): the writers take each row as it comes, so the first row goes
 * out before the last record is read. Its size is not known before the reads.
 */
export interface StreamedTable {
  name: string;
  columns: Column[];
  rows: () => AsyncIterable<Cell[]>;
}

/** What the CSV and workbook writers take. */
export type AnyTable = Table | StreamedTable;

export const text = (header: string, width?: number): Column => ({ header, type: 'text', ...(width ? { width } : {}) });
export const number = (header: string): Column => ({ header, type: 'number' });
export const timestamp = (header: string): Column => ({ header, type: 'timestamp', width: 20 });
export const day = (header: string): Column => ({ header, type: 'day', width: 12 });
export const mixed = (header: string, width?: number): Column => ({ header, type: 'mixed', wrap: true, ...(width ? { width } : {}) });
