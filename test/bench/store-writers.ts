/**
 * The embedded store alone, without HTTP: ten writers each create a new
 * organisation with one assessment, over and over for five seconds, on a copy
 * of a data folder (or an empty one). Prints creates per second and latency.
 *
 *   node --import tsx test/bench/store-writers.ts [data folder to copy]
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import type { Assessment } from '../../src/core/assessment/assessment.ts';

const WRITERS = 10;
const SECONDS = 5;
const AT = '2026-11-25T10:00:00.000Z';

const source = process.argv[2];
const dir = await mkdtemp(join(tmpdir(), 'sao-store-writers-'));
if (source) await cp(source, dir, { recursive: true });
const store = await openLowdbStore(dir);
const blank: Assessment = { id: '', rubricId: 'social-ownership', rubricVersion: '1.0.0', organisationId: '', organisation: { name: '' }, respondent: {}, answers: {}, notes: {}, status: 'draft', createdAt: AT, updatedAt: AT };
// A real submitted record when there is one, so each write is of realistic size.
const sample = (await store.list()).find((a) => a.status === 'submitted') ?? blank;
let n = 0;
const latencies: number[] = [];
const until = performance.now() + SECONDS * 1000;
await Promise.all(
  Array.from({ length: WRITERS }, async () => {
    while (performance.now() < until) {
      const i = n++;
      const organisationId = `org-bench${String(i).padStart(13, '0')}`;
      const started = performance.now();
      await store.create({ ...sample, id: `asm-bench${String(i).padStart(13, '0')}`, organisationId, organisation: { name: `Bench ${i}` } }, { id: organisationId, name: `Bench ${i}`, createdAt: AT });
      latencies.push(performance.now() - started);
    }
  }),
);
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
console.log(`${source ? 'copied folder' : 'empty folder'}: ${Math.round(latencies.length / SECONDS)} creates/s, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms; ${JSON.stringify(store.journalStats())}`);
await store.close();
await rm(dir, { recursive: true, force: true });
