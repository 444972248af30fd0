/**
 * Which store the server runs on: PostgreSQL when DATABASE_URL is set (several
 * instances may share it), otherwise lowdb files in DATA_DIR, locked to this
 * one process. Whatever the store, the caller gets the same shape: the store,
 * where its data is, whether it is ready, how to close it, and how to run a
 * start-up step once across instances.
 */
import type { Store } from '../core/ports.ts';
import { openLowdbStore } from './lowdb-store.ts';
import { lockDataDir } from './data-dir-lock.ts';

export interface OpenedStore {
  store: Store;
  /** Where the data is, for the start-up line. */
  where: string;
  kind: 'lowdb' | 'postgres';
  readiness(): Promise<{ ready: true } | { ready: false; reason: string }>;
  /** True when opening left much garbage (documents parsed): worth a compacting collection before the first request. */
  startLeftGarbage: boolean;
  /** True while the store writes in the background what it has acknowledged (lowdb's checkpoint); PostgreSQL never does. */
  busy(): boolean;
  /** One instance at a time (a database lock on PostgreSQL; lowdb has one process anyway). */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Writes what waits in memory and lets go of the data (pool, folder lock). */
  close(): Promise<void>;
}

export async function openStore(config: { databaseUrl?: string | undefined; dataDir: string; poolSize?: number | undefined }): Promise<OpenedStore> {
  if (config.databaseUrl) {
    // Loaded only here: the embedded store's start-up does not pay for pg and the adapter.
    const { openPostgresStore } = await import('./postgres/postgres-store.ts');
    const store = await openPostgresStore({ connectionString: config.databaseUrl, ...(config.poolSize ? { poolSize: config.poolSize } : {}) });
    return { store, where: store.dir, kind: 'postgres', startLeftGarbage: true, readiness: () => store.readiness(), busy: () => false, exclusive: (name, task) => store.exclusive(name, task), close: () => store.close() };
  }
  const unlock = lockDataDir(config.dataDir);
  process.on('exit', unlock);
  try {
    const store = await openLowdbStore(config.dataDir);
    return {
      store,
      where: store.dir,
      kind: 'lowdb',
      // Heads from the start-up index leave little (start-index.ts); documents read whole leave their text and parse.
      startLeftGarbage: store.documentsReadAtStart > 0,
      readiness: async () => ({ ready: true }),
      busy: store.checkpointPending,
      exclusive: (_name, task) => task(),
      async close() {
        // Share-link views kept in memory, then the journal into the organisation files.
        await store.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
