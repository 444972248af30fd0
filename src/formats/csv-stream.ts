/**
 * Streams a table as CSV: the same rules as `toCsv` (RFC 4180 with CRLF, a
 * UTF-8 byte-order mark, formula-looking cells neutralised), written row by
 * row as the reader takes them, so memory stays flat however many rows there are.
 */
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Cell } from '../core/export/assessment-export.ts';
import type { AnyTable } from '../core/export/table.ts';
import { neutralise } from './csv.ts';

const safe = (c: Cell): Cell => (typeof c === 'boolean' ? String(c) : neutralise(c));

export async function writeCsv(out: Writable, table: AnyTable, onRow?: () => void): Promise<void> {
  const header = table.columns.map((c) => c.header);
  const rows = table.rows();
  function* records(rows: Iterable<Cell[]>): Generator<Cell[]> {
    yield header;
    for (const row of rows) {
      yield row.map(safe);
      onRow?.();
    }
  }
  // Rows read from disk come as they are read; a table made in memory stays synchronous (no promise per row).
  async function* recordsAsRead(rows: AsyncIterable<Cell[]>): AsyncGenerator<Cell[]> {
    yield header;
    for await (const row of rows) {
      yield row.map(safe);
      onRow?.();
    }
  }
  const source = Symbol.asyncIterator in rows ? recordsAsRead(rows) : records(rows);
  await pipeline(Readable.from(source), stringify({ bom: true, record_delimiter: '\r\n' }), batched(64 * 1024), out);
}

/** Gathers small chunks into writes of about `size` bytes: one socket write per row costs more than the CSV itself. */
function batched(size: number): Transform {
  let parts: Buffer[] = [];
  let length = 0;
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      parts.push(buf);
      length += buf.length;
      if (length >= size) {
        this.push(Buffer.concat(parts, length));
        parts = [];
        length = 0;
      }
      done();
    },
    flush(done) {
      if (length) this.push(Buffer.concat(parts, length));
      done();
    },
  });
}
