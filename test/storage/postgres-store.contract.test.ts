import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/storage/postgres/database.ts';
import { openDatabase } from '../../src/storage/postgres/database.ts';
import { createTestDatabase, openTestStore, type TestDatabase } from '../helpers/postgres.ts';
import { describeStoreContract } from './store-contract.ts';

let testDb: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  database = openDatabase({ connectionString: testDb.url, max: 8 });
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describeStoreContract('PostgreSQL', () => openTestStore(database));
