/** Reads every rubric file in a folder, validates each, and refuses the set if any is wrong. */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../platform/project-root.ts';
import { formatProblems, parseRubric } from '../core/rubric/parse-rubric.ts';
import type { Rubric } from '../core/rubric/schema.ts';

export class RubricLoadError extends Error {
  constructor(readonly report: string) {
    super(`rubric validation failed:\n${report}`);
    this.name = 'RubricLoadError';
  }
}

const RUBRIC_FILE = /\.(ya?ml|json)$/i;

/**
 * Parsed YAML documents, kept as JSON under the hash of the file's text. The
 * yaml parser (its import and a cold first parse of two 50 kB files) was most
 * of the server's start-up; JSON.parse of the same document takes about a
 * millisecond. This cache only skips the YAML syntax step: the rubric is still
 * validated. An edited file has another hash, so it is parsed anew; a cache
 * that cannot be read or written is ignored.
 *
 * The compiled server (dist/) also keeps each rubric it validated, under the
 * hash of the file's text and of the sources it was built from (`checkedBy`,
 * src/platform/build-id.ts): the same text checked by the same code gives the
 * same answer, and the first validation of a start (zod's warm-up) was a tenth
 * of a start. A rebuild after any change to the sources validates anew; the
 * TypeScript sources (tests, development) always validate.
 */
const CACHE_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'social-ownership-audit', 'rubrics');
const CACHE_FORMAT = 'yaml-document-1';
const CHECKED_FORMAT = 'validated-rubric-1';

const hashed = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');

/** Where the parsed form of a rubric file with this text is kept. */
export const cacheFileOf = (text: string) => join(CACHE_DIR, `${hashed(CACHE_FORMAT, text)}.json`);

/** Where the rubric a file with this text became, once the code built as `checkedBy` validated it, is kept. */
export const checkedFileOf = (text: string, checkedBy: string) => join(CACHE_DIR, `${hashed(CHECKED_FORMAT, checkedBy, text)}.json`);

const readCached = (file: string): Promise<unknown> =>
  readFile(file, 'utf8')
    .then((json) => JSON.parse(json) as unknown)
    .catch(() => undefined);

async function writeCached(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await mkdir(CACHE_DIR, { recursive: true })
    .then(() => writeFile(temporary, JSON.stringify(value)))
    .then(() => rename(temporary, file))
    .catch(() => undefined);
}

async function parseYamlCached(text: string): Promise<unknown> {
  const file = cacheFileOf(text);
  const cached = await readCached(file);
  if (cached !== undefined) return cached;
  const { parse } = await import('yaml');
  const document: unknown = parse(text);
  await writeCached(file, document);
  return document;
}

export interface LoadOptions {
  /** The build of the code that validates (src/platform/build-id.ts): a rubric it validated before is taken as it was. */
  checkedBy?: string | undefined;
}

export async function loadRubricFile(path: string, shownAs = path, options: LoadOptions = {}): Promise<{ rubric?: Rubric; report?: string }> {
  const text = await readFile(path, 'utf8');
  const checkedFile = options.checkedBy ? checkedFileOf(text, options.checkedBy) : undefined;
  const checked = checkedFile && (await readCached(checkedFile));
  if (checked) return { rubric: checked as Rubric };
  let document: unknown;
  try {
    document = /\.json$/i.test(path) ? JSON.parse(text) : await parseYamlCached(text);
  } catch (err) {
    return { report: `${shownAs}: (file): cannot be parsed: ${(err as Error).message.split('\n')[0]}` };
  }
  const parsed = parseRubric(document);
  if (!parsed.ok) return { report: formatProblems(shownAs, parsed.problems) };
  if (checkedFile) await writeCached(checkedFile, parsed.rubric);
  return { rubric: parsed.rubric };
}

export async function loadRubrics(folder: string, options: LoadOptions = {}): Promise<Rubric[]> {
  const files = (await readdir(folder)).filter((f) => RUBRIC_FILE.test(f)).sort();
  const reports: string[] = [];
  const rubrics: Array<{ rubric: Rubric; file: string }> = [];
  for (const name of files) {
    const shownAs = relative(process.cwd(), join(folder, name)) || name;
    const { rubric, report } = await loadRubricFile(join(folder, name), shownAs, options);
    if (report) reports.push(report);
    if (rubric && name.replace(RUBRIC_FILE, '') !== `${rubric.id}-${rubric.version}`) {
      reports.push(`${shownAs}: (file name): a rubric file is named after its id and version; expected ${rubric.id}-${rubric.version}${name.match(RUBRIC_FILE)![0]}`);
    } else if (rubric) {
      const twin = rubrics.find((r) => r.rubric.id === rubric.id && r.rubric.version === rubric.version);
      if (twin) reports.push(`${shownAs}: version: ${rubric.id}@${rubric.version} is also defined in ${twin.file}`);
      else rubrics.push({ rubric, file: shownAs });
    }
  }
  const defaults = rubrics.filter((r) => r.rubric.default);
  if (new Set(defaults.map((r) => r.rubric.id)).size > 1) {
    reports.push(`${folder}: default: more than one rubric says "default: true" (${defaults.map((r) => r.file).join(', ')})`);
  }
  if (files.length === 0) reports.push(`${folder}: no rubric file (*.yaml, *.yml or *.json)`);
  if (reports.length) throw new RubricLoadError(reports.join('\n'));
  return rubrics.map((r) => r.rubric);
}
