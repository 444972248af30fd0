/**
 * An append-only journal with group commit: every record waiting when the
 * previous write finishes goes to disk in one write, and each is acknowledged
 * only once that write is on disk (the file is opened with O_DSYNC, so the write
 * returns after what an fdatasync would wait for). Concurrent writers therefore
 * share one disk flush instead of queueing behind one each.
 *
 *   journal.log             records acknowledged since the last rotation
 *   journal.checkpoint.log  the previous journal, while its records are written
 *                           to the organisation files (see checkpoint.ts)
 *
 * A rotation happens between two batches, so the checkpoint file is complete
 * and every later record is in journal.log.
 *
 * journal.log is opened by the first batch after a rotation and closed by the
 * next rotation (a checkpoint, a few seconds later). It is never created by an
 * append to a file that should exist: a journal replaced by something else
 * (a folder, a full disk) fails the write (503). One removed while open is
 * noticed at the rotation, whose checkpoint then writes every acknowledged
 * change from memory to the organisation files. A failed append is cut back to
 * the last acknowledged byte; when even that fails, the journal refuses every
 * later write until a restart, whose replay drops the damaged tail (it was
 * never acknowledged).
 */
import { constants } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export const JOURNAL_FILE = 'journal.log';
export const CHECKPOINT_FILE = 'journal.checkpoint.log';

type Op =
  | { kind: 'append'; bytes: Buffer; onDurable: () => void; resolve: () => void; reject: (err: Error) => void }
  | { kind: 'rotate'; onRotate: () => void; resolve: (rotated: boolean) => void; reject: (err: Error) => void }
  | { kind: 'close'; resolve: () => void; reject: (err: Error) => void };

export async function syncFolder(dir: string): Promise<void> {
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

export class GroupCommitJournal {
  readonly file: string;
  private readonly queue: Op[] = [];
  private running = false;
  /** Bytes of acknowledged records in journal.log; 0 when the file does not exist yet. */
  private size = 0;
  private exists = false;
  /** True once the folder holding journal.log was fsynced after the file was created. */
  private named = false;
  private broken: Error | null = null;
  /** journal.log, open from the first batch after a rotation until the next one. */
  private handle: FileHandle | undefined;
  /** Batches written (one disk flush each) and records written, for the bench and tests. */
  readonly stats = { batches: 0, records: 0 };

  constructor(readonly dir: string) {
    this.file = join(dir, JOURNAL_FILE);
  }

  /** Resolves once the record (framed by journal-records.ts) is on disk; `onDurable` runs just before, in journal order. */
  append(bytes: Buffer, onDurable: () => void = () => undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'append', bytes, onDurable, resolve, reject });
      void this.drain();
    });
  }

  /**
   * Moves journal.log to journal.checkpoint.log between two batches and runs
   * `onRotate` at that moment. Resolves false (and does nothing) when the journal is empty.
   */
  rotate(onRotate: () => void): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'rotate', onRotate, resolve, reject });
      void this.drain();
    });
  }

  /** Removes journal.checkpoint.log once everything in it is in the organisation files. */
  async dropCheckpointFile(): Promise<void> {
    await unlink(join(this.dir, CHECKPOINT_FILE)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await syncFolder(this.dir);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const first = this.queue[0]!;
        if (first.kind === 'close') {
          this.queue.shift();
          await this.closeJournal().then(first.resolve, first.reject);
          continue;
        }
        if (first.kind === 'rotate') {
          this.queue.shift();
          await this.doRotate(first.onRotate).then(first.resolve, first.reject);
          continue;
        }
        const batch: Array<Extract<Op, { kind: 'append' }>> = [];
        while (this.queue[0]?.kind === 'append') batch.push(this.queue.shift() as Extract<Op, { kind: 'append' }>);
        try {
          await this.write(batch.map((op) => op.bytes));
        } catch (err) {
          for (const op of batch) op.reject(err as Error);
          continue;
        }
        this.stats.batches++;
        this.stats.records += batch.length;
        for (const op of batch) op.onDurable();
        for (const op of batch) op.resolve();
      }
    } finally {
      this.running = false;
    }
  }

  /**
   * Appends a batch's records with one writev (no copy into one buffer) on a
   * file opened with O_DSYNC: the write returns once the records are on disk, as
   * a write followed by fdatasync would, in one trip through the thread pool.
   * Every trip waits for the main thread's next turn, which under load is most of
   * a batch's time, so the file stays open from its first batch to its rotation.
   */
  private async write(records: Buffer[]): Promise<void> {
    const length = records.reduce((sum, record) => sum + record.length, 0);
    if (this.broken) throw this.broken;
    const handle = (this.handle ??= await this.openJournal());
    try {
      // libuv's writev goes on after a short write, but stops at an error once some bytes are written
      // (a full disk) and reports only those: a short count is that error.
      const { bytesWritten } = await handle.writev(records);
      if (bytesWritten !== length) throw Object.assign(new Error(`the journal took ${bytesWritten} of ${length} bytes`), { code: 'ENOSPC' });
    } catch (err) {
      await handle.truncate(this.size).catch((cut: Error) => {
        this.broken = new Error(`the journal ${this.file} could not be cut back after a failed write (${cut.message}); restart the app`);
      });
      await this.closeJournal();
      throw err;
    }
    this.size += length;
  }

  /**
   * Opens journal.log for a new run of batches: created when it does not exist yet,
   * and never created by an append to a file that should exist.
   */
  private async openJournal(): Promise<FileHandle> {
    const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_DSYNC | (this.exists ? 0 : constants.O_CREAT | constants.O_EXCL);
    const handle = await open(this.file, flags);
    try {
      this.exists = true;
      if (!this.named) {
        // The new file's name must be on disk before any record in it is acknowledged.
        await syncFolder(this.dir);
        this.named = true;
      }
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle;
  }

  private async closeJournal(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  /** Closes the journal file between two batches (a clean stop). */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'close', resolve, reject });
      void this.drain();
    });
  }

  private async doRotate(onRotate: () => void): Promise<boolean> {
    await this.closeJournal();
    if (!this.exists || this.size === 0) return false;
    await rename(this.file, join(this.dir, CHECKPOINT_FILE)).catch((err: NodeJS.ErrnoException) => {
      // Removed behind the app's back: memory holds every change it acknowledged, and this checkpoint writes them to the files.
      if (err.code !== 'ENOENT') throw err;
    });
    this.exists = false;
    this.named = false;
    this.size = 0;
    onRotate();
    // No fsync of the folder here, where it would hold every append waiting behind it: the next
    // journal.log is named durably (a folder fsync) before its first record is acknowledged, and
    // that fsync makes this rename durable too. Until then a crash leaves these records under
    // either name, and start-up replays both.
    return true;
  }
}
