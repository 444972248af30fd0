/**
 * DATA_DIR/index.json: each organisation file's head (org-heads.ts) with the
 * size and modification time the file had when the head was taken, so that a
 * start reads and checks only the files that changed since. It is a cache,
 * never the truth: an entry counts only while its file's size and mtime still
 * match, and an index that is missing, damaged (a CRC-32 over its body) or of
 * another format is ignored and rebuilt from the files.
 *
 *   line 1  {"format":"social-audit-index","version":3,"crc32":<of the body>}
 *   line 2  the body, in ASCII: the words the rows refer to by number (head-rows.ts)
 *   line 3… an organisation's row (head-rows.ts) on each line
 *
 * Reading the body is most of a start's time, so it is kept small and cheap:
 * - rows without field names or repeated values, each repeated word written
 *   once (head-rows.ts);
 * - a line per organisation, parsed one at a time, so that each parse is
 *   garbage before the next (one parse of the whole body kept all of it alive
 *   while the heads were made, and the young generation's collections copied
 *   it twice);
 * - ASCII only (any other character written as a JSON \u escape), so that its
 *   text is read as one byte per character rather than decoded from UTF-8 into
 *   two.
 *
 * Written by rename (no fsync: a torn index fails its checksum and is rebuilt)
 * at a clean stop, after a start that had to read files, and at most every
 * `delayMs` after checkpoints while running.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { OrgHead } from './org-heads.ts';
import { headRowReader, headRowWriter } from './head-rows.ts';
import type { WrittenFile } from './durable-json-file.ts';

export const INDEX_FILE = 'index.json';
const FORMAT = 'social-audit-index';
/**
 * 2: the latest single assessment's summary keeps its summary row's detail.
 * 3: heads as rows (head-rows.ts), in ASCII. An index of an earlier version is rebuilt from the files once.
 */
const VERSION = 3;

/** Each UTF-16 unit outside ASCII (a pair's halves one by one, as JSON escapes them). */
const NOT_ASCII = /[\u0080-\uffff]/g;

export interface IndexEntry {
  file: string;
  size: number;
  mtimeMs: number;
  head: OrgHead;
}

/** A file's size and modification time, as a write left them (durable-json-file.ts) or a stat gives them. */
type FileStat = WrittenFile;

/**
 * True when the file is as it was when its entry was taken. Times match within
 * a millisecond: a copy that keeps times (`cp -p`, Node's `fs.cp`) may round
 * them to one, and the kernel's clock for them is coarser anyway.
 */
export const stillMatches = (entry: IndexEntry | undefined, st: FileStat): entry is IndexEntry => !!entry && entry.size === st.size && Math.abs(entry.mtimeMs - st.mtimeMs) < 1;

/** The entries of the index, by file name; empty (and the reason logged) when there is none to trust. */
export async function readStartIndex(dataDir: string, log: (message: string) => void): Promise<Map<string, IndexEntry>> {
  const file = join(dataDir, INDEX_FILE);
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') log(`${file}: cannot be read (${err.code ?? err.message}); every organisation file is read instead`);
    return null;
  });
  if (!bytes) return new Map();
  try {
    const newline = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as { format?: unknown; version?: unknown; crc32?: unknown };
    if (header.format !== FORMAT || header.version !== VERSION) throw new Error('another format');
    const body = bytes.subarray(newline + 1);
    if (crc32(body) !== header.crc32) throw new Error('its checksum does not match');
    const entries = new Map<string, IndexEntry>();
    const lineEnd = (start: number) => {
      const at = body.indexOf(0x0a, start);
      return at < 0 ? body.length : at;
    };
    const firstEnd = lineEnd(0);
    const rows = headRowReader(JSON.parse(body.toString('latin1', 0, firstEnd)) as string[]);
    // A line at a time: each line's parse is garbage before the next, where one parse of the whole body kept all of it alive through the heads' making.
    for (let start = firstEnd + 1; start < body.length; ) {
      const end = lineEnd(start);
      const { head, size, mtimeMs } = rows.head(JSON.parse(body.toString('latin1', start, end)) as unknown[]);
      const file = `${head.organisation.id}.json`;
      entries.set(file, { file, size, mtimeMs, head });
      start = end + 1;
    }
    return entries;
  } catch (err) {
    log(`${file}: ignored (${(err as Error).message}); every organisation file is read instead, and the index written again`);
    return new Map();
  }
}

export interface StartIndex {
  /** Notes a file as just written (or read and checked), as it is on disk, with the head of what it holds. */
  record(orgId: string, file: FileStat, head: OrgHead): void;
  /** Notes what a start found without reading (an entry that still matched). */
  keep(orgId: string, entry: IndexEntry): void;
  /** True when the organisation's file is as it was when it was last checked or written (its entry still matches). */
  matches(orgId: string, st: FileStat): boolean;
  /** Writes the index within `delayMs` (after a checkpoint). */
  soon(): void;
  /** Writes the index now when anything changed since it was last written (or `always`). */
  flush(always?: boolean): Promise<void>;
}

export function startIndex(dataDir: string, options: { delayMs: number; log: (message: string) => void }): StartIndex {
  const entries = new Map<string, IndexEntry>();
  let changed = false;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    changed = false;
    const writer = headRowWriter();
    const rows = [...entries.values()].map((e) => `\n${JSON.stringify(writer.row(e.head, e.size, e.mtimeMs))}`).join('');
    const body = Buffer.from(`${JSON.stringify(writer.words())}${rows}`.replace(NOT_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), 'latin1');
    const header = JSON.stringify({ format: FORMAT, version: VERSION, crc32: crc32(body) });
    const target = join(dataDir, INDEX_FILE);
    // A name that the start-up's clean-up of interrupted writes removes (durable-json-file.ts).
    const tmp = join(dataDir, `.${INDEX_FILE}.${process.pid}.tmp`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(Buffer.concat([Buffer.from(`${header}\n`), body]));
    } finally {
      await handle.close();
    }
    await rename(tmp, target).catch(async (err: Error) => {
      await unlink(tmp).catch(() => undefined);
      throw err;
    });
  }

  const flush = (always = false): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (!changed && !always) return writing;
    writing = writing.then(write).catch((err: Error) => {
      changed = true;
      options.log(`${join(dataDir, INDEX_FILE)} could not be written (${err.message}); the next start reads every organisation file`);
    });
    return writing;
  };

  return {
    record(orgId, { size, mtimeMs }, head) {
      entries.set(orgId, { file: `${orgId}.json`, size, mtimeMs, head });
      changed = true;
    },
    keep(orgId, entry) {
      entries.set(orgId, entry);
    },
    matches: (orgId, st) => stillMatches(entries.get(orgId), st),
    soon() {
      if (timer || !changed) return;
      timer = setTimeout(() => void flush(), options.delayMs);
      timer.unref();
    },
    flush,
  };
}
