/**
 * A lowdb adapter that makes an acknowledged write survive a crash or power loss.
 * lowdb's own JSONFile (steno) writes a temporary file and renames it, but never
 * fsyncs, so a rename can reach the disk before the data it points to. Here:
 * write temp file, fsync it, rename over the target, fsync the folder.
 *
 * Before the rename, the file being replaced is kept as `<file>.bak` (a hard
 * link, so it costs no copy): the last good version survives a bad write.
 *
 * Reading never turns a damaged file into "no data": an unparsable file, or one
 * that holds anything but a JSON object (`null` included), throws, so lowdb
 * cannot fall back to its default and overwrite what was there. Errors name the
 * file and never quote its contents (it may be a link to a file that is not ours).
 */
import { link, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { isRunning } from './data-dir-lock.ts';

export class CorruptDataFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'CorruptDataFileError';
  }
}

/** What a write left on disk: the start-up index trusts a file while these still match. */
export interface WrittenFile {
  size: number;
  mtimeMs: number;
}

export class DurableJSONFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    return (await this.readWithStat())?.data ?? null;
  }

  /**
   * `read`, with the size and modification time of the file the text came
   * from (one open file: a rename between the look and the read cannot pair
   * one file's times with another's text). Null when there is no file.
   */
  async readWithStat(): Promise<{ data: T; size: number; mtimeMs: number } | null> {
    let text: string;
    let st: { size: number; mtimeMs: number };
    try {
      const handle = await open(this.file, 'r');
      try {
        st = await handle.stat();
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code === 'EISDIR') throw new CorruptDataFileError(this.file, 'this is a folder, not a data file; move it out of the data folder');
      throw new CorruptDataFileError(this.file, `the file cannot be read (${code ?? 'unknown error'})`);
    }
    if (text.trim() === '') throw new CorruptDataFileError(this.file, 'the file is empty');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new CorruptDataFileError(this.file, `the file is not valid JSON${where(text, (err as Error).message)}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new CorruptDataFileError(this.file, `expected a JSON object; the file holds ${data === null ? 'null' : Array.isArray(data) ? 'an array' : `a ${typeof data}`}`);
    }
    return { data: data as T, size: st.size, mtimeMs: st.mtimeMs };
  }

  /** `syncFolder: false` leaves the fsync of the folder to the caller (one for many files, see checkpoint.ts). */
  async write(data: T, options: { syncFolder?: boolean } = {}): Promise<void> {
    await this.writeText(JSON.stringify(data), options);
  }

  /**
   * Writes text that is already JSON (the background writer gets a document's
   * text as the journal record was made from it). Returns the file's size and
   * modification time, which the start-up index keeps.
   */
  async writeText(text: string, { syncFolder = true } = {}): Promise<WrittenFile> {
    const dir = dirname(this.file);
    const tmp = join(dir, `.${basename(this.file)}.${process.pid}.tmp`);
    const handle = await open(tmp, 'w');
    let written: WrittenFile;
    try {
      await handle.writeFile(text);
      await handle.sync();
      // A rename keeps the time, so the temporary file's is the file's.
      const { size, mtimeMs } = await handle.stat();
      written = { size, mtimeMs };
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    await this.keepBackup();
    await rename(tmp, this.file);
    if (!syncFolder) return written;
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
    return written;
  }

  /**
   * Links first and clears a stale staged link only when there is one: a first
   * write (a new organisation, the common case) costs one call, not two.
   */
  private async keepBackup(): Promise<void> {
    const staged = `${this.file}.bak.${process.pid}.tmp`;
    try {
      await link(this.file, staged);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return; // first write: nothing to keep
      if (code !== 'EEXIST') throw err;
      // Left by a write of this process that failed between the link and the rename.
      await unlink(staged);
      await link(this.file, staged);
    }
    await rename(staged, `${this.file}.bak`);
  }
}

/** Where a JSON parse failed, as a line and column, from the parser's message; never a quote of the text. */
function where(text: string, message: string): string {
  if (/end of JSON input/.test(message)) return ' (it breaks off before its end: an interrupted copy?)';
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/** Temporary files that `write` leaves behind when a process dies part-way. */
const LEFT_BY_WRITE = /^(?:\..+\.json|.+\.json\.bak)\.(\d+)\.tmp$/;

/**
 * Removes the temporary files of writes interrupted by a process that no longer
 * runs (the name carries the writer's pid). Call it while holding the data
 * folder's lock. Returns the names removed.
 */
export async function removeLeftoverTemporaryFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => {
    const pid = Number(LEFT_BY_WRITE.exec(name)?.[1]);
    return pid > 0 && pid !== process.pid && !isRunning(pid);
  });
  await Promise.all(names.map((name) => unlink(join(dir, name)).catch(() => undefined)));
  return names;
}
