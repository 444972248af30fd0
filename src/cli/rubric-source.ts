/** The rubrics the command line scores and checks with: a folder (the shipped one by default). */
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { createRubricRegistry, type RubricRegistry } from '../core/rubric/registry.ts';
import { loadRubrics, RubricLoadError } from '../rubric-files/load-rubrics.ts';
import { invalidInput, ioError } from './errors.ts';

const SHIPPED = join(fileURLToPath(import.meta.url), '..', '..', '..', 'rubrics');

export function rubricsFolder(flag: string | undefined, env: Record<string, string | undefined>): string {
  return resolve(flag ?? env.RUBRICS_DIR ?? SHIPPED);
}

export async function openRubrics(folder: string): Promise<RubricRegistry> {
  if (!existsSync(folder)) throw ioError(`no rubrics folder at ${folder}`);
  try {
    return createRubricRegistry(await loadRubrics(folder));
  } catch (err) {
    if (err instanceof RubricLoadError) throw invalidInput(`the rubrics in ${folder} are invalid`, err.report.split('\n'));
    throw err;
  }
}
