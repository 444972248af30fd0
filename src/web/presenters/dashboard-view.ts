/**
 * The consultant's pages, precomputed for their templates. The dashboard: the
 * due lists, the filter form (re-filled, with invalid values kept and named),
 * one page of organisations, paging and export links that carry the same
 * filters, and the portfolio charts beside tables of the same numbers. The due
 * lists and the rounds list are in dashboard-lists-view.ts; the re-scoring page
 * is in rescore-view.ts.
 */
import type { FieldError } from '../../core/errors.ts';
import { SECTORS, labelOf } from '../../core/assessment/profile-options.ts';
import type { RubricRegistry } from '../../core/rubric/registry.ts';
import { BANDS } from '../../core/rubric/schema.ts';
import { bandLinesOf, bandLinesView } from '../../core/scoring/bands.ts';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, SORT_KEYS, type PortfolioQuery, type SortKey } from '../../core/portfolio/filters.ts';
import type { AssessmentSummary } from '../../core/portfolio/summary.ts';
import type { PortfolioStats } from '../../core/portfolio/portfolio-stats.ts';
import type { Due } from '../../core/portfolio/due.ts';
import { countChart, histogram, binLabel } from './portfolio-charts.ts';
import { dueIn, longDate, relative } from './dates.ts';
import { BAND_TEXT } from '../../core/scoring/band-text.ts';
import { queryString } from './query-string.ts';
import { dueView, resultUrl, roundsView, type RoundListing } from './dashboard-lists-view.ts';

/** Titles and messages from every loaded rubric version, looked up once per request. */
export function rubricCatalogue(rubrics: RubricRegistry) {
  const recommendations = new Map<string, string>();
  const exact = new Map<string, string>();
  const dimensions = new Map<string, string>();
  const flags = new Map<string, string>();
  // list() is newest version first within an id, so the newest wording wins.
  for (const r of rubrics.list()) {
    const rubric = rubrics.get(r.id, r.version);
    if (!rubric) continue;
    for (const rec of rubric.recommendations) {
      if (!recommendations.has(rec.code)) recommendations.set(rec.code, rec.title);
      exact.set(`${r.id}@${r.version}:${rec.code}`, rec.title);
    }
    for (const d of rubric.dimensions) if (!dimensions.has(d.id)) dimensions.set(d.id, d.title);
    for (const f of rubric.flags) if (!flags.has(f.id)) flags.set(f.id, f.message);
    const gap = rubric.perceptionGap?.flag;
    if (gap && !flags.has(gap.id)) flags.set(gap.id, gap.message);
  }
  return {
    rubricChoices: rubrics.list().map((r) => ({ value: `${r.id}@${r.version}`, label: `${r.title} (version ${r.version})` })),
    recommendationCodes: [...recommendations.keys()],
    recommendationChoices: [...recommendations].map(([value, label]) => ({ value, label: `${label} (${value})` })),
    codeTitle: (code: string) => recommendations.get(code) ?? code,
    recommendationTitle: (s: Pick<AssessmentSummary, 'rubricId' | 'rubricVersion' | 'recommendation'>) =>
      exact.get(`${s.rubricId}@${s.rubricVersion}:${s.recommendation}`) ?? recommendations.get(s.recommendation) ?? s.recommendation,
    dimensionTitle: (id: string) => dimensions.get(id) ?? id,
    /** A flag in words; the dashboard never shows a flag's id. */
    flagMessage: (id: string) => flags.get(id) ?? 'A red flag no loaded rubric describes',
    /** The portfolio's histograms colour by the default rubric's band lines. */
    bandLines: bandLinesView(bandLinesOf(rubrics.defaultRubric())),
  };
}
export type RubricCatalogue = ReturnType<typeof rubricCatalogue>;

export const SECTOR_CODES = SECTORS.map((s) => s.value);

const FILTER_KEYS = ['q', 'recommendation', 'band', 'sector', 'rubric', 'from', 'to'] as const;
/** The filter form's labels, also used to name a field in the error summary. */
const LABELS: Record<string, string> = {
  q: 'Organisation name contains',
  recommendation: 'Recommendation',
  band: 'Overall band',
  sector: 'Sector',
  from: 'Submitted from',
  to: 'Submitted to',
  sort: 'Sort by',
  dir: 'Order',
  perPage: 'Rows per page',
  page: 'Page',
  rubric: 'Rubric version',
};
/** The query parameters the page reads (the form's fields and the page): with the data and the clock, they make the page. */
export const QUERY_FIELDS = Object.keys(LABELS);
const SORT_TEXT: Record<SortKey, string> = { date: 'Date submitted', overall: 'Overall score', organisation: 'Organisation name', reassessBy: 'Reassess-by date' };
const DEFAULT_DIR: Record<SortKey, 'asc' | 'desc'> = { date: 'desc', overall: 'desc', organisation: 'asc', reassessBy: 'asc' };

const filtersOf = (q: PortfolioQuery) => Object.fromEntries(FILTER_KEYS.map((k) => [k, q[k]])) as Record<(typeof FILTER_KEYS)[number], string | undefined>;

interface Choice {
  value: string;
  label: string;
}

function field(name: string, raw: Record<string, string>, errors: FieldError[], opts: { type?: string; choices?: Choice[]; any?: string; hint?: string; attrs?: Record<string, string | number> } = {}) {
  const id = `filter-${name}`;
  const value = raw[name] ?? '';
  const error = errors.find((e) => e.field === name)?.message;
  let options: Array<Choice & { selected: boolean }> | undefined;
  if (opts.choices) {
    options = [...(opts.any !== undefined ? [{ value: '', label: opts.any }] : []), ...opts.choices].map((c) => ({ ...c, selected: c.value === value }));
    // Keep a value the list does not offer, so the person sees what was sent.
    if (value && !options.some((o) => o.selected)) options.push({ value, label: `${value} (not valid)`, selected: true });
  }
  const describedBy = [opts.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, name, label: LABELS[name] ?? name, value, type: opts.type ?? 'text', options, error, hint: opts.hint, hintId: `${id}-hint`, errorId: `${id}-error`, describedBy, attrs: opts.attrs ?? {} };
}

export interface DashboardInput {
  query: PortfolioQuery;
  /** The query as sent (first value of each), to re-fill the form. */
  raw: Record<string, string>;
  errors: FieldError[];
  catalogue: RubricCatalogue;
  now: Date;
  csrfToken: string;
  /** Every round, newest first, with its progress. */
  rounds?: RoundListing[];
  /** Absent when the filters did not parse: nothing is listed then. */
  results?: {
    /** Whether an id in the due lists is a round's (its result is the round's report). */
    isRound: (id: string) => boolean;
    organisations: number;
    page: { items: AssessmentSummary[]; page: number; pages: number; total: number };
    stats: PortfolioStats;
    due: Due;
  };
}

function formView({ raw, errors, catalogue }: DashboardInput) {
  const bandChoices = BANDS.map((b) => ({ value: b, label: BAND_TEXT[b] }));
  return {
    action: '/consultant',
    fields: [
      field('q', raw, errors, { attrs: { maxlength: 200 } }),
      field('recommendation', raw, errors, { choices: catalogue.recommendationChoices, any: 'Any recommendation' }),
      field('band', raw, errors, { choices: bandChoices, any: 'Any band' }),
      field('sector', raw, errors, { choices: SECTORS.map((s) => ({ value: s.value, label: s.label })), any: 'Any sector' }),
      // Old reports keep the rubric version they were scored with; this finds them.
      field('rubric', raw, errors, { choices: catalogue.rubricChoices, any: 'Any rubric version' }),
      field('from', raw, errors, { type: 'date', hint: 'A date like 2026-11-25, inclusive.' }),
      field('to', raw, errors, { type: 'date', hint: 'Inclusive.' }),
      field('sort', raw, errors, { choices: SORT_KEYS.map((k) => ({ value: k, label: SORT_TEXT[k] })) }),
      field('dir', raw, errors, { choices: [{ value: 'asc', label: 'Ascending' }, { value: 'desc', label: 'Descending' }], any: 'Default for the sort' }),
      field('perPage', raw, errors, { type: 'number', attrs: { min: 1, max: MAX_PER_PAGE, inputmode: 'numeric' }, hint: `${DEFAULT_PER_PAGE} unless you choose; at most ${MAX_PER_PAGE}.` }),
    ],
    hidden: [],
    errors: errors.map((e) => {
      // page has no control of its own: its errors point at the form.
      const inForm = e.field !== 'page';
      return { ...e, label: LABELS[e.field] ?? e.field, href: inForm ? `#filter-${e.field}` : '#filters-title' };
    }),
  };
}

function portfolioView(stats: PortfolioStats, catalogue: RubricCatalogue) {
  const share = (n: number) => (stats.total ? Math.round((100 * n) / stats.total) : 0);
  const recommendations = stats.recommendations.map((r) => ({ code: r.id, title: catalogue.codeTitle(r.id), count: r.count, share: share(r.count) }));
  const flags = stats.flags.map((f) => ({ message: catalogue.flagMessage(f.id), count: f.count, share: share(f.count) }));
  return {
    total: stats.total,
    bandLines: catalogue.bandLines,
    recommendations,
    recommendationChart: countChart('chart-recommendations', `Recommendations across ${stats.total} organisations`, recommendations.map((r) => ({ label: r.title, count: r.count })), 'organisation'),
    binLabels: stats.dimensions[0]?.bins.map((_, i) => binLabel(i)) ?? [],
    dimensions: stats.dimensions.map((d) => {
      const title = catalogue.dimensionTitle(d.id);
      return { id: d.id, title, count: d.count, min: d.min, median: d.median, max: d.max, bins: d.bins, chart: histogram(`chart-dimension-${d.id}`, `Spread of ${title} scores`, d.bins, d, catalogue.bandLines) };
    }),
    flags,
    flagsChart: flags.length ? countChart('chart-flags', `The ${flags.length} most common red flags`, flags.map((f) => ({ label: f.message, count: f.count })), 'organisation') : null,
    flagKinds: stats.flagKinds,
    unflagged: stats.unflagged,
  };
}

// Over 60 lines because it is one view model, the template's fields in order; split, the page's shape would be scattered.
export function dashboardView(input: DashboardInput) {
  const { query, catalogue, now, results } = input;
  const filters = filtersOf(query);
  const base = { ...filters, sort: query.sort, dir: query.dir };
  const perPage = query.perPage === DEFAULT_PER_PAGE ? undefined : query.perPage;
  const pageUrl = (page: number) => `/consultant${queryString({ ...base, perPage, page })}`;
  const exportQuery = queryString(base);
  const dimensionIds = results?.stats.dimensions.map((d) => d.id) ?? [];
  const activeFilters = FILTER_KEYS.filter((k) => filters[k]).length;

  const table = results && {
    total: results.page.total,
    organisations: results.organisations,
    page: results.page.page,
    pages: results.page.pages,
    first: (results.page.page - 1) * query.perPage + 1,
    last: (results.page.page - 1) * query.perPage + results.page.items.length,
    sortedBy: SORT_TEXT[query.sort],
    dir: query.dir === 'asc' ? 'ascending' : 'descending',
    dimensions: dimensionIds.map((id) => ({ id, title: catalogue.dimensionTitle(id) })),
    headers: Object.fromEntries(
      SORT_KEYS.map((k) => {
        const current = query.sort === k;
        const dir = current ? (query.dir === 'asc' ? 'desc' : 'asc') : DEFAULT_DIR[k];
        return [k, { url: `/consultant${queryString({ ...filters, sort: k, dir, perPage })}`, ariaSort: current ? (query.dir === 'asc' ? 'ascending' : 'descending') : null }];
      }),
    ),
    rows: results.page.items.map((s) => ({
      url: resultUrl(s.id, s.kind === 'round'),
      organisation: s.organisation,
      kind: s.kind === 'round' ? `Round, ${s.respondents} respondent${s.respondents === 1 ? '' : 's'}${s.roundState === 'open' ? ' (still open)' : ''}` : 'One assessment',
      open: s.roundState === 'open',
      sector: labelOf(SECTORS, s.sector ?? undefined) || s.sector || '',
      overall: s.overall,
      band: s.band,
      bandText: BAND_TEXT[s.band],
      dimensions: dimensionIds.map((id) => {
        const d = s.dimensions[id];
        return d ? { score: d.score, band: d.band, bandText: BAND_TEXT[d.band] } : null;
      }),
      recommendation: { code: s.recommendation, title: catalogue.recommendationTitle(s) },
      submitted: { iso: s.submittedAt, long: longDate(s.submittedAt), relative: relative(s.submittedAt, now) },
      reassessBy: { iso: s.reassessBy, long: longDate(s.reassessBy), ...dueIn(s.reassessBy, now) },
    })),
    previousUrl: results.page.page > 1 ? pageUrl(results.page.page - 1) : null,
    nextUrl: results.page.page < results.page.pages ? pageUrl(results.page.page + 1) : null,
    firstUrl: results.page.page > 2 ? pageUrl(1) : null,
    lastUrl: results.page.page < results.page.pages - 1 ? pageUrl(results.page.pages) : null,
  };

  return {
    title: 'Your clients',
    // The layout's link back to the dashboard is not shown on the dashboard itself.
    onDashboard: true,
    csrfToken: input.csrfToken,
    form: formView(input),
    hasErrors: input.errors.length > 0,
    activeFilters,
    clearUrl: '/consultant',
    due: results ? dueView(results.due, now, results.isRound) : null,
    rounds: input.rounds ? roundsView(input.rounds, now) : null,
    table,
    exports: results
      ? [
          { label: 'CSV, one row per organisation (its latest result, as listed)', url: `/api/export.csv${queryString({ kind: 'summary', ...base })}` },
          { label: 'CSV, one row per answer of those results', url: `/api/export.csv${queryString({ kind: 'answers', ...base })}` },
          { label: 'Excel workbook of the same', url: `/api/export.xlsx${exportQuery}` },
          { label: 'CSV, every assessment and every round response over time', url: `/api/export.csv${queryString({ kind: 'summary', scope: 'all', ...base })}` },
          { label: 'JSON, a complete backup of every assessment', url: `/api/export.json${exportQuery}` },
        ]
      : [],
    portfolio: results ? portfolioView(results.stats, catalogue) : null,
  };
}
