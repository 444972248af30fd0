/**
 * `npm run bench`: for each data size, generates (or reuses) a data folder,
 * starts the real server on a copy of it in production mode, drives it over
 * loopback, and prints one table with the issue's targets beside the figures.
 * The same figures go to test-output/bench/latest.json and latest.md.
 *
 * Every HTTP throughput is also given as a share of GET /healthz measured in
 * the same run, since absolute numbers drift on a shared machine. No figure
 * fails the run: the bench reports, it does not assert.
 *
 * Settings (environment): BENCH_SIZES (default "0,1000,10000"), BENCH_SECONDS
 * per scenario (default 5), BENCH_CONNECTIONS (default 10), BENCH_IMPORT (the
 * assessments of the one-organisation import, default 10000; 0 skips it),
 * BENCH_LIGHTHOUSE (0 skips the Lighthouse pages; LIGHTHOUSE_PRESET as in lighthouse.ts).
 * Before each server starts, the disk's durable-write latency is measured on
 * its folder (disk-latency.ts), and again right before the submits and right
 * after them: submit p99 is reported as a multiple of each, and judged against
 * the one right before the submits. Once the server is quiet after them, one
 * client submits for as long: a submit's own latency (its CPU and one journal
 * append), without the queue of ten requests on the server's one thread.
 * `npm run bench -- --storage postgres` runs TWO server instances on PostgreSQL
 * (the data copied into a throwaway database at TEST_DATABASE_URL's server,
 * dropped at the end, also when the run fails or is interrupted), each with its
 * own empty DATA_DIR, and spreads the load over both: autocannon deals its
 * connections out in turn (half to each instance) and keeps one histogram, so
 * req/s is the total and p50/p99 are of every request. Single-request scenarios
 * (the probes, the exports, the 1-client dashboard and submits) go to the first instance.
 * Start-up and memory rows give the largest of the instances.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_CONSULTANT_KEY, sampleAnswerSets } from './generate-data.ts';
import { cachedData, runCopy } from './data-cache.ts';
import { ROOT, shippedRubric } from './shipped-rubric.ts';
import { procMemory, startServer, untilQuiet, type ServerProcess } from './server-process.ts';
import { exportDownloads, firstViews, guarded, isMeasured, pairedLoad, rssAtRest, scoringAlone, warmLoad, type Measured } from './scenarios.ts';
import { load, type LoadResult } from './http-load.ts';
import { workbookRows } from './xlsx-rows.ts';
import { buildTable, machine, markdownTable, textTable, type SizeFigures } from './report-table.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { describeImport, importOneOrganisation, type ImportFigures } from './import-one-organisation.ts';
import { measureDisk } from './disk-latency.ts';
import { copyIntoPostgres, storageFromArgs } from './postgres-copy.ts';
import { lighthouseMarkdown, presetsFromEnv, runLighthouse, runsFromEnv, type PageScores } from './lighthouse.ts';

const OUT_DIR = join(ROOT, 'test-output', 'bench');
const SIZES = (process.env.BENCH_SIZES ?? '0,1000,10000').split(',').map((s) => Number(s.trim()));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const IMPORT_COUNT = Number(process.env.BENCH_IMPORT ?? 10_000);
const STORAGE = storageFromArgs(process.argv.slice(2));
const AUTH = { authorization: `Bearer ${BENCH_CONSULTANT_KEY}` };
const NOT_RUN = { na: 'n/a (not run)' };
/** What every browser sends: the pages are also loaded as a browser gets them, gzipped. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
/** App instances behind the bench's round-robin: lowdb is single-process, PostgreSQL is shared. */
const INSTANCES = STORAGE === 'postgres' ? 2 : 1;
const RUN_ON = STORAGE === 'postgres' ? `PostgreSQL, ${INSTANCES} instances` : 'lowdb, 1 instance';
// Read now, so that a mistyped LIGHTHOUSE_PRESET or LIGHTHOUSE_RUNS stops the bench before its loads, not after them.
const LIGHTHOUSE = process.env.BENCH_LIGHTHOUSE === '0' ? null : { presets: presetsFromEnv(), runs: runsFromEnv() };

/** What must be undone even when the bench is stopped by a signal: servers, databases, folders. */
const cleanups = new Set<() => Promise<void>>();
function undoLater(undo: () => Promise<void>): () => Promise<void> {
  const once = async () => {
    if (!cleanups.delete(once)) return;
    await undo();
  };
  cleanups.add(once);
  return once;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the servers and dropping the bench's databases`);
    void Promise.allSettled([...cleanups].reverse().map((undo) => undo())).then(() => process.exit(130));
  });
}

const largest = (values: Array<number | null>): number | null => (values.some((v) => v === null) ? null : Math.max(...(values as number[])));

const say = (size: number, what: string) => console.log(`[${size.toLocaleString('en-GB')}] ${what}`);
const describe = (m: Measured<LoadResult>) =>
  isMeasured(m) ? `${Math.round(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms${m.non2xx || m.errors ? `, ${m.non2xx} non-2xx, ${m.errors} errors` : ''}${m.reference ? `; /healthz in the turns between: ${Math.round(m.reference.rps)} req/s` : ''}` : m.na;

function submitBody(rubric: Rubric, size: number): () => string {
  const sets = sampleAnswerSets(rubric, 200, 0xb0d1 + size);
  const tag = `${Date.now().toString(36)}-${size}`;
  let n = 0;
  return () => {
    n++;
    return JSON.stringify({
      organisation: { name: `Bench client ${tag}-${n}`, sector: 'retail', size: '10-49' },
      respondent: { role: 'leadership' },
      answers: sets[n % sets.length],
      notes: {},
      status: 'submitted',
      nonce: `bench-${tag}-${n}`,
    });
  };
}

async function underLoad(servers: ServerProcess[], size: number, sampleIds: string[], rubric: Rubric, diskDir: string): Promise<Omit<SizeFigures, 'size' | 'data' | 'scoringPerSecond' | 'startupMs' | 'rssAfterStartMb' | 'disk' | 'instances'> & { rssAtRestPerInstanceMb: Array<number | null> }> {
  // The probes and the exports go to the first instance; a scenario runs only while every instance is up.
  const first = servers[0]!;
  const server: ServerProcess = { ...first, alive: () => servers.every((s) => s.alive()) };
  // Every GET load keeps the generator awake (http-load.ts, `keptAwake`): the ratios are of the server's work, not of loopback wake-ups.
  const base = { origin: servers.map((s) => s.origin), connections: CONNECTIONS, seconds: SECONDS, keepAwake: true };
  const step = <T extends object>(what: string, m: T): T => {
    say(size, `${what}: ${'rps' in m ? describe(m as unknown as LoadResult) : JSON.stringify(m)}`);
    return m;
  };

  // Exports first, from a server that has served nothing else: their memory growth is the honest one.
  const csv = step('bulk CSV', await exportDownloads(server, '/api/export.csv?kind=summary', AUTH, { csv: true, times: 3 }));
  const xlsx = step('bulk XLSX', await exportDownloads(server, '/api/export.xlsx', AUTH, { csv: false, times: 1, countSheets: workbookRows }));
  const healthz = step('GET /healthz', await guarded(server, '/healthz', {}, () => warmLoad({ ...base, path: '/healthz' })));

  const reportPaths = sampleIds.map((id) => `/assessments/${id}`);
  const noData = { na: 'n/a (no assessments)' };
  // Each report's first view renders it: timed on their own first (the first instance's figure; every
  // instance renders its own, so the load spread over them reads kept pages), then the load.
  const viewedFirst = async (headers: Record<string, string>) => {
    const medians: Array<number | null> = [];
    for (const s of servers) medians.push(reportPaths.length ? await firstViews(s.origin, reportPaths, headers) : null);
    return medians[0] ?? null;
  };
  // A page loaded (reports from the list of sample ones, none when there are none), as autocannon asks or as a browser
  // does, in turns with /healthz (scenarios.ts, `pairedLoad`): its ratio is to the /healthz of those turns.
  const pageLoad = async (what: string, path: string | string[], headers: Record<string, string>) => {
    const first = typeof path === 'string' ? path : path[0];
    return step(what, first === undefined ? noData : await guarded(server, first, { headers }, () => pairedLoad({ ...base, headers, path })));
  };
  // Each page as autocannon asks for it, then as a browser does (gzip), one after the other: a kept report lives a
  // minute (web/page-cache.ts, its `ttlMs`), so both loads of a report follow its first views within it and measure
  // kept pages, not a minute's worth of renders at once.
  const firstView = await viewedFirst({});
  const report = await pageLoad('report page', reportPaths, {});
  const reportGzip = await pageLoad('report page, gzip', reportPaths, BROWSER);
  const firstViewConsultant = await viewedFirst(AUTH);
  say(size, `first views (rendered), median: ${firstView?.toFixed(2)} ms public, ${firstViewConsultant?.toFixed(2)} ms consultant`);
  const reportConsultant = await pageLoad('report page (consultant)', reportPaths, AUTH);
  const reportConsultantGzip = await pageLoad('report page (consultant), gzip', reportPaths, { ...AUTH, ...BROWSER });
  const form = await pageLoad('form page', '/assessments/new', {});
  const formGzip = await pageLoad('form page, gzip', '/assessments/new', BROWSER);
  const dashboardOne = step('dashboard, 1 client', await guarded(server, '/consultant', { headers: AUTH }, () => warmLoad({ ...base, connections: 1, headers: AUTH, path: '/consultant' })));
  const dashboardTen = step('dashboard, 10 clients', isMeasured(dashboardOne) ? await pairedLoad({ ...base, headers: AUTH, path: '/consultant' }) : dashboardOne);
  const browser = {
    report: reportGzip,
    reportConsultant: reportConsultantGzip,
    form: formGzip,
    dashboardTen: await pageLoad('dashboard, 10 clients, gzip', '/consultant', { ...AUTH, ...BROWSER }),
  };

  // Submits last: each one adds an organisation, which would change what the other scenarios see.
  // The disk's latency again, right before them (the reference of their p99's verdict: the closest in time, on a server
  // doing nothing else) and right after them once quiet, in the folder it was measured in before the servers started.
  const diskNow = async (when: string) => {
    const d = await measureDisk(diskDir);
    say(size, `disk, ${when}: file write p50 ${d.fileWrite.p50.toFixed(1)} ms, p99 ${d.fileWrite.p99.toFixed(1)} ms`);
    return d;
  };
  const diskAtSubmits = await diskNow('right before the submits');
  const body = submitBody(rubric, size);
  const json = { 'content-type': 'application/json' };
  const submits = (what: string, connections: number) =>
    guarded(server, '/api/assessments', { method: 'POST', headers: json, body: body() }, () => warmLoad({ ...base, connections, keepAwake: false, method: 'POST', headers: json, path: '/api/assessments', body })).then((m) => step(what, m));
  const submit = await submits('submit', CONNECTIONS);
  // The organisation files of the submits are written in the background after them: the bare route
  // is measured again once that is done, as the pages were, on a server doing nothing else.
  const settle = await Promise.all(servers.map((s) => untilQuiet(s.pid)));
  const settleMs = largest(settle);
  say(size, `quiet ${settleMs === null ? '(not measured)' : `after ${(settleMs / 1000).toFixed(1)} s`} of background work after the submits`);
  const diskAfterSubmits = await diskNow('right after the submits');
  // One client's submits: a submit's own latency, its CPU and one journal append, without the queue of ten in front of it.
  const submitOne = await submits('submit, 1 client', 1);
  await Promise.all(servers.map((s) => untilQuiet(s.pid)));
  const healthzEnd = step('GET /healthz (end)', await guarded(server, '/healthz', {}, () => load({ ...base, path: '/healthz' })));
  await new Promise((r) => setTimeout(r, 3000));
  const rest = await Promise.all(servers.map((s) => rssAtRest(s, 0)));
  say(size, `RSS at rest: ${rest.map((r) => `${r?.toFixed(0)} MB`).join(', ')}`);
  return { csv, xlsx, healthz, firstViewMs: { public: firstView, consultant: firstViewConsultant }, report, reportConsultant, form, dashboardOne, dashboardTen, browser, diskAroundSubmits: [diskAtSubmits, diskAfterSubmits], submit, submitOne, settleMs, healthzEnd, rssAtRestMb: largest(rest), rssAtRestPerInstanceMb: rest };
}

async function benchSize(size: number, rubric: Rubric): Promise<SizeFigures> {
  const t0 = performance.now();
  const cached = await cachedData(size, rubric);
  say(size, cached.reused ? 'data: reused the cached folder' : `data: generated in ${(cached.manifest.generatedInMs / 1000).toFixed(1)} s`);
  const t1 = performance.now();
  const copy = await runCopy(cached.dir);
  // The copy's dirty pages go to disk now, not while the disk's latency is timed (flushing them did not bring that first
  // measurement down to the later ones in the run that tried it: docs/performance.md, the eleventh session).
  execFileSync('sync');
  const { stats } = cached.manifest;
  const data = { organisations: stats.organisations, submitted: stats.submitted, drafts: stats.drafts, reused: cached.reused, generatedInMs: cached.reused ? 0 : Math.round(t1 - t0), copyMs: Math.round(performance.now() - t1) };
  const scoringPerSecond = scoringAlone(rubric, sampleAnswerSets(rubric, 1000, 0x5c0 + size), 2);
  say(size, `scoring alone: ${Math.round(scoringPerSecond)} assessments/s`);

  const figures: SizeFigures = {
    size, data, scoringPerSecond, startupMs: null, rssAfterStartMb: null, rssAtRestMb: null, disk: null, diskAroundSubmits: null,
    healthz: NOT_RUN, healthzEnd: NOT_RUN, firstViewMs: null, report: NOT_RUN, reportConsultant: NOT_RUN, form: NOT_RUN, dashboardOne: NOT_RUN, dashboardTen: NOT_RUN, browser: null, submit: NOT_RUN, submitOne: NOT_RUN, settleMs: null, csv: NOT_RUN, xlsx: NOT_RUN,
  };
  const servers: ServerProcess[] = [];
  const undo: Array<() => Promise<void>> = [undoLater(copy.remove)];
  try {
    // The disk's own limit, on the folder the server will use, before the server runs.
    figures.disk = await measureDisk(copy.dir);
    say(size, `disk: file write p50 ${figures.disk.fileWrite.p50.toFixed(1)} ms, p99 ${figures.disk.fileWrite.p99.toFixed(1)} ms; journal append p50 ${figures.disk.journalAppend.p50.toFixed(1)} ms, p99 ${figures.disk.journalAppend.p99.toFixed(1)} ms`);
    if (STORAGE === 'postgres') {
      const database = await copyIntoPostgres(copy.dir, (drop) => undo.push(undoLater(drop)));
      say(size, `data: copied into PostgreSQL in ${(database.copyMs / 1000).toFixed(1)} s`);
      // One after the other, so that each start-up is timed on its own; both on the one database.
      for (let i = 0; i < INSTANCES; i++) {
        // lowdb is not used: each instance gets an empty folder of its own.
        const dataDir = await mkdtemp(join(tmpdir(), `social-audit-bench-pg${i + 1}-`));
        undo.push(undoLater(() => rm(dataDir, { recursive: true, force: true })));
        const server = await startServer({ dataDir, env: { CONSULTANT_TOKEN: BENCH_CONSULTANT_KEY, DATABASE_URL: database.url }, logFile: join(OUT_DIR, `server-${size}-${i + 1}.log`) });
        servers.push(server);
        undo.push(undoLater(() => server.stop()));
      }
    } else {
      const server = await startServer({ dataDir: copy.dir, env: { CONSULTANT_TOKEN: BENCH_CONSULTANT_KEY }, logFile: join(OUT_DIR, `server-${size}.log`) });
      servers.push(server);
      undo.push(undoLater(() => server.stop()));
    }
    await new Promise((r) => setTimeout(r, 500));
    figures.instances = servers.map((s) => {
      const mem = procMemory(s.pid);
      return { startupMs: s.startupMs, rssAfterStartMb: mem ? mem.rssKb / 1024 : null, rssAtRestMb: null };
    });
    figures.startupMs = largest(figures.instances.map((i) => i.startupMs));
    figures.rssAfterStartMb = largest(figures.instances.map((i) => i.rssAfterStartMb));
    say(size, figures.instances.map((i, n) => `${INSTANCES > 1 ? `instance ${n + 1} ` : ''}started in ${Math.round(i.startupMs)} ms; RSS ${i.rssAfterStartMb?.toFixed(0)} MB`).join('; '));
    const { rssAtRestPerInstanceMb, ...measured } = await underLoad(servers, size, stats.sampleIds, rubric, copy.dir);
    Object.assign(figures, measured);
    rssAtRestPerInstanceMb.forEach((mb, n) => (figures.instances![n]!.rssAtRestMb = mb));
  } catch (err) {
    figures.error = (err as Error).message;
    say(size, `error: ${figures.error}`);
  } finally {
    // The servers first (they hold connections to the database), then the database, then the folders.
    for (const step of undo.reverse()) await step().catch((err: Error) => say(size, `clean-up: ${err.message}`));
  }
  return figures;
}

async function main() {
  await mkdir(OUT_DIR, { recursive: true });
  const started = new Date();
  const before = machine();
  console.log(`Bench on ${before.cpus} x ${before.cpu}, ${before.memoryGb} GB, Node ${before.node}; load average ${before.loadAverage.join(' ')}`);
  console.log(`Storage ${RUN_ON}; sizes ${SIZES.join(', ')}; ${SECONDS} s per scenario, ${CONNECTIONS} connections\n`);
  const rubric = await shippedRubric();
  // The server runs compiled, as `npm start` runs it: build it once, before anything is timed.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const sizes: SizeFigures[] = [];
  for (const size of SIZES) sizes.push(await benchSize(size, rubric));
  let imported: ImportFigures | null = null;
  if (IMPORT_COUNT > 0) {
    imported = await importOneOrganisation(rubric, IMPORT_COUNT);
    console.log(describeImport(imported));
  }
  // Pages as a browser sees them (test/bench/lighthouse.ts); BENCH_LIGHTHOUSE=0 skips it.
  const lighthouse: PageScores[] | null = LIGHTHOUSE ? await runLighthouse(LIGHTHOUSE.presets, /./, LIGHTHOUSE.runs) : null;

  const table = buildTable(sizes, RUN_ON);
  const after = machine();
  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  const machineLine = `${before.cpus} x ${before.cpu}, ${before.memoryGb} GB RAM, ${before.os}, Node ${before.node}; load average ${before.loadAverage.join(' ')} at start, ${after.loadAverage.join(' ')} at end`;
  const spread =
    INSTANCES > 1
      ? `; the ${CONNECTIONS} connections dealt out in turn over the ${INSTANCES} instances (req/s is the total, p50/p99 of all requests), exports and the 1-client dashboard on instance 1, start-up and RSS rows the largest of the instances (the PostgreSQL server's own memory not counted)`
      : '';
  const settings = `storage ${RUN_ON}; ${SECONDS} s per scenario after a 1 s warm-up, ${CONNECTIONS} connections (dashboard p50/p99 with 1), loopback, autocannon kept awake for the GET loads (not the submits); each page's ratio to /healthz is to the /healthz measured in 1-s turns with it; exports downloaded 3 times (CSV) and once (XLSX)${spread}`;

  console.log(`\n${textTable(table)}\n`);
  console.log(`Machine: ${machineLine}\nRun: ${started.toISOString()}, ${seconds} s. ${settings}.`);

  await writeFile(join(OUT_DIR, 'latest.json'), JSON.stringify({ machine: before, loadAverageAtEnd: after.loadAverage, startedAt: started.toISOString(), durationSeconds: seconds, settings: { storage: STORAGE, instances: INSTANCES, sizes: SIZES, secondsPerScenario: SECONDS, connections: CONNECTIONS }, targets: table.verdicts, sizes, importOneOrganisation: imported, lighthouse }, null, 2));
  const md = [`# Benchmark, ${started.toISOString().slice(0, 10)}`, '', `Machine: ${machineLine}.`, '', `Run: ${settings}; ${seconds} s in all. Targets are judged at the largest size.`, '', markdownTable(table), '', ...(imported ? [`Import: ${describeImport(imported)}.`, ''] : []), ...(lighthouse ? ['## Lighthouse 12.2.3', '', lighthouseMarkdown(lighthouse), ''] : [])].join('\n');
  await writeFile(join(OUT_DIR, 'latest.md'), md);
  console.log(`Written: ${join('test-output', 'bench', 'latest.json')} and latest.md`);
}

await main();
