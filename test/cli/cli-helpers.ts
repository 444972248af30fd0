/** Runs the command line: in this process (`cli`), or as a script would, in a child process (`spawned`). */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ROOT } from '../helpers/app.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { seed } from '../core/export-fixtures.ts';
import { shippedRubrics } from '../helpers/app.ts';

export const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
export const BIN = join(ROOT, 'bin', 'social-audit.js');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  bytes: Buffer;
}

/** The command line as a script runs it: a child process. For the few end-to-end cases only; it costs a second or more each. */
export function spawned(args: string[], opts: { cwd?: string; bin?: boolean; env?: Record<string, string> } = {}): Promise<Ran> {
  const argv = opts.bin ? [BIN, ...args] : ['--import', 'tsx', MAIN, ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: opts.cwd ?? ROOT, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...opts.env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), bytes: stdout });
    });
  });
}

export const tempDir = (prefix = 'sao-cli-') => mkdtemp(join(tmpdir(), prefix));

export async function writeJson(dir: string, name: string, value: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

/** A data folder holding `count` submitted assessments, as the server would have written it. */
export async function seededDataDir(count: number): Promise<string> {
  const dir = await tempDir('sao-data-');
  const store = await openLowdbStore(dir);
  await seed(store, (await shippedRubrics()).defaultRubric(), count);
  return dir;
}

/** The command line in this process, through `run(argv, io)`: what most tests use. Not a terminal; the clock is fixed. */
export async function cli(args: string[], now = new Date('2026-11-25T10:00:00.000Z')): Promise<Ran> {
  const { run } = await import('../../src/cli/run.ts');
  const sink = () => {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, _enc, cb) {
        chunks.push(Buffer.from(chunk));
        cb();
      },
    });
    return { stream, bytes: () => Buffer.concat(chunks) };
  };
  const out = sink();
  const err = sink();
  const code = await run(args, { stdout: out.stream, stderr: err.stream, env: {}, now: () => now });
  const bytes = out.bytes();
  return { code, stdout: bytes.toString('utf8'), stderr: err.bytes().toString('utf8'), bytes };
}
