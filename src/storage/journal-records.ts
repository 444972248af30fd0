/**
 * How records are framed in the journal (see group-commit-journal.ts), and how
 * a journal file is read back.
 *
 *   "SOJ1"  4 bytes, marks the start of a record
 *   length  4 bytes, unsigned big-endian: the bytes of the payload
 *   crc32   4 bytes, unsigned big-endian: over the length field and the payload
 *   payload `length` bytes of UTF-8 JSON
 *
 * A write cut short by a crash leaves a damaged last record. Such a write was
 * never acknowledged (acknowledgement waits for the fsync that would have
 * completed it), so it is dropped. Damage with a valid record after it cannot
 * come from an interrupted append: it is reported, never skipped, because the
 * records after it were acknowledged and depend on it.
 */
import { crc32 } from 'node:zlib';
import { CorruptDataFileError } from './durable-json-file.ts';

const MAGIC = Buffer.from('SOJ1', 'latin1');
export const HEADER_BYTES = 12;

export function encodeRecord(payload: unknown): Buffer {
  return frame(JSON.stringify(payload));
}

const DOC_PREFIX = '{"doc":';

/**
 * An organisation document's record, `{"doc": …}`, and the document's own JSON:
 * the checkpoint writes that text to the organisation's file, so a document is
 * serialised once, not once for the journal and again for its file. The text is
 * what waits for the checkpoint, not the record: a string lives in V8's heap,
 * which the idle compaction gives back, where thousands of record buffers
 * waiting out a burst left holes in the C heap that the process never returned.
 */
export function encodeDocumentRecord(doc: unknown): { record: Buffer; json: string } {
  const json = JSON.stringify(doc);
  // Written in three parts: `${DOC_PREFIX}${json}}` would copy the document's text once more.
  return { record: frame([DOC_PREFIX, json, '}']), json };
}

function frame(parts: string | string[]): Buffer {
  const texts = typeof parts === 'string' ? [parts] : parts;
  const length = texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
  const record = Buffer.allocUnsafe(HEADER_BYTES + length);
  MAGIC.copy(record, 0);
  record.writeUInt32BE(length, 4);
  let at = HEADER_BYTES;
  for (const text of texts) at += record.write(text, at, 'utf8');
  record.writeUInt32BE(crc32(record.subarray(HEADER_BYTES), crc32(record.subarray(4, 8))), 8);
  return record;
}

/** The payload's length when a whole, undamaged record starts at `at`; otherwise null. */
function recordAt(bytes: Buffer, at: number): number | null {
  if (at + HEADER_BYTES > bytes.length || !bytes.subarray(at, at + 4).equals(MAGIC)) return null;
  const length = bytes.readUInt32BE(at + 4);
  const end = at + HEADER_BYTES + length;
  if (end > bytes.length) return null;
  const expected = crc32(bytes.subarray(at + HEADER_BYTES, end), crc32(bytes.subarray(at + 4, at + 8)));
  return bytes.readUInt32BE(at + 8) === expected ? length : null;
}

export interface JournalContents {
  payloads: unknown[];
  /** Bytes at the end that belong to an interrupted, unacknowledged write; 0 when none. */
  droppedTailBytes: number;
}

/** Reads the records of one journal file. Throws CorruptDataFileError (naming the file) for damage before the tail. */
export function decodeJournal(file: string, bytes: Buffer): JournalContents {
  const payloads: unknown[] = [];
  let at = 0;
  while (at < bytes.length) {
    const length = recordAt(bytes, at);
    if (length === null) {
      for (let next = bytes.indexOf(MAGIC, at + 1); next !== -1; next = bytes.indexOf(MAGIC, next + 1)) {
        if (recordAt(bytes, next) !== null) {
          throw new CorruptDataFileError(
            file,
            `the record at byte ${at} is damaged (its checksum does not match) and acknowledged records follow it; nothing was changed. Restore the data folder from a backup, or move this file out of it to start without the changes it holds`,
          );
        }
      }
      return { payloads, droppedTailBytes: bytes.length - at };
    }
    const text = bytes.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length).toString('utf8');
    try {
      payloads.push(JSON.parse(text));
    } catch {
      throw new CorruptDataFileError(file, `the record at byte ${at} has a valid checksum but is not JSON; it was written by something other than this app`);
    }
    at += HEADER_BYTES + length;
  }
  return { payloads, droppedTailBytes: 0 };
}
