/**
 * The scenarios run against one server: each probes its route first, so a
 * route that is not built yet (501), or a server that went away, gives a
 * "n/a" figure instead of stopping the bench.
 */
import { performance } from 'node:perf_hooks';
import { evaluate } from '../../src/core/evaluate.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { download, load, probe, type Download, type LoadOptions, type LoadResult } from './http-load.ts';
import { procMemory, type ServerProcess } from './server-process.ts';

/** A figure that could not be measured, and why ("n/a (501)", "n/a (no assessments)", "error: ..."). */
export interface NotMeasured {
  na: string;
}
export type Measured<T> = T | NotMeasured;
export const isMeasured = <T extends object>(m: Measured<T> | undefined): m is T => m !== undefined && !('na' in m);

export interface ExportFigures {
  rows: number | null;
  seconds: number;
  rowsPerSecond: number | null;
  firstByteMs: number;
  megabytes: number;
  peakGrowthMb: number | null;
  peakFromHwm: boolean;
  /** Rows per sheet, for a workbook. */
  sheets?: number[];
}

const mb = (kb: number) => kb / 1024;

/** Runs a scenario after checking its route answers 2xx; anything else becomes a NotMeasured. */
export async function guarded<T>(server: ServerProcess, path: string, init: RequestInit, run: () => Promise<T>): Promise<Measured<T>> {
  if (!server.alive()) return { na: 'n/a (server down)' };
  try {
    const status = await probe(server.origin, path, init);
    if (status === 501) return { na: 'n/a (501)' };
    if (status < 200 || status >= 300) return { na: `n/a (${status})` };
    return await run();
  } catch (err) {
    return { na: `error: ${(err as Error).message}` };
  }
}


/**
 * A page's load and the bare route's, in alternating one-second turns (after
 * a second's warm-up of the page), so that its ratio to /healthz compares runs
 * made under the same conditions. On a shared machine the speed drifts within
 * a run: /healthz measured 11,900 req/s at the start of one run and 15,200 at
 * its end, and a page measured minutes away from its reference crossed its line
 * either way. Req/s is the mean over the turns; p50 the median turn's, p99 the
 * worst turn's.
 */
export async function pairedLoad(o: LoadOptions): Promise<LoadResult & { reference: LoadResult }> {
  await load({ ...o, seconds: 1 });
  const turns = Math.max(1, Math.round(o.seconds));
  const pages: LoadResult[] = [];
  const bare: LoadResult[] = [];
  for (let i = 0; i < turns; i++) {
    bare.push(await load({ origin: o.origin, connections: o.connections, keepAwake: o.keepAwake, path: '/healthz', seconds: 1 }));
    pages.push(await load({ ...o, seconds: 1 }));
  }
  return { ...overTurns(pages), reference: overTurns(bare) };
}

function overTurns(turns: LoadResult[]): LoadResult {
  const sum = (pick: (r: LoadResult) => number) => turns.reduce((total, r) => total + pick(r), 0);
  const p50s = turns.map((r) => r.p50).sort((a, b) => a - b);
  return {
    rps: sum((r) => r.rps) / turns.length,
    p50: p50s[Math.floor(p50s.length / 2)]!,
    p99: Math.max(...turns.map((r) => r.p99)),
    requests: sum((r) => r.requests),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

/**
 * Each path fetched once, one after the other: a report's first view, which
 * renders it (later views are served from the kept page). Returns the median
 * time in ms. Run before the load on the same paths, so that the load measures
 * kept pages and the renders are reported on their own.
 */
export async function firstViews(origin: string, paths: readonly string[], headers: Record<string, string>): Promise<number | null> {
  const times: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const res = await fetch(`${origin}${path}`, { headers });
    await res.arrayBuffer();
    if (res.ok) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times.length ? times[Math.floor(times.length / 2)]! : null;
}

/** A short unmeasured run first, so the JIT and the view cache are warm. */
export async function warmLoad(o: LoadOptions): Promise<LoadResult> {
  await load({ ...o, seconds: 1 });
  return load(o);
}

/**
 * Downloads an export `times` times. No probe first: the first download is the
 * one whose memory growth counts most, from a server that has not exported yet.
 */
export async function exportDownloads(server: ServerProcess, path: string, headers: Record<string, string>, opts: { csv: boolean; times: number; countSheets?: (body: Buffer) => Promise<number[]> }): Promise<Measured<ExportFigures>> {
  if (!server.alive()) return { na: 'n/a (server down)' };
  const runs: Download[] = [];
  let sheets: number[] | undefined;
  for (let i = 0; i < opts.times; i++) {
    const d = await download({ origin: server.origin, path, headers, pid: server.pid, csv: opts.csv, keepBody: !!opts.countSheets && i === 0 }).catch((err: Error) => ({ na: `error: ${err.message}` }));
    if ('na' in d) return d;
    if (d.status !== 200) return { na: `n/a (${d.status})` };
    if (d.body && opts.countSheets) sheets = await opts.countSheets(d.body);
    runs.push(d);
  }
  const rows = opts.csv ? runs[0]!.rows : sheets ? sheets.reduce((a, b) => a + b, 0) : null;
  // The median run for speed; the largest growth for memory (usually the first, cold run).
  const bySpeed = [...runs].sort((a, b) => a.ms - b.ms);
  const median = bySpeed[Math.floor(bySpeed.length / 2)]!;
  const growth = runs.map((d) => (d.peakRssKb !== null && d.rssBeforeKb !== null ? mb(d.peakRssKb - d.rssBeforeKb) : null));
  return {
    rows,
    seconds: median.ms / 1000,
    // With nothing to export, a rate would only measure the request's overhead.
    rowsPerSecond: rows === null || rows === 0 ? null : rows / (median.ms / 1000),
    firstByteMs: median.firstByteMs,
    megabytes: median.bytes / 1_048_576,
    peakGrowthMb: growth.some((g) => g === null) ? null : Math.max(...(growth as number[])),
    peakFromHwm: runs.every((d) => d.peakFromHwm),
    ...(sheets ? { sheets } : {}),
  };
}

/** Assessments scored per second by the core alone, over the given answer sets. */
export function scoringAlone(rubric: Rubric, answerSets: ReadonlyArray<Record<string, string>>, seconds: number): number {
  const day = '2026-06-01';
  // Half a second unmeasured first, so the figure is of optimised code.
  for (let i = 0, warm = performance.now() + 500; performance.now() < warm; i++) evaluate(rubric, answerSets[i % answerSets.length]!, day);
  let n = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 50; i++) evaluate(rubric, answerSets[(n + i) % answerSets.length]!, day);
    n += 50;
  }
  return n / ((performance.now() - started) / 1000);
}

/** RSS in MB after the server has been idle for `idleMs`. */
export async function rssAtRest(server: ServerProcess, idleMs: number): Promise<number | null> {
  await new Promise((r) => setTimeout(r, idleMs));
  const m = procMemory(server.pid);
  return m ? mb(m.rssKb) : null;
}
