import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY, FIXED_NOW, shippedRubrics } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { textOf } from './form-agent.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import type { Assessment } from '../../src/core/assessment/assessment.ts';
import type { Store } from '../../src/core/ports.ts';
import { storedSummary } from '../../src/storage/org-heads.ts';
import { evaluate } from '../../src/core/evaluate.ts';
import { countChart, histogram } from '../../src/web/presenters/portfolio-charts.ts';
import { DEFAULT_BAND_LINES } from '../../src/core/scoring/bands.ts';

const AUTH = { Authorization: `Bearer ${CONSULTANT_KEY}` };
const answersFor = (code: string) => SCENARIOS.find((s) => s.code === code)!.answers;

/**
 * Five clients submitted on different days before FIXED_NOW (2026-11-25), and
 * Harbour Bakery twice: its latest assessment is the one listed.
 */
const CLIENTS = [
  { name: 'Harbour Bakery Ltd', sector: 'retail', code: 'formalise-mandate', on: '2026-05-01' },
  { name: 'Alder & Sons', sector: 'manufacturing', code: 'assign-experienced-owner', on: '2026-09-01' },
  { name: 'Copper Kettle Café', sector: 'hospitality', code: 'build-blended-team', on: '2026-11-10' },
  { name: 'Northwind Media', sector: 'media', code: 'develop-owner-capability', on: '2026-11-20' },
  { name: 'Zephyr Tech', sector: 'technology', code: 'assign-experienced-owner', on: '2026-11-24' },
] as const;
const NAMES = [...CLIENTS.map((c) => c.name), 'Harbour Bakery Ltd'];

async function portfolio() {
  let clock = new Date('2026-05-01T09:00:00.000Z');
  const built = await buildTestApp({ now: () => clock });
  const ids: Record<string, string> = {};
  for (const c of CLIENTS) {
    clock = new Date(`${c.on}T09:00:00.000Z`);
    const res = await request(built.app).post('/api/assessments').send({ organisation: { name: c.name, sector: c.sector, size: '10-49' }, answers: answersFor(c.code) }).expect(201);
    ids[c.name] = res.body.id;
  }
  // Harbour Bakery again, on 2026-08-01, now with leaders who need educating (reassess after 60 days: overdue).
  clock = new Date('2026-08-01T09:00:00.000Z');
  const first = await built.service.get(ids['Harbour Bakery Ltd']!);
  const again = await built.service.create({}, { organisation: { name: 'ignored', sector: 'retail', size: '10-49' }, respondent: {}, answers: answersFor('educate-leadership-first'), notes: {} }, 'submitted', { organisationId: first.organisationId });
  ids['Harbour Bakery Ltd (first)'] = first.id;
  ids['Harbour Bakery Ltd'] = again.id;
  clock = FIXED_NOW;
  return { ...built, ids };
}

/** Organisation names in the order the results table lists them. */
function listed(html: string): string[] {
  const table = html.slice(html.indexOf('id="results-caption"'), html.indexOf('</table>', html.indexOf('id="results-caption"')));
  return [...table.matchAll(/<th scope="row"><a href="\/assessments\/[^"]+">([^<]+)<\/a><\/th>/g)].map((m) => textOf(m[1]!));
}

const section = (html: string, id: string) => {
  const start = html.indexOf(`aria-labelledby="${id}"`);
  return html.slice(start, html.indexOf('</section>', start));
};

describe('GET /consultant (the dashboard)', () => {
  it('when there is no key or a wrong one, then 401 and no organisation is listed', async () => {
    const { app } = await portfolio();
    for (const headers of [{}, { Authorization: 'Bearer not-the-key-at-all' }, { Cookie: 'sao.session=1.forged' }]) {
      const res = await request(app).get('/consultant?sort=organisation').set(headers).expect(401);
      for (const name of NAMES) expect(textOf(res.text)).not.toContain(name);
      expect(res.text).not.toContain('/assessments/');
    }
  });

  it('when the consultant key is sent, then every organisation is listed once, by its latest assessment, with scores, bands, recommendation and dates', async () => {
    const { app, ids } = await portfolio();
    const res = await request(app).get('/consultant').set(AUTH).expect(200);
    expect(listed(res.text)).toEqual(['Zephyr Tech', 'Northwind Media', 'Copper Kettle Café', 'Alder & Sons', 'Harbour Bakery Ltd']);
    expect(res.text).toContain(`href="/assessments/${ids['Harbour Bakery Ltd']}"`);
    expect(res.text).not.toContain(`href="/assessments/${ids['Harbour Bakery Ltd (first)']}"`);
    const text = textOf(section(res.text, 'results-title'));
    expect(text).toMatch(/1 to 5 of 5 organisations matching \(of 5\)/);
    for (const header of ['Organisation', 'Result', 'Sector', 'Overall', 'Experience', 'Mandate', 'Leadership readiness', 'Recommendation', 'Submitted', 'Reassess by']) expect(text).toContain(header);
    expect(text).toMatch(/Harbour Bakery Ltd One assessment Retail and consumer goods \d+ (Low|Partial|Strong) (Low|Partial|Strong) \d+ (Low|Partial|Strong) \d+ Low \d+ Educate the leaders first, then decide ownership educate-leadership-first 1 August 2026 4 months ago 30 September 2026 56 days overdue/);
    expect(text).toMatch(/Zephyr Tech One assessment Technology 100 Strong Strong 100 Strong 100 Strong 100 Give ownership to .+ assign-experienced-owner 24 November 2026 1 day ago 22 February 2027 in 89 days/);
  });

  it.each([
    { query: 'recommendation=assign-experienced-owner', names: ['Zephyr Tech', 'Alder & Sons'] },
    { query: 'band=strong', names: ['Zephyr Tech', 'Copper Kettle Café', 'Alder & Sons'] },
    { query: 'sector=media', names: ['Northwind Media'] },
    { query: 'q=bAKERY', names: ['Harbour Bakery Ltd'] },
    { query: 'from=2026-09-01&to=2026-11-20', names: ['Northwind Media', 'Copper Kettle Café', 'Alder & Sons'] },
    { query: 'from=2026-11-21', names: ['Zephyr Tech'] },
    { query: 'to=2026-08-01', names: ['Harbour Bakery Ltd'] },
    { query: 'recommendation=assign-experienced-owner&sector=retail', names: [] },
  ])('when filtered by $query, then only the matching organisations are listed', async ({ query, names }) => {
    const { app } = await portfolio();
    const res = await request(app).get(`/consultant?${query}`).set(AUTH).expect(200);
    expect(listed(res.text)).toEqual(names);
    if (names.length === 0) expect(textOf(res.text)).toContain('No organisation matches these filters (you have 5 in all)');
  });

  it.each([
    { query: 'sort=organisation', names: ['Alder & Sons', 'Copper Kettle Café', 'Harbour Bakery Ltd', 'Northwind Media', 'Zephyr Tech'] },
    { query: 'sort=organisation&dir=desc', names: ['Zephyr Tech', 'Northwind Media', 'Harbour Bakery Ltd', 'Copper Kettle Café', 'Alder & Sons'] },
    { query: 'sort=date&dir=asc', names: ['Harbour Bakery Ltd', 'Alder & Sons', 'Copper Kettle Café', 'Northwind Media', 'Zephyr Tech'] },
    { query: 'sort=reassessBy', names: ['Harbour Bakery Ltd', 'Alder & Sons', 'Copper Kettle Café', 'Zephyr Tech', 'Northwind Media'] },
  ])('when sorted by $query, then the rows come in that order', async ({ query, names }) => {
    const { app } = await portfolio();
    expect(listed((await request(app).get(`/consultant?${query}`).set(AUTH).expect(200)).text)).toEqual(names);
  });

  it('when sorted by overall score, then the scores descend (and ascend with dir=asc), and the column says so', async () => {
    const { app } = await portfolio();
    const scores = (html: string) => [...html.matchAll(/<\/a><\/th>\s*<td class="dashboard-wrap">[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td>(\d+) <span class="band/g)].map((m) => Number(m[1]));
    const desc = await request(app).get('/consultant?sort=overall').set(AUTH).expect(200);
    expect(scores(desc.text)).toHaveLength(5);
    expect(scores(desc.text)).toEqual([...scores(desc.text)].sort((a, b) => b - a));
    expect(desc.text).toMatch(/<th scope="col" aria-sort="descending"><a href="\/consultant\?sort&#x3D;overall&amp;dir&#x3D;asc">Overall<\/a><\/th>/);
    const asc = await request(app).get('/consultant?sort=overall&dir=asc').set(AUTH).expect(200);
    expect(scores(asc.text)).toEqual([...scores(desc.text)].reverse());
  });

  it('when paged, then each page shows its rows, and the page links keep the filters and the sort', async () => {
    const { app } = await portfolio();
    const page2 = await request(app).get('/consultant?sort=organisation&perPage=2&page=2&q=e').set(AUTH).expect(200);
    expect(listed(page2.text)).toEqual(['Harbour Bakery Ltd', 'Northwind Media']);
    const text = textOf(page2.text);
    expect(text).toContain('3 to 4 of 5 organisations matching (of 5)');
    expect(text).toContain('page 2 of 3');
    expect(page2.text).toContain('href="/consultant?q&#x3D;e&amp;sort&#x3D;organisation&amp;dir&#x3D;asc&amp;perPage&#x3D;2&amp;page&#x3D;1" rel="prev"');
    expect(page2.text).toContain('href="/consultant?q&#x3D;e&amp;sort&#x3D;organisation&amp;dir&#x3D;asc&amp;perPage&#x3D;2&amp;page&#x3D;3" rel="next"');
    const beyond = await request(app).get('/consultant?sort=organisation&perPage=2&page=9').set(AUTH).expect(200);
    expect(listed(beyond.text)).toEqual(['Zephyr Tech']);
  });

  it('when filtered, then "Export what you see" links every bulk format with the same filters and sort', async () => {
    const { app } = await portfolio();
    const res = await request(app).get('/consultant?sector=media&band=partial&from=2026-01-01&q=north&sort=organisation&perPage=10').set(AUTH).expect(200);
    const hrefs = [...section(res.text, 'results-title').matchAll(/href="(\/api\/export[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
    const same = 'q=north&band=partial&sector=media&from=2026-01-01&sort=organisation&dir=asc';
    expect(hrefs).toEqual([
      `/api/export.csv?kind=summary&${same}`,
      `/api/export.csv?kind=answers&${same}`,
      `/api/export.xlsx?${same}`,
      `/api/export.csv?kind=summary&scope=all&${same}`,
      `/api/export.json?${same}`,
    ]);
    expect(textOf(res.text)).toContain('Export what you see');
  });

  it.each([
    { query: 'band=purple', field: 'band', shown: 'purple (not valid)' },
    { query: 'sort=colour', field: 'sort', shown: 'colour (not valid)' },
    { query: 'dir=sideways', field: 'dir', shown: 'sideways (not valid)' },
    { query: 'from=yesterday', field: 'from', shown: 'value="yesterday"' },
    { query: 'to=2026-13-45', field: 'to', shown: 'value="2026-13-45"' },
    { query: 'from=2026-11-02&to=2026-11-01', field: 'to', shown: 'value="2026-11-01"' },
    { query: 'perPage=500', field: 'perPage', shown: 'value="500"' },
    { query: 'page=0', field: 'page', shown: 'href="#filters-title"' },
    { query: 'sector=space', field: 'sector', shown: 'space (not valid)' },
    { query: 'recommendation=hire-a-teenager', field: 'recommendation', shown: 'hire-a-teenager (not valid)' },
  ])('when a filter is invalid ($query), then 400 names the field, re-fills the form with the value and lists nothing', async ({ query, field, shown }) => {
    const { app } = await portfolio();
    const res = await request(app).get(`/consultant?${query}`).set(AUTH).expect(400);
    const text = textOf(res.text);
    expect(text).toMatch(/filters? needs? attention/);
    expect(res.text).toContain(`<code>${field}</code>`);
    expect(res.text).toContain(shown);
    if (field !== 'page') expect(res.text).toMatch(new RegExp(`id="filter-${field}"[^>]*aria-invalid="true"`));
    for (const name of NAMES) expect(text).not.toContain(name);
  });

  it('when reassessments are due or actions overdue, then they are listed first, with the hint that actions have no done state', async () => {
    const { app, ids } = await portfolio();
    const res = await request(app).get('/consultant?sector=media').set(AUTH).expect(200);
    expect(res.text.indexOf('id="due-title"')).toBeLessThan(res.text.indexOf('id="filters-title"'));
    expect(res.text.indexOf('id="due-title"')).toBeLessThan(res.text.indexOf('id="results-title"'));
    const due = section(res.text, 'due-title');
    const reassess = textOf(due.slice(due.indexOf('due-reassessments'), due.indexOf('due-actions')));
    // Harbour Bakery: 2026-09-30 passed; Alder & Sons: 2026-11-30, in 5 days; the others are later than 14 days. The filters do not hide them.
    expect(reassess).toMatch(/2 organisations to reassess.*Harbour Bakery Ltd 30 September 2026 56 days overdue Alder & Sons 30 November 2026 in 5 days/);
    expect(reassess).not.toMatch(/Zephyr|Northwind|Copper/);
    const actions = textOf(due.slice(due.indexOf('due-actions')));
    expect(actions).toContain('every action in an organisation\'s latest assessment counts as open');
    // Harbour Bakery's latest plan (from 2026-08-01, 7 to 60 days) is all overdue; its first plan (2026-05-01) is replaced.
    expect(actions).toMatch(/\d+ open actions past their due date, at 3 organisations, most overdue first/);
    expect(actions).toMatch(/Harbour Bakery Ltd Put an experienced communicator in charge [^(]+\(Chief executive\) 4 more overdue .+ 8 August 2026 109 days overdue 5 /);
    expect(due).toContain(`href="/assessments/${ids['Harbour Bakery Ltd']}"`);
    expect(due).not.toContain(ids['Harbour Bakery Ltd (first)']);
    expect(actions).toMatch(/Alder & Sons/);
    expect(actions).not.toMatch(/Zephyr Tech|Northwind Media/);
  });

  it('when the clock moves on, then the due list follows it', async () => {
    let clock = new Date('2026-11-24T09:00:00.000Z');
    const { app } = await buildTestApp({ now: () => clock });
    await request(app).post('/api/assessments').send({ organisation: { name: 'Zephyr Tech' }, answers: WELL_PREPARED }).expect(201);
    const reassessments = async () => textOf(section((await request(app).get('/consultant').set(AUTH).expect(200)).text, 'due-title'));
    expect(await reassessments()).toContain('No reassessment is due in the next 14 days.');
    expect(await reassessments()).toContain('No action is past its due date.');
    clock = new Date('2027-02-08T09:00:00.000Z');
    expect(await reassessments()).toMatch(/Zephyr Tech 22 February 2027 in 14 days/);
    clock = new Date('2027-03-01T09:00:00.000Z');
    expect(await reassessments()).toMatch(/Zephyr Tech 22 February 2027 7 days overdue/);
  });

  it('when the portfolio is shown, then each chart is an SVG image with a title and description, beside a table of the same numbers', async () => {
    const { app } = await portfolio();
    const res = await request(app).get('/consultant').set(AUTH).expect(200);
    const part = section(res.text, 'portfolio-title');
    const charts = [...part.matchAll(/<svg [^>]*role="img" aria-labelledby="([\w-]+)-title \1-desc"[^>]*>\s*<title id="\1-title">([^<]+)<\/title><desc id="\1-desc">([^<]+)<\/desc>/g)];
    expect(charts.map((m) => m[1])).toEqual(['chart-recommendations', 'chart-dimension-experience', 'chart-dimension-mandate', 'chart-dimension-leadership', 'chart-flags']);
    expect(charts[0]![2]).toBe('Recommendations across 5 organisations');
    expect(textOf(charts[0]![3]!)).toMatch(/^Give ownership to the proposed owner in writing: 2 organisations; /);
    expect(textOf(charts[1]![3]!)).toMatch(/^5 organisations; lowest \d+, median \d+, highest \d+\. 0–9: \d+; .*90–100: \d+\.$/);
    const text = textOf(part);
    expect(text).toMatch(/Organisations by recommendation Recommendation Organisations Share Give ownership .+ assign-experienced-owner 2 40%/);
    expect(text).toMatch(/Organisations per 10-point score range, by dimension Dimension 0–9 10–19 .* 90–100 Median Experience( \d+){11}/);
    expect(text).toMatch(/The 7 most common red flags \(of 7 raised\) Red flag Organisations Leaders treat social media .+ 1 \(20%\) The proposed owner writes to customers .+ 1 \(20%\)/);
  });

  it('when the portfolio charts the red flags, then each flag is named by what it means, in the chart and its table, never by its id', async () => {
    const { app, rubrics } = await portfolio();
    const html = (await request(app).get('/consultant').set(AUTH).expect(200)).text;
    const flagIds = rubrics.list().flatMap((r) => rubrics.get(r.id, r.version)!.flags.map((f) => f.id));
    expect(flagIds).toContain('friends-register');
    for (const id of new Set(flagIds)) expect(html, id).not.toContain(id);
    const chart = /<svg [^>]*id="chart-flags"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(textOf(chart)).toContain('The proposed owner writes to customers as they');
  });

  it('when the portfolio is filtered, then the charts count only the matching organisations', async () => {
    const { app } = await portfolio();
    const res = await request(app).get('/consultant?recommendation=assign-experienced-owner').set(AUTH).expect(200);
    expect(res.text).toContain('<title id="chart-recommendations-title">Recommendations across 2 organisations</title>');
    expect(textOf(section(res.text, 'portfolio-title'))).toContain('None of these organisations raised a red flag.');
  });

  it('when the page is served, then it works under the strict CSP: no inline script or style, a label for every filter, captions and scoped headers, headings in order', async () => {
    const { app } = await portfolio();
    const res = await request(app).get('/consultant').set(AUTH).expect(200);
    const html = res.text;
    expect(html).not.toMatch(/\sstyle=|<style|<script(?![^>]*\ssrc=)|\son[a-z]+=/i);
    for (const m of html.matchAll(/<(input|select)\b[^>]*>/g)) {
      if (/type="hidden"/.test(m[0])) continue;
      const id = /id="([^"]+)"/.exec(m[0])?.[1];
      expect(id, m[0]).toBeTruthy();
      expect(html).toContain(`<label for="${id}">`);
    }
    expect([...html.matchAll(/<table/g)].length).toBe([...html.matchAll(/<caption/g)].length);
    expect(html).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)[^>]*>/);
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i > 0 && expect(level, `heading ${i}`).toBeLessThanOrEqual(levels[i - 1]! + 1));
    expect(html).toMatch(/<link rel="stylesheet" href="\/static\/dashboard\.css\?v=[\w-]+">/);
    await request(app).get('/static/dashboard.css').expect(200).expect('content-type', /text\/css/);
  });

  it('when a name holds markup, then it is shown as text, never as markup', async () => {
    const { app } = await buildTestApp();
    await request(app).post('/api/assessments').send({ organisation: { name: '<img src=x onerror=alert(1)> & Co' }, answers: WELL_PREPARED }).expect(201);
    const res = await request(app).get('/consultant').set(AUTH).expect(200);
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; Co');
  });

  it('when there are 10,000 assessments, then one listing of summaries per store revision serves every page, with no full record read', async () => {
    const base = createMemoryStore();
    const rubric = (await shippedRubrics()).defaultRubric();
    const results = SCENARIOS.map((s) => evaluate(rubric, s.answers, '2026-10-01'));
    const many: Assessment[] = Array.from({ length: 10_000 }, (_, i) => {
      const day = `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      return Object.freeze({
        id: `id${String(i).padStart(20, '0')}`,
        rubricId: 'social-ownership',
        rubricVersion: '1.0.0',
        organisationId: `org${i % 8000}`,
        organisation: { name: `Client ${i % 8000}`, sector: 'retail' },
        respondent: {},
        answers: {},
        notes: {},
        status: 'submitted' as const,
        createdAt: `${day}T09:00:00.000Z`,
        updatedAt: `${day}T09:00:00.000Z`,
        submittedAt: `${day}T09:00:00.000Z`,
        result: results[i % results.length],
      });
    });
    const summaries = many.flatMap((a) => storedSummary(a) ?? []);
    const calls = { summaries: 0, list: 0, perRow: 0 };
    const store: Store = {
      ...base,
      summaries: async () => (calls.summaries++, summaries),
      list: async () => (calls.list++, many),
      get: async (id) => (calls.perRow++, base.get(id)),
      assessmentsOf: async (id) => (calls.perRow++, base.assessmentsOf(id)),
      getOrganisation: async (id) => (calls.perRow++, base.getOrganisation(id)),
    };
    const { app } = await buildTestApp({ store });
    await request(app).get('/consultant').set(AUTH).expect(200); // lists the summaries once for this revision, never the full records
    expect(calls).toEqual({ summaries: 1, list: 0, perRow: 0 });
    calls.summaries = 0;
    // Its speed is measured by `npm run bench`, never asserted here; this checks the work done per request.
    const res = await request(app).get('/consultant?sort=organisation&page=3').set(AUTH).expect(200);
    expect(listed(res.text)).toHaveLength(25);
    expect(textOf(res.text)).toContain('51 to 75 of 8000 organisations matching (of 8000)');
    expect(calls).toEqual({ summaries: 0, list: 0, perRow: 0 }); // nothing was written since: served from the cache
  });
});

describe('portfolio charts', () => {
  it('when a label holds markup, then the SVG carries it escaped, in the drawing and in its text alternative', () => {
    const svg = countChart('c1', 'Flags <b>&</b>', [{ label: '<script>alert("x")</script>', count: 3 }], 'organisation');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;: 3 organisations');
    expect(svg).toContain('<title id="c1-title">Flags &lt;b&gt;&amp;&lt;/b&gt;</title>');
    expect(svg).not.toMatch(/\sstyle=/);
  });

  it('when drawn, then a histogram has one bar per non-empty bin, coloured by band, and states every bin in its description', () => {
    const svg = histogram('h1', 'Spread', [1, 0, 0, 0, 2, 0, 0, 3, 0, 1], { min: 0, median: 72, max: 100 }, DEFAULT_BAND_LINES);
    expect([...svg.matchAll(/class="chart-bar band-(\w+)"/g)].map((m) => m[1])).toEqual(['low', 'partial', 'strong', 'strong']);
    // With the lines at 50 and 80, the 40s are low and the 70s partial.
    const moved = histogram('h2', 'Spread', [1, 0, 0, 0, 2, 0, 0, 3, 0, 1], { min: 0, median: 72, max: 100 }, { partial: 50, strong: 80 });
    expect([...moved.matchAll(/class="chart-bar band-(\w+)"/g)].map((m) => m[1])).toEqual(['low', 'low', 'partial', 'strong']);
    expect(svg).toContain('<desc id="h1-desc">7 organisations; lowest 0, median 72, highest 100. 0–9: 1; 10–19: 0; 20–29: 0; 30–39: 0; 40–49: 2; 50–59: 0; 60–69: 0; 70–79: 3; 80–89: 0; 90–100: 1.</desc>');
    expect(svg).toMatch(/role="img" aria-labelledby="h1-title h1-desc"/);
  });
});

describe('GET /consultant after new submissions', () => {
  it('when an assessment is submitted after the dashboard was shown, then the next page lists it', async () => {
    const { app } = await buildTestApp();
    const auth = { Authorization: `Bearer ${CONSULTANT_KEY}` };
    await request(app).post('/api/assessments').send({ organisation: { name: 'First Client' }, answers: WELL_PREPARED }).expect(201);
    expect(textOf((await request(app).get('/consultant').set(auth).expect(200)).text)).not.toContain('Second Client');
    await request(app).post('/api/assessments').send({ organisation: { name: 'Second Client' }, answers: WELL_PREPARED }).expect(201);
    expect(textOf((await request(app).get('/consultant').set(auth).expect(200)).text)).toContain('Second Client');
  });
});
