/**
 * Streams a table as CSV: the same rules as `toCsv` (RFC 4180 with CRLF, a
 * UTF-8 byte-order mark, formula-looking cells neutralised), written row by
 * row as the reader takes them, so memory stays flat however many rows there are.
 */
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Cell } from '../core/export/assessment-export.ts';
import type { Table } from '../core/export/table.ts';
import { neutralise } from './csv.ts';

const safe = (c: Cell): Cell => (typeof c === 'boolean' ? String(c) : neutralise(c));

export async function writeCsv(out: Writable, table: Table, onRow?: () => void): Promise<void> {
  function* records(): Generator<Cell[]> {
    yield table.columns.map((c) => c.header);
    for (const row of table.rows()) {
      yield row.map(safe);
      onRow?.();
    }
  }
  await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: '\r\n' }), batched(64 * 1024), out);
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
