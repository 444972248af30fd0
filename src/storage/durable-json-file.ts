/**
 * A lowdb adapter that makes an acknowledged write survive a crash or power loss.
 * lowdb's own JSONFile (steno) writes a temporary file and renames it, but never
 * fsyncs, so a rename can reach the disk before the data it points to. Here:
 * write temp file, fsync it, rename over the target, fsync the folder.
 *
 * Before the rename, the file being replaced is kept as `<file>.bak` (a hard
 * link, so it costs no copy): the last good version survives a bad write.
 *
 * Reading never turns a damaged file into "no data": an unparsable file throws,
 * so lowdb cannot fall back to its default and overwrite what was there.
 */
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

export class CorruptDataFileError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'CorruptDataFileError';
  }
}

export class DurableJSONFile<T> implements Adapter<T> {
  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    if (text.trim() === '') throw new CorruptDataFileError(this.file, 'the file is empty');
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new CorruptDataFileError(this.file, `the file is not valid JSON (${(err as Error).message})`);
    }
  }

  async write(data: T): Promise<void> {
    const dir = dirname(this.file);
    const tmp = join(dir, `.${basename(this.file)}.${process.pid}.tmp`);
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await handle.close();
    await this.keepBackup();
    await rename(tmp, this.file);
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  private async keepBackup(): Promise<void> {
    const staged = `${this.file}.bak.${process.pid}.tmp`;
    try {
      await unlink(staged).catch(() => undefined);
      await link(this.file, staged);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // first write: nothing to keep
      throw err;
    }
    await rename(staged, `${this.file}.bak`);
  }
}
