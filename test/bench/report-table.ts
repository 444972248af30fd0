/**
 * The bench's figures as one table (metrics as rows, data sizes as columns),
 * with the targets beside them: printed, and written as JSON and
 * markdown. A target is judged at the largest size run (10,000 by default);
 * the marks in the other columns only show where it already holds or not.
 */
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { isMeasured, type ExportFigures, type Measured } from './scenarios.ts';
import type { LoadResult } from './http-load.ts';
import type { DiskLatency } from './disk-latency.ts';

export interface SizeFigures {
  size: number;
  data: { organisations: number; submitted: number; drafts: number; reused: boolean; generatedInMs: number; copyMs: number };
  /** Set when the server could not be started or run for this size. */
  error?: string;
  scoringPerSecond: number;
  /** The largest of the instances' (see `instances`). */
  startupMs: number | null;
  rssAfterStartMb: number | null;
  /** Each app instance's own start-up and memory (one with lowdb, two on PostgreSQL). */
  instances?: Array<{ startupMs: number; rssAfterStartMb: number | null; rssAtRestMb: number | null }>;
  healthz: Measured<LoadResult>;
  healthzEnd: Measured<LoadResult>;
  /** Median time of each sample report's first view (rendered), fetched one after the other before the load. */
  firstViewMs: { public: number | null; consultant: number | null } | null;
  report: Measured<LoadResult>;
  reportConsultant: Measured<LoadResult>;
  form: Measured<LoadResult>;
  dashboardOne: Measured<LoadResult>;
  dashboardTen: Measured<LoadResult>;
  /** The same pages loaded as a browser asks for them (Accept-Encoding: gzip, deflate, br). */
  browser: { report: Measured<LoadResult>; reportConsultant: Measured<LoadResult>; form: Measured<LoadResult>; dashboardTen: Measured<LoadResult> } | null;
  submit: Measured<LoadResult>;
  /**
   * One client's submits, after the ten clients' once the server is quiet: a submit's own latency (its CPU and
   * one journal append), without the queue of ten requests on the server's one thread that the ten clients' p99 holds.
   */
  submitOne: Measured<LoadResult>;
  /** How long the server kept working after the submits (writing organisation files) before it was quiet. */
  settleMs: number | null;
  csv: Measured<ExportFigures>;
  xlsx: Measured<ExportFigures>;
  rssAtRestMb: number | null;
  /** This disk's durable-write latency, measured in the same run on the server's folder, before the server started. */
  disk: DiskLatency | null;
  /**
   * The same, measured again right before the submits (the verdict's reference) and right after them, once
   * quiet: this disk's p99 moves 2-4x within a run.
   */
  diskAroundSubmits: [DiskLatency, DiskLatency] | null;
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cpus: cpu.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

type Value = number | string | null;
interface Target {
  text: string;
  ok: (v: number) => boolean;
}
interface Row {
  label: string;
  value: (f: SizeFigures, all: SizeFigures[]) => Value;
  format: (v: number) => string;
  target?: Target;
}

const int = (v: number) => Math.round(v).toLocaleString('en-GB');
const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
const megabytes = (v: number) => `${Math.round(v)} MB`;
const pct = (v: number) => `${Math.round(v * 100)}%`;
const times = (v: number) => `${v.toFixed(2)}x`;

/** The bare route's throughput in this run: the mean of the runs before and after the other scenarios. */
export function referenceRps(f: SizeFigures): number | null {
  const runs = [f.healthz, f.healthzEnd].filter(isMeasured).map((r) => r.rps);
  return runs.length ? runs.reduce((a, b) => a + b, 0) / runs.length : null;
}

function load(pick: (f: SizeFigures) => Measured<LoadResult>, field: 'rps' | 'p50' | 'p99'): Row['value'] {
  return (f) => {
    const m = pick(f);
    return isMeasured(m) ? m[field] : m.na;
  };
}
/** A load's req/s over /healthz's: the /healthz of the turns it was measured in, where it was (pages), else the run's. */
function ratio(pick: (f: SizeFigures) => Measured<LoadResult>): Row['value'] {
  return (f) => {
    const m = pick(f);
    if (!isMeasured(m)) return m.na;
    const ref = m.reference?.rps ?? referenceRps(f);
    return ref ? m.rps / ref : null;
  };
}
function exported(pick: (f: SizeFigures) => Measured<ExportFigures>, get: (e: ExportFigures, f: SizeFigures) => number | null): Row['value'] {
  return (f) => {
    const m = pick(f);
    return isMeasured(m) ? get(m, f) : m.na;
  };
}
const perRef = (v: number | null, f: SizeFigures) => {
  const ref = referenceRps(f);
  return v !== null && ref ? v / ref : null;
};

type BrowserPage = keyof NonNullable<SizeFigures['browser']>;
const asBrowser = (page: BrowserPage) => (f: SizeFigures): Measured<LoadResult> => f.browser?.[page] ?? { na: 'n/a (not run)' };
const atLeast = (share: number) => ({ text: `>= ${Math.round(share * 100)}% of /healthz`, ok: (v: number) => v >= share });
/** The disk as it was right before the submits: the closest to them in time, on a server doing nothing else. */
const atSubmits = (get: (d: DiskLatency) => number): Row['value'] => (f) => (f.diskAroundSubmits ? get(f.diskAroundSubmits[0]) : null);
/** A submit load's p99 as a multiple of the disk right before the submits (the ten clients' unless another load is picked). */
const submitPer = (get: (d: DiskLatency) => number, pick: (f: SizeFigures) => Measured<LoadResult> = (f) => f.submit): Row['value'] => (f) => {
  const m = pick(f);
  return f.diskAroundSubmits && isMeasured(m) ? m.p99 / get(f.diskAroundSubmits[0]) : null;
};

export const ROWS: Row[] = [
  { label: 'Organisations stored', value: (f) => f.data.organisations, format: int },
  { label: 'Submitted assessments stored (+ drafts)', value: (f) => `${int(f.data.submitted)} (+${f.data.drafts})`, format: int },
  { label: 'Scoring alone, in-process (assessments/s)', value: (f) => f.scoringPerSecond, format: int },
  { label: 'Start-up to first response', value: (f) => f.startupMs, format: ms, target: { text: '< 1 s', ok: (v) => v < 1000 } },
  { label: 'GET /healthz, start of run (req/s)', value: load((f) => f.healthz, 'rps'), format: int },
  { label: 'GET /healthz, end of run, once quiet after the submits (req/s)', value: load((f) => f.healthzEnd, 'rps'), format: int },
  { label: 'Report page, first view (rendered; median, one at a time)', value: (f) => f.firstViewMs?.public ?? null, format: ms },
  { label: 'Report page, consultant, first view (rendered; median)', value: (f) => f.firstViewMs?.consultant ?? null, format: ms },
  { label: 'Report page (req/s)', value: load((f) => f.report, 'rps'), format: int },
  { label: 'Report page vs /healthz', value: ratio((f) => f.report), format: pct, target: atLeast(0.7) },
  { label: 'Report page, gzip, as a browser asks (req/s)', value: load(asBrowser('report'), 'rps'), format: int },
  { label: 'Report page, gzip, vs /healthz', value: ratio(asBrowser('report')), format: pct, target: atLeast(0.7) },
  { label: 'Report page, consultant signed in (req/s)', value: load((f) => f.reportConsultant, 'rps'), format: int },
  { label: 'Report page, consultant, vs /healthz', value: ratio((f) => f.reportConsultant), format: pct, target: atLeast(0.4) },
  { label: 'Report page, consultant, gzip (req/s)', value: load(asBrowser('reportConsultant'), 'rps'), format: int },
  { label: 'Report page, consultant, gzip, vs /healthz', value: ratio(asBrowser('reportConsultant')), format: pct, target: atLeast(0.4) },
  { label: 'Form page (req/s)', value: load((f) => f.form, 'rps'), format: int },
  { label: 'Form page vs /healthz', value: ratio((f) => f.form), format: pct, target: atLeast(0.6) },
  { label: 'Form page, gzip (req/s)', value: load(asBrowser('form'), 'rps'), format: int },
  { label: 'Form page, gzip, vs /healthz', value: ratio(asBrowser('form')), format: pct, target: atLeast(0.6) },
  { label: 'Submit POST /api/assessments (req/s)', value: load((f) => f.submit, 'rps'), format: int, target: { text: '>= 1,000/s', ok: (v) => v >= 1000 } },
  { label: 'Submit vs /healthz', value: ratio((f) => f.submit), format: pct },
  { label: 'Submit p50, 10 clients', value: load((f) => f.submit, 'p50'), format: ms },
  { label: 'Background work after the submits, until quiet', value: (f) => f.settleMs, format: ms },
  { label: 'Submit p99, 10 clients', value: load((f) => f.submit, 'p99'), format: ms },
  { label: 'Submit p50 / p99, 1 client (after the 10 clients, once quiet)', value: (f) => (isMeasured(f.submitOne) ? `${ms(f.submitOne.p50)} / ${ms(f.submitOne.p99)}` : f.submitOne.na), format: ms },
  { label: 'Disk: durable file write p50 (4 kB; write, fsync, rename, fsync folder), right before the submits', value: atSubmits((d) => d.fileWrite.p50), format: ms },
  { label: 'Disk: durable file write p99, right before the submits', value: atSubmits((d) => d.fileWrite.p99), format: ms },
  { label: 'Disk: journal append p50 (4 kB; append with O_DSYNC), right before the submits', value: atSubmits((d) => d.journalAppend.p50), format: ms },
  { label: 'Disk: journal append p99, right before the submits', value: atSubmits((d) => d.journalAppend.p99), format: ms },
  { label: 'Submit p99 / durable file write p99 right before the submits', value: submitPer((d) => d.fileWrite.p99), format: times, target: { text: '<= 5x', ok: (v) => v <= 5 } },
  { label: 'Submit p99, 1 client / durable file write p99 right before the submits', value: submitPer((d) => d.fileWrite.p99, (f) => f.submitOne), format: times },
  { label: 'Submit p99 / journal append p99 right before the submits', value: submitPer((d) => d.journalAppend.p99), format: times },
  {
    label: 'Disk: durable file write p99 before the server started / right after the submits (once quiet)',
    value: (f) => (f.disk && f.diskAroundSubmits ? `${ms(f.disk.fileWrite.p99)} / ${ms(f.diskAroundSubmits[1].fileWrite.p99)}` : null),
    format: ms,
  },
  {
    label: 'Submit p99 / each of those two',
    value: (f) => {
      const submit = f.submit;
      return f.disk && f.diskAroundSubmits && isMeasured(submit) ? [f.disk, f.diskAroundSubmits[1]].map((d) => times(submit.p99 / d.fileWrite.p99)).join(' / ') : null;
    },
    format: times,
  },
  {
    label: 'Submit p99 / p99 at the next smaller size',
    value: (f, all) => {
      const smaller = all.filter((g) => g.size < f.size).sort((a, b) => b.size - a.size)[0];
      return smaller && isMeasured(f.submit) && isMeasured(smaller.submit) ? f.submit.p99 / smaller.submit.p99 : null;
    },
    format: times,
    target: { text: '<= 1.5x', ok: (v) => v <= 1.5 },
  },
  { label: 'Dashboard first page p50, 1 client', value: load((f) => f.dashboardOne, 'p50'), format: ms, target: { text: '< 50 ms', ok: (v) => v < 50 } },
  { label: 'Dashboard first page p99, 1 client', value: load((f) => f.dashboardOne, 'p99'), format: ms },
  { label: 'Dashboard, 10 clients (req/s)', value: load((f) => f.dashboardTen, 'rps'), format: int },
  { label: 'Dashboard, 10 clients, vs /healthz', value: ratio((f) => f.dashboardTen), format: pct, target: atLeast(0.3) },
  { label: 'Dashboard, 10 clients, gzip (req/s)', value: load(asBrowser('dashboardTen'), 'rps'), format: int },
  { label: 'Dashboard, 10 clients, gzip, vs /healthz', value: ratio(asBrowser('dashboardTen')), format: pct, target: atLeast(0.3) },
  { label: 'Bulk CSV summary: rows', value: exported((f) => f.csv, (e) => e.rows), format: int },
  { label: 'Bulk CSV summary: rows/s', value: exported((f) => f.csv, (e) => e.rowsPerSecond), format: int, target: { text: '>= 20,000 rows/s', ok: (v) => v >= 20_000 } },
  { label: 'Bulk CSV rows/s vs /healthz req/s', value: exported((f) => f.csv, (e, f) => perRef(e.rowsPerSecond, f)), format: times },
  { label: 'Bulk CSV: first byte', value: exported((f) => f.csv, (e) => e.firstByteMs), format: ms },
  { label: 'Bulk CSV: peak RSS growth', value: exported((f) => f.csv, (e) => e.peakGrowthMb), format: megabytes, target: { text: '< 100 MB', ok: (v) => v < 100 } },
  { label: 'Bulk XLSX: rows, all sheets', value: exported((f) => f.xlsx, (e) => e.rows), format: int },
  { label: 'Bulk XLSX: rows/s', value: exported((f) => f.xlsx, (e) => e.rowsPerSecond), format: int },
  { label: 'Bulk XLSX: assessments/s', value: exported((f) => f.xlsx, (e) => (e.sheets?.[0] ? e.sheets[0] / e.seconds : null)), format: int },
  { label: 'Bulk XLSX rows/s vs /healthz req/s', value: exported((f) => f.xlsx, (e, f) => perRef(e.rowsPerSecond, f)), format: times },
  { label: 'Bulk XLSX: first byte', value: exported((f) => f.xlsx, (e) => e.firstByteMs), format: ms },
  { label: 'Bulk XLSX: peak RSS growth', value: exported((f) => f.xlsx, (e) => e.peakGrowthMb), format: megabytes },
  { label: 'RSS after start', value: (f) => f.rssAfterStartMb, format: megabytes, target: { text: '< 150 MB', ok: (v) => v < 150 } },
  { label: 'RSS at rest, after the load', value: (f) => f.rssAtRestMb, format: megabytes, target: { text: '< 250 MB', ok: (v) => v < 250 } },
];

export interface TableData {
  header: string[];
  rows: string[][];
  verdicts: Array<{ metric: string; target: string; value: string; verdict: 'met' | 'missed' | 'n/a' }>;
}

/** Start-up and memory of each instance, when there are several (the ROWS give the largest). */
const PER_INSTANCE: Row = {
  label: 'Per instance: start-up; RSS after start; RSS at rest',
  value: (f) => f.instances?.map((i) => [ms(i.startupMs), ...[i.rssAfterStartMb, i.rssAtRestMb].map((m) => (m === null ? '-' : megabytes(m)))].join('; ')).join(' / ') ?? null,
  format: int,
};

/** `runOn` names the storage and the number of app instances ("lowdb, 1 instance"), shown in the header. */
export function buildTable(all: SizeFigures[], runOn?: string): TableData {
  const judged = all.reduce((a, b) => (b.size > a.size ? b : a), all[0]!);
  const rowsShown = all.some((f) => (f.instances?.length ?? 0) > 1) ? [...ROWS, PER_INSTANCE] : ROWS;
  const header = [runOn ? `Metric (${runOn})` : 'Metric', ...all.map((f) => `${int(f.size)} assessments`), `Target (at ${int(judged.size)})`, 'Verdict'];
  const verdicts: TableData['verdicts'] = [];
  const cell = (row: Row, f: SizeFigures): string => {
    const v = f.error ? `error` : row.value(f, all);
    if (v === null) return '-';
    if (typeof v === 'string') return v;
    return row.target ? `${row.format(v)} ${row.target.ok(v) ? '(met)' : '(missed)'}` : row.format(v);
  };
  const rows = rowsShown.map((row) => {
    const cells = all.map((f) => cell(row, f));
    let verdict = '';
    if (row.target) {
      const v = judged.error ? null : row.value(judged, all);
      const outcome = typeof v === 'number' ? (row.target.ok(v) ? 'met' : 'missed') : 'n/a';
      verdicts.push({ metric: row.label, target: row.target.text, value: typeof v === 'number' ? row.format(v) : String(v ?? '-'), verdict: outcome });
      verdict = outcome.toUpperCase();
    }
    return [row.label, ...cells, row.target?.text ?? '', verdict];
  });
  return { header, rows, verdicts };
}

export function textTable(t: TableData): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(t.header), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

export function markdownTable(t: TableData): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${t.header.map(esc).join(' | ')} |`, `| ${t.header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
