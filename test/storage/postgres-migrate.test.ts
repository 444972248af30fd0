import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { migrate, MigrationMismatchError, pendingMigrations, readMigrations, type Migration } from '../../src/storage/postgres/migrate.ts';
import { useTestDatabase } from '../helpers/postgres.ts';

const pgTest = useTestDatabase(8);

const schema = () => `m_${randomBytes(5).toString('hex')}`;
const counting: Migration[] = [
  { version: 1, name: '001_counter.sql', sql: 'create table counter (n integer not null); insert into counter values (1);' },
  { version: 2, name: '002_more.sql', sql: 'update counter set n = n + 1;' },
];

describe('migration runner', () => {
  it('when five instances start at once on an empty database, then each migration is applied exactly once', async () => {
    const s = schema();
    const runs = await Promise.all(Array.from({ length: 5 }, () => migrate(pgTest.database.pool, s, counting)));
    expect(runs.flat().sort()).toEqual([1, 2]);
    expect((await pgTest.database.pool.query(`select n from ${s}.counter`)).rows).toEqual([{ n: 2 }]);
    expect((await pgTest.database.pool.query(`select version, name from ${s}.schema_migrations order by version`)).rows).toEqual([
      { version: 1, name: '001_counter.sql' },
      { version: 2, name: '002_more.sql' },
    ]);
    expect(await migrate(pgTest.database.pool, s, counting)).toEqual([]);
  });

  it('when a migration fails, then nothing of it stays and it runs again next time', async () => {
    const s = schema();
    const broken = [counting[0]!, { ...counting[1]!, sql: 'update counter set n = n + 1; select * from no_such_table;' }];
    await expect(migrate(pgTest.database.pool, s, broken)).rejects.toThrow(/no_such_table/);
    expect(await pendingMigrations(pgTest.database.pool, s, counting)).toEqual([2]);
    expect(await migrate(pgTest.database.pool, s, counting)).toEqual([2]);
    expect((await pgTest.database.pool.query(`select n from ${s}.counter`)).rows).toEqual([{ n: 2 }]);
  });

  it('when an applied migration file was edited, then the start stops and names it', async () => {
    const s = schema();
    await migrate(pgTest.database.pool, s, counting);
    const edited = [{ ...counting[0]!, sql: `${counting[0]!.sql} -- edited` }, counting[1]!];
    await expect(migrate(pgTest.database.pool, s, edited)).rejects.toThrow(MigrationMismatchError);
    await expect(migrate(pgTest.database.pool, s, edited)).rejects.toThrow(/001_counter\.sql/);
  });

  it('when the shipped migrations are applied, then no migration is pending', async () => {
    const s = schema();
    expect(await pendingMigrations(pgTest.database.pool, s)).toEqual(readMigrations().map((m) => m.version));
    await migrate(pgTest.database.pool, s);
    expect(await pendingMigrations(pgTest.database.pool, s)).toEqual([]);
  });
});
