import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { openDatabase, type Database } from '../../src/storage/postgres/database.ts';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.ts';
import { StorageUnavailableError } from '../../src/core/errors.ts';
import { createTestDatabase, openTestStore, type TestDatabase } from '../helpers/postgres.ts';
import { buildTestApp } from '../helpers/app.ts';
import { scaled } from '../helpers/timing.ts';

let testDb: TestDatabase;
let one: Database;
let two: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  one = openDatabase({ connectionString: testDb.url, max: 4 });
  two = openDatabase({ connectionString: testDb.url, max: 4 });
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await testDb?.drop();
});

const AT = '2026-11-25T10:00:00.000Z';

describe('PostgreSQL store in operation', () => {
  it('when another instance writes, then this instance\'s revision changes (its caches are dropped)', async () => {
    const mine = await openTestStore(one);
    const theirs = await openPostgresStore({ database: two, schema: mine.schema });
    // Wait for both change feeds to listen before the write.
    const end = Date.now() + scaled(10_000);
    while (!(one.live() && two.live())) {
      if (Date.now() > end) throw new Error('the change feeds did not connect');
      await new Promise((r) => setTimeout(r, 20));
    }
    const before = mine.revision();
    await theirs.create(
      { id: 'asm-aaaaaaaaaaaaaaaaaaa', rubricId: 'r', rubricVersion: '1', organisationId: 'org-aaaaaaaaaaaaaaaaaaa', organisation: { name: 'Elsewhere' }, respondent: {}, answers: {}, notes: {}, status: 'draft', createdAt: AT, updatedAt: AT },
      { id: 'org-aaaaaaaaaaaaaaaaaaa', name: 'Elsewhere', createdAt: AT },
    );
    while (mine.revision() === before) {
      if (Date.now() > end) throw new Error('the revision did not change');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await mine.list()).map((a) => a.organisation.name)).toEqual(['Elsewhere']);
  });

  it('when the store is open, then it is ready, and /readyz says so', async () => {
    const store = await openTestStore(one);
    expect(await store.readiness()).toEqual({ ready: true });
    const { app } = await buildTestApp({ store });
    await request(app).get('/healthz').expect(200, 'ok');
    await request(app).get('/readyz').expect(200, 'ready');
  });

  it('when no database answers, then opening the store fails as storage unavailable', async () => {
    await expect(openPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
