/**
 * `npm run bench -- --storage postgres`: the bench's data folder copied into a
 * throwaway PostgreSQL database (at TEST_DATABASE_URL's server), the way
 * `social-audit migrate` copies one, so the server runs on the same records.
 */
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.ts';
import { createTestDatabase } from '../helpers/postgres.ts';

export type BenchStorage = 'lowdb' | 'postgres';

export function storageFromArgs(argv: readonly string[]): BenchStorage {
  const i = argv.indexOf('--storage');
  const value = i >= 0 ? argv[i + 1] : 'lowdb';
  if (value !== 'lowdb' && value !== 'postgres') throw new Error(`--storage must be lowdb or postgres; got ${value}`);
  return value;
}

/**
 * `onCreated` gets the database's drop as soon as it exists, so that a bench
 * stopped by a signal mid-copy can still remove it.
 */
export async function copyIntoPostgres(dataDir: string, onCreated?: (drop: () => Promise<void>) => void): Promise<{ url: string; copyMs: number; remove: () => Promise<void> }> {
  const started = performance.now();
  const db = await createTestDatabase();
  // From here on the database exists: whatever fails, it is dropped before the error goes on.
  onCreated?.(db.drop);
  try {
    await copyRecords(dataDir, db.url);
  } catch (err) {
    await db.drop();
    throw err;
  }
  return { url: db.url, copyMs: performance.now() - started, remove: db.drop };
}

async function copyRecords(dataDir: string, url: string): Promise<void> {
  const source = await openLowdbStore(dataDir);
  const target = await openPostgresStore({ connectionString: url });
  try {
    for (const organisation of await source.listOrganisations()) {
      const assessments = await source.assessmentsOf(organisation.id);
      const shareLinks = (await Promise.all(assessments.map((a) => source.shareLinksOf(a.id)))).flat();
      await target.importRecords({ organisation, assessments, rounds: await source.roundsOf(organisation.id), shareLinks });
    }
    for (const key of ['consultantTokenHash', 'sessionSecret', 'sessionVersion']) {
      const value = await source.getSetting(key);
      if (value !== undefined) await target.setSetting(key, value);
    }
  } finally {
    await target.close();
  }
}
