/**
 * PostgreSQL for tests: TEST_DATABASE_URL (default the test machines' server,
 * postgres://postgres@127.0.0.1:5432/test) is where a throwaway database
 * `audit_test_<random>` is made for a run and dropped afterwards. When nothing
 * answers, the tests that need it fail with how to get one: they never skip.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/postgres/database.ts';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(
      `These tests need PostgreSQL at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL, or run bash scripts/install-postgres.sh): ${(err as Error).message}`,
    );
  }
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty database for this run; `drop()` removes it (closing whatever is still connected). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `audit_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  return { url: withDatabase(TEST_DATABASE_URL, name), name, drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined) };
}

/** A store in a new schema of `database` (one pool and change feed for every store of the process). */
export async function openTestStore(database: Database): Promise<PostgresStore> {
  return openPostgresStore({ database, schema: `s_${randomBytes(6).toString('hex')}` });
}

let shared: { url: string; database: Database } | undefined;
/** The process-wide pool on the run's database (TEST_STORAGE=postgres; see test/helpers/postgres-run.ts). */
export function sharedDatabase(url: string): Database {
  if (shared && shared.url !== url) void shared.database.close();
  if (!shared || shared.url !== url) shared = { url, database: openDatabase({ connectionString: url, max: 5 }) };
  return shared.database;
}

/**
 * A throwaway database and a pool on it for one test file: made before its tests,
 * closed and dropped after them. The fields are filled in by the time a test runs.
 */
export function useTestDatabase(poolSize: number): { url: string; database: Database } {
  const held = {} as { url: string; database: Database };
  let testDb: TestDatabase | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    held.url = testDb.url;
    held.database = openDatabase({ connectionString: testDb.url, max: poolSize });
  });
  afterAll(async () => {
    await held.database?.close();
    await testDb?.drop();
  });
  return held;
}
