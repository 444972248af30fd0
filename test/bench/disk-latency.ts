/**
 * What this disk allows: the latency of the two durable write sequences the
 * store uses, on a 4 kB file in the folder the server is about to use, timed
 * one after another with nothing else running.
 *
 * - file write: write a temporary file, fsync it, rename it over the target,
 *   fsync the folder (DurableJSONFile, the organisation files; the issue's
 *   "one durable write");
 * - journal append: one append to a file opened with O_DSYNC, which returns
 *   once the data is on disk as write + fdatasync would (GroupCommitJournal,
 *   what a submit waits for).
 */
import { constants } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Latency {
  p50: number;
  p99: number;
  samples: number;
}
export interface DiskLatency {
  fileWrite: Latency;
  journalAppend: Latency;
}

const BLOCK = Buffer.alloc(4096, 'x');

function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), samples: sorted.length };
}

async function fileWrite(dir: string, target: string, tmp: string): Promise<void> {
  const handle = await open(tmp, 'w');
  await handle.writeFile(BLOCK);
  await handle.sync();
  await handle.close();
  await rename(tmp, target);
  const folder = await open(dir, 'r');
  await folder.sync();
  await folder.close();
}

/** Times `count` of each sequence (after 20 unmeasured), in a scratch folder inside `dir`, removed afterwards. */
export async function measureDisk(dir: string, count = 500): Promise<DiskLatency> {
  const scratch = join(dir, '.bench-disk');
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch);
  try {
    const target = join(scratch, 'file.json');
    const tmp = join(scratch, '.file.json.tmp');
    const writes: number[] = [];
    for (let i = 0; i < count + 20; i++) {
      const t = performance.now();
      await fileWrite(scratch, target, tmp);
      if (i >= 20) writes.push(performance.now() - t);
    }
    const journal = await open(join(scratch, 'journal.log'), constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC);
    const appends: number[] = [];
    try {
      for (let i = 0; i < count + 20; i++) {
        const t = performance.now();
        await journal.write(BLOCK);
        if (i >= 20) appends.push(performance.now() - t);
      }
    } finally {
      await journal.close();
    }
    return { fileWrite: percentiles(writes), journalAppend: percentiles(appends) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('disk-latency.ts')) {
  const d = await measureDisk(process.argv[2] ?? process.cwd());
  console.log(`file write p50 ${d.fileWrite.p50.toFixed(2)} ms, p99 ${d.fileWrite.p99.toFixed(2)} ms; journal append p50 ${d.journalAppend.p50.toFixed(2)} ms, p99 ${d.journalAppend.p99.toFixed(2)} ms`);
}
