/**
 * The schema's versioned SQL files (migrations/NNN_name.sql), applied in order
 * at start. Several instances may start at once: the runner holds a session
 * advisory lock for the schema while it reads `schema_migrations` and applies
 * what is missing, so each file runs exactly once, each in its own transaction
 * with its row in `schema_migrations`. A file changed after it was applied stops
 * the start (its checksum no longer matches): a released migration is not edited.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../platform/project-root.ts';
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The SQL files stay in src/ (they are source, not build output), found from the project's root. */
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'src', 'storage', 'postgres', 'migrations');

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_[a-z0-9_-]+\.sql$/.test(f))
    .map((f) => ({ version: Number(f.slice(0, f.indexOf('_'))), name: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

const checksum = (sql: string) => createHash('sha256').update(sql, 'utf8').digest('hex');

/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The advisory lock key of one schema's migrations (two int4 halves: a fixed class and the schema's hash). */
const LOCK_CLASS = 0x5a0_15;

export class MigrationMismatchError extends Error {
  constructor(readonly version: number, name: string) {
    super(`migration ${name} (version ${version}) was changed after it was applied; restore it and add a new migration instead`);
    this.name = 'MigrationMismatchError';
  }
}

/** Applies the missing migrations to `schema`; returns the versions this call applied. */
export async function migrate(pool: pg.Pool, schema: string, migrations: readonly Migration[] = readMigrations()): Promise<number[]> {
  const client = await pool.connect();
  const s = ident(schema);
  let broken = false;
  try {
    await client.query('select pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
    try {
      await client.query(`create schema if not exists ${s}`);
      await client.query(`create table if not exists ${s}.schema_migrations (version integer primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`);
      const { rows } = await client.query<{ version: number; checksum: string }>(`select version, checksum from ${s}.schema_migrations`);
      const applied = new Map(rows.map((r) => [r.version, r.checksum]));
      const done: number[] = [];
      for (const m of migrations) {
        const known = applied.get(m.version);
        if (known !== undefined) {
          if (known !== checksum(m.sql)) throw new MigrationMismatchError(m.version, m.name);
          continue;
        }
        await client.query('begin');
        try {
          await client.query(`set local search_path to ${s}`);
          await client.query(m.sql);
          await client.query(`insert into ${s}.schema_migrations (version, name, checksum) values ($1, $2, $3)`, [m.version, m.name, checksum(m.sql)]);
          await client.query('commit');
        } catch (err) {
          await client.query('rollback').catch(() => (broken = true));
          throw err;
        }
        done.push(m.version);
      }
      return done;
    } finally {
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, schema]).catch(() => (broken = true));
    }
  } finally {
    client.release(broken);
  }
}

/** Which migrations the schema still lacks (none when it is ready); throws when the database cannot be reached. */
export async function pendingMigrations(pool: pg.Pool, schema: string, migrations: readonly Migration[] = readMigrations()): Promise<number[]> {
  const { rows } = await pool.query<{ version: number }>(`select version from ${ident(schema)}.schema_migrations`).catch((err: { code?: string }) => {
    if (err.code === '42P01' || err.code === '3F000') return { rows: [] as Array<{ version: number }> };
    throw err;
  });
  const applied = new Set(rows.map((r) => r.version));
  return migrations.filter((m) => !applied.has(m.version)).map((m) => m.version);
}
