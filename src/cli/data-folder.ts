/**
 * Opens a data folder the way the server does, taking its lock first: a
 * folder that a running server (or another command) holds is refused rather
 * than read half-written or overwritten behind the server's back.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { lockDataDir, DataDirLockedError } from '../storage/data-dir-lock.ts';
import { openLowdbStore, UnsupportedDataError, type LowdbStore } from '../storage/lowdb-store.ts';
import { CorruptDataFileError } from '../storage/durable-json-file.ts';
import { ioError } from './errors.ts';

export interface OpenFolder {
  store: LowdbStore;
  close: () => void;
}

export async function openDataFolder(dir: string, opts: { mustExist: boolean }): Promise<OpenFolder> {
  const path = resolve(dir);
  if (opts.mustExist && !existsSync(path)) throw ioError(`no data folder at ${path}`);
  let unlock: () => void;
  try {
    unlock = lockDataDir(path);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw ioError(err.message.replace('set DATA_DIR to another folder', 'use another --data folder'));
    throw ioError(`cannot lock the data folder ${path}: ${(err as Error).message}`);
  }
  // A Ctrl-C part-way still releases the folder.
  process.once('exit', unlock);
  try {
    const store = await openLowdbStore(path);
    return {
      store,
      close: () => {
        process.off('exit', unlock);
        unlock();
      },
    };
  } catch (err) {
    unlock();
    process.off('exit', unlock);
    if (err instanceof CorruptDataFileError || err instanceof UnsupportedDataError) throw ioError(`cannot read the data folder: ${err.message}`);
    throw ioError(`cannot read the data folder ${path}: ${(err as Error).message}`);
  }
}
