/** Builds the real app for tests: shipped rubrics, a chosen store, a fixed clock. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src/web/app.ts';
import { createAssessmentService } from '../../src/core/assessment/assessment-service.ts';
import { createRubricRegistry, type RubricRegistry } from '../../src/core/rubric/registry.ts';
import { loadRubrics } from '../../src/rubric-files/load-rubrics.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import { newId, newToken } from '../../src/platform/ids.ts';
import type { Store } from '../../src/core/assessment/assessment-store.ts';
import { ensureConsultantKey } from '../../src/web/consultant-auth.ts';
import type { RateLimitConfig } from '../../src/web/rate-limits.ts';

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
  publicUrl?: string | (() => string);
}

export const FIXED_NOW = new Date('2026-11-25T10:00:00.000Z');
export const CONSULTANT_KEY = 'test-consultant-key-0123456789';

export async function buildTestApp(options: TestAppOptions = {}) {
  const store = options.store ?? createMemoryStore();
  const rubrics = options.rubrics ?? (await shippedRubrics());
  const now = options.now ?? (() => FIXED_NOW);
  const service = createAssessmentService({ store, rubrics, now, newId });
  await ensureConsultantKey(store, CONSULTANT_KEY);
  const app = createApp({ service, rubrics, store, now, newToken, chromiumPath: options.chromiumPath ?? null, rateLimits: options.rateLimits, csrfSecret: 'test-secret-not-for-production', publicUrl: options.publicUrl });
  return { app, store, rubrics, service };
}
