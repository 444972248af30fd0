/** The shipped default rubric, loaded the way the server loads it. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { loadRubrics } from '../../src/rubric-files/load-rubrics.ts';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
export const RUBRICS_DIR = join(ROOT, 'rubrics');

let loaded: Rubric | undefined;
export async function shippedRubric(): Promise<Rubric> {
  loaded ??= createRubricRegistry(await loadRubrics(RUBRICS_DIR)).defaultRubric();
  return loaded;
}
