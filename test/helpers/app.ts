/** Builds the real app for tests: shipped rubrics, a chosen store, a fixed clock, wired by src/compose.ts as the server is. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src/web/app.ts';
import { composeServices } from '../../src/compose.ts';
import { createRubricRegistry, type RubricRegistry } from '../../src/core/rubric/registry.ts';
import { loadRubrics } from '../../src/rubric-files/load-rubrics.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import type { Store } from '../../src/core/ports.ts';
import { ensureConsultantKey } from '../../src/web/consultant-auth.ts';
import type { RateLimitConfig } from '../../src/web/rate-limits.ts';
import { inject } from 'vitest';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { openTestStore, sharedDatabase } from './postgres.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { WebOptions } from '../../src/web/deps.ts';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
export const RUBRICS_DIR = join(ROOT, 'rubrics');

let shipped: RubricRegistry | undefined;
export async function shippedRubrics(): Promise<RubricRegistry> {
  shipped ??= createRubricRegistry(await loadRubrics(RUBRICS_DIR));
  return shipped;
}

export interface TestAppOptions {
  store?: Store;
  chromiumPath?: string | null;
  rateLimits?: RateLimitConfig | 'off';
  now?: () => Date;
  rubrics?: RubricRegistry;
  /** Record ids; random unless a test needs to know them in advance. */
  newId?: () => string;
  publicUrl?: string | (() => string);
  /** Replaces or wraps the PDF renderer (to count renders). */
  renderPdf?: WebOptions['renderPdf'];
}

export const FIXED_NOW = new Date('2026-11-25T10:00:00.000Z');
export const CONSULTANT_KEY = 'test-consultant-key-0123456789';

export async function buildTestApp(options: TestAppOptions = {}) {
  const store = options.store ?? (await defaultTestStore());
  const rubrics = options.rubrics ?? (await shippedRubrics());
  const services = composeServices({ store, rubrics, now: options.now ?? (() => FIXED_NOW), ...(options.newId ? { newId: options.newId } : {}) });
  await ensureConsultantKey(services.settings, CONSULTANT_KEY);
  const app = createApp(services, { chromiumPath: options.chromiumPath ?? null, rateLimits: options.rateLimits, csrfSecret: 'test-secret-not-for-production', publicUrl: options.publicUrl, ...(options.renderPdf ? { renderPdf: options.renderPdf } : {}) });
  return { app, store, rubrics, service: services.assessments, services };
}

/** TEST_STORAGE=postgres: the route tests' apps run on PostgreSQL (a schema each); otherwise in memory. */
export const onPostgres = () => process.env.TEST_STORAGE === 'postgres';

async function defaultTestStore(): Promise<Store> {
  return onPostgres() ? openTestStore(sharedDatabase(inject('testDatabaseUrl'))) : createMemoryStore();
}

/** A store that keeps its data when opened again (a restart): lowdb in a new folder, or a PostgreSQL schema under TEST_STORAGE=postgres. */
export async function openDurableTestStore(): Promise<{ store: Store; reopen: () => Promise<Store> }> {
  if (onPostgres()) {
    const database = sharedDatabase(inject('testDatabaseUrl'));
    const store = await openTestStore(database);
    return { store, reopen: () => openPostgresStore({ database, schema: store.schema }) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'sao-durable-'));
  return { store: await openLowdbStore(dir), reopen: () => openLowdbStore(dir) };
}
