/** Builds the real app for tests: shipped rubrics, a chosen store, a fixed clock. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src/web/app.ts';
import { createAssessmentService } from '../../src/core/assessment/assessment-service.ts';
import type { AssessmentStore } from '../../src/core/assessment/assessment-store.ts';
import { createRubricRegistry, type RubricRegistry } from '../../src/core/rubric/registry.ts';
import { loadRubrics } from '../../src/rubric-files/load-rubrics.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import { newId } from '../../src/platform/ids.ts';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
export const RUBRICS_DIR = join(ROOT, 'rubrics');

let shipped: RubricRegistry | undefined;
export async function shippedRubrics(): Promise<RubricRegistry> {
  shipped ??= createRubricRegistry(await loadRubrics(RUBRICS_DIR));
  return shipped;
}

export interface TestAppOptions {
  store?: AssessmentStore;
  now?: () => Date;
  rubrics?: RubricRegistry;
}

export const FIXED_NOW = new Date('2026-11-25T10:00:00.000Z');

export async function buildTestApp(options: TestAppOptions = {}) {
  const store = options.store ?? createMemoryStore();
  const rubrics = options.rubrics ?? (await shippedRubrics());
  const now = options.now ?? (() => FIXED_NOW);
  const service = createAssessmentService({ store, rubrics, now, newId });
  const app = createApp({ service, rubrics, now, csrfSecret: 'test-secret-not-for-production' });
  return { app, store, rubrics, service };
}
