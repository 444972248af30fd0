/**
 * Pages as a browser sees them: Lighthouse 12.2.3 (the last release that runs
 * on Node 20) on the home page, every page of the paged form (the blank form,
 * each step of a draft, its review), the report as anyone and as the
 * consultant sees it, and the consultant's dashboard. The compiled server runs
 * on a throwaway DATA_DIR seeded through the API (lighthouse-site.ts); one
 * headless Debian Chromium (CHROME_PATH, default /usr/bin/chromium) with a
 * fresh profile serves every run.
 *
 * Prints one row per page and preset (the four category scores, the total
 * blocking time, the main thread's CPU time and the host's benchmark index)
 * and every audit that did not pass. `npm run bench` runs it after the load scenarios
 * (BENCH_LIGHTHOUSE=0 skips it); `npm run bench:lighthouse` runs it alone
 * (it builds dist/ first when the sources are newer). LIGHTHOUSE_PRESET is
 * `desktop` (the default: no CPU slowdown, a fast network, simulated),
 * `mobile` (a mid-range phone: 4x CPU slowdown and slow 4G, simulated;
 * Lighthouse calibrates the 4x for a fast, idle host, and a shared 2-core
 * machine is neither) or `both`; LIGHTHOUSE_PAGES (a regular expression
 * on the page names) limits a run alone to some pages. LIGHTHOUSE_RUNS (3
 * unless set) is how many times each page is audited with each preset: a row
 * is the median run as Lighthouse itself picks it (`computeMedianRun`: the run
 * nearest the medians of first contentful paint and time to interactive), and
 * the performance score of every run is shown beside it. Lighthouse's guide to
 * variability advises several runs and their median: its simulated blocking
 * time is each long task's wall-clock length times the slowdown, and on two
 * cores shared with Lighthouse's own process, Chromium's other processes and
 * the server, a task of the blank form that used 29 ms of CPU took 95 ms of
 * wall clock, so one run of the same page scored 93 and the next 100. The
 * median run's whole report is kept in test-output/bench/lighthouse/.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags, type Result, type RunnerResult } from 'lighthouse';
import { computeMedianRun, filterToValidRuns } from 'lighthouse/core/lib/median-run.js';
import { ROOT } from './shipped-rubric.ts';
import { startSite, type SitePage } from './lighthouse-site.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
type Category = (typeof CATEGORIES)[number];
export type Preset = 'mobile' | 'desktop';

const CHROME_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export interface PageScores {
  page: string;
  path: string;
  preset: Preset;
  /** 0-100 per category, of the median run; null when Lighthouse gave no score (the runs failed). */
  scores: Record<Category, number | null>;
  /** The performance score of every run, in the order they ran (the median run's is in `scores`). */
  performanceRuns: number[];
  /** Total blocking time as Lighthouse computed it (simulated from wall-clock task times). */
  tbtMs: number | null;
  /**
   * CPU time of the page's main thread over the run (the sum of its tasks'
   * thread time in the trace): unlike wall-clock times, a busy machine does
   * not inflate it, so it shows what the page itself costs.
   */
  mainThreadCpuMs: number | null;
  /** Lighthouse's measure of the host's CPU speed at the time (it warns of a slow host below 1,000). */
  benchmarkIndex: number | null;
  /** Audits with a score below 1 in any of the four categories: id, title, and what was measured. */
  failing: Array<{ id: string; title: string; value?: string }>;
  error?: string;
}

export function runsFromEnv(value = process.env.LIGHTHOUSE_RUNS ?? '3'): number {
  const runs = Number(value);
  if (Number.isInteger(runs) && runs >= 1 && runs <= 20) return runs;
  throw new Error(`LIGHTHOUSE_RUNS must be a whole number from 1 to 20; got "${value}"`);
}

export function presetsFromEnv(value = process.env.LIGHTHOUSE_PRESET ?? 'desktop'): Preset[] {
  if (value === 'both') return ['mobile', 'desktop'];
  if (value === 'mobile' || value === 'desktop') return [value];
  throw new Error(`LIGHTHOUSE_PRESET must be mobile, desktop or both; got "${value}"`);
}

/** Audits that count towards a score (not informative, manual or not applicable) and did not pass. */
function failingAudits(lhr: Result): PageScores['failing'] {
  const ids = new Set(CATEGORIES.flatMap((c) => lhr.categories[c]?.auditRefs.filter((ref) => ref.weight > 0 || c === 'performance').map((ref) => ref.id) ?? []));
  return [...ids]
    .map((id) => lhr.audits[id]!)
    .filter((a) => a && (a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric' || a.scoreDisplayMode === 'metricSavings') && a.score !== null && a.score < 1)
    .map((a) => ({ id: a.id, title: a.title, ...(a.displayValue ? { value: a.displayValue } : {}) }));
}

const OUT_DIR = join(ROOT, 'test-output', 'bench');
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

interface TraceEvent {
  name: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/** The renderer main thread with the most task CPU time (Lighthouse's own blank page has one too). */
function mainThreadCpuMs(events: TraceEvent[]): number | null {
  const busiest = events
    .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((t) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask').reduce((sum, e) => sum + (e.tdur ?? 0), 0));
  return busiest.length ? Math.round(Math.max(...busiest) / 1000) : null;
}

/** One Lighthouse run; once more when it fails to record (NO_NAVSTART happens now and then on a busy machine). */
async function lighthouseRun(url: string, flags: Flags, preset: Preset, tries = 2): Promise<RunnerResult> {
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error('Lighthouse returned nothing');
  const failed = result.lhr.runtimeError;
  if (!failed) return result;
  if (tries > 1) return lighthouseRun(url, flags, preset, tries - 1);
  throw new Error(`${failed.code}: ${failed.message}`);
}

async function audit(port: number, origin: string, page: SitePage, preset: Preset, runs: number): Promise<PageScores> {
  const row = { page: page.name, path: page.path, preset };
  const flags: Flags = { port, logLevel: 'error', output: 'json', onlyCategories: [...CATEGORIES], ...(page.headers ? { extraHeaders: page.headers } : {}) };
  try {
    const results: RunnerResult[] = [];
    for (let i = 0; i < runs; i++) results.push(await lighthouseRun(origin + page.path, flags, preset));
    const valid = filterToValidRuns(results.map((r) => r.lhr));
    if (valid.length === 0) throw new Error('no run measured first contentful paint and time to interactive');
    const lhr = computeMedianRun(valid);
    const { artifacts } = results.find((r) => r.lhr === lhr)!;
    // The whole report, to read an audit's details (the long tasks, what blocked) after the run.
    await writeFile(join(OUT_DIR, 'lighthouse', `${preset}-${slug(page.name)}.json`), JSON.stringify(lhr));
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, scoreOf(lhr, c)])) as PageScores['scores'];
    const performanceRuns = results.map((r) => scoreOf(r.lhr, 'performance')).filter((v): v is number => v !== null);
    const tbt = lhr.audits['total-blocking-time']?.numericValue;
    return { ...row, scores, performanceRuns, tbtMs: tbt === undefined ? null : Math.round(tbt), mainThreadCpuMs: mainThreadCpuMs(artifacts.Trace.traceEvents as TraceEvent[]), benchmarkIndex: Math.round(lhr.environment.benchmarkIndex), failing: failingAudits(lhr) };
  } catch (err) {
    return { ...row, scores: { performance: null, accessibility: null, 'best-practices': null, seo: null }, performanceRuns: [], tbtMs: null, mainThreadCpuMs: null, benchmarkIndex: null, failing: [], error: (err as Error).message };
  }
}

const scoreOf = (lhr: Result, category: Category): number | null => {
  const value = lhr.categories[category]?.score;
  return value == null ? null : Math.round(value * 100);
};

/** Starts the site and one Chromium, audits every page with each preset, and stops both (also on failure). */
export async function runLighthouse(presets: Preset[], only = /./, runs = runsFromEnv(), log: (line: string) => void = console.log): Promise<PageScores[]> {
  await mkdir(join(OUT_DIR, 'lighthouse'), { recursive: true });
  const site = await startSite();
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS, logLevel: 'error' });
    const rows: PageScores[] = [];
    for (const preset of presets) {
      for (const page of site.pages.filter((p) => only.test(p.name))) {
        const row = await audit(chrome.port, site.origin, page, preset, runs);
        log(`[lighthouse] ${preset} ${page.name}: ${row.error ?? `${CATEGORIES.map((c) => row.scores[c]).join(' / ')} (performance in each run: ${row.performanceRuns.join(', ')})`}`);
        rows.push(row);
      }
    }
    return rows;
  } finally {
    chrome?.kill();
    await site.stop();
  }
}

const score = (v: number | null) => (v === null ? 'n/a' : String(v));
const ms = (v: number | null) => (v === null ? 'n/a' : `${v} ms`);

// A private page fails "is-crawlable" on purpose: it says noindex.
const describeFailure = (a: PageScores['failing'][number]) => `${a.id}${a.value ? ` (${a.value})` : ''}${a.id === 'is-crawlable' ? ' (noindex, on purpose)' : ''}`;

/** The scores as a markdown table, then each page's failing audits (in its median run) as a list. */
export function lighthouseMarkdown(rows: PageScores[]): string {
  const runs = Math.max(1, ...rows.map((r) => r.performanceRuns.length));
  const table = [
    `Each row is the median of ${runs} run${runs === 1 ? '' : 's'} (Lighthouse's \`computeMedianRun\`); the last column is every run's performance score.`,
    '',
    '| Page | Preset | Performance | Accessibility | Best practices | SEO | TBT | Main-thread CPU | Host index | Performance, every run |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.page} (\`${r.path.replace(/[\w-]{20,}/g, '<id>')}\`) | ${r.preset} | ${CATEGORIES.map((c) => score(r.scores[c])).join(' | ')} | ${ms(r.tbtMs)} | ${ms(r.mainThreadCpuMs)} | ${score(r.benchmarkIndex)} | ${r.performanceRuns.join(', ') || 'n/a'} |`),
  ];
  const failing = rows
    .filter((r) => r.error || r.failing.length)
    .map((r) => `- ${r.page}, ${r.preset}: ${r.error ? `run failed: ${r.error}` : r.failing.map(describeFailure).join(', ')}`);
  return [...table, '', failing.length ? 'Audits that did not pass:' : 'Every scored audit passed on every page.', '', ...failing].join('\n').trimEnd();
}

async function main() {
  // As `npm start` does: compile only when the sources are newer than dist/.
  execFileSync(process.execPath, ['scripts/build-if-stale.js'], { cwd: ROOT, stdio: 'inherit' });
  const rows = await runLighthouse(presetsFromEnv(), new RegExp(process.env.LIGHTHOUSE_PAGES ?? '.', 'i'));
  const md = lighthouseMarkdown(rows);
  console.log(`\n${md}\n`);
  await writeFile(join(OUT_DIR, 'lighthouse.md'), `# Lighthouse 12.2.3, ${new Date().toISOString().slice(0, 10)}\n\n${md}\n`);
  await writeFile(join(OUT_DIR, 'lighthouse.json'), JSON.stringify(rows, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
