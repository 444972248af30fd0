/**
 * Generated data folders, kept between runs under the system's temp folder.
 * A folder is reused only when its key matches: the generator's version and a
 * hash of what the data depends on (the rubrics, the scoring core, the stored
 * format, the generator's own files). Each run works on a fresh copy, since
 * the server writes to its folder (submits, backups, the lock).
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateDataDir, GENERATOR_VERSION, type GeneratedStats } from './generate-data.ts';
import { ROOT } from './shipped-rubric.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';

export const CACHE_ROOT = join(tmpdir(), 'social-audit-bench');
const INPUTS = ['rubrics', 'src/core', 'src/storage/org-document.ts', 'src/storage/stored-schema.ts', 'src/storage/start-index.ts', 'src/storage/org-heads.ts', 'test/fixtures/answer-sets.ts', 'test/bench/generate-data.ts', 'test/bench/answer-mix.ts', 'test/bench/prng.ts'];

export interface Manifest {
  generatorVersion: number;
  inputsHash: string;
  size: number;
  seed: number;
  now: string;
  generatedInMs: number;
  stats: GeneratedStats;
}

/** Source files only: an editor's swap or temporary file beside them must not invalidate the cache. */
const SOURCE = /^[^.].*\.(ts|ya?ml|json)$/;

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => null);
  if (!entries) return [path];
  const nested = await Promise.all(entries.filter((e) => e.isDirectory() || SOURCE.test(e.name)).map((e) => filesUnder(join(path, e.name))));
  return nested.flat().sort();
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of await filesUnder(join(ROOT, input))) {
      hash.update(relative(ROOT, file)).update('\0').update(await readFile(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 12);
}

const readManifest = async (file: string): Promise<Manifest | null> => JSON.parse(await readFile(file, 'utf8').catch(() => 'null')) as Manifest | null;

/** The cached folder for this size, generated first when missing or stale. */
export async function cachedData(size: number, rubric: Rubric): Promise<{ dir: string; manifest: Manifest; reused: boolean }> {
  const hash = await inputsHash();
  const home = join(CACHE_ROOT, `n${size}-g${GENERATOR_VERSION}-${hash}`);
  const manifestFile = join(home, 'manifest.json');
  const dir = join(home, 'data');
  const found = await readManifest(manifestFile);
  if (found && found.generatorVersion === GENERATOR_VERSION && found.inputsHash === hash && found.size === size) return { dir, manifest: found, reused: true };

  // Older generations of this size are of no further use.
  await mkdir(CACHE_ROOT, { recursive: true });
  for (const name of await readdir(CACHE_ROOT)) if (name.startsWith(`n${size}-`)) await rm(join(CACHE_ROOT, name), { recursive: true, force: true });
  const seed = 0x5eed + size;
  const now = new Date();
  const started = performance.now();
  const stats = generateDataDir(dir, { submitted: size, rubric, seed, now });
  // Opened and closed once, as by a server's clean stop: the folder gets its start-up index (src/storage/start-index.ts).
  await (await openLowdbStore(dir)).close();
  const manifest: Manifest = { generatorVersion: GENERATOR_VERSION, inputsHash: hash, size, seed, now: now.toISOString(), generatedInMs: Math.round(performance.now() - started), stats };
  // Written last: a folder without its manifest (an interrupted generation) is never reused.
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
  return { dir, manifest, reused: false };
}

/** A fresh copy of a cached folder for one server run; remove it with the returned function. */
export async function runCopy(cached: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  await mkdir(CACHE_ROOT, { recursive: true });
  const dir = await mkdtemp(join(CACHE_ROOT, 'run-'));
  // With the files' times: the start-up index trusts a file only while its size and mtime are unchanged.
  await cp(cached, dir, { recursive: true, preserveTimestamps: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
