/**
 * The consultant's filters, sorting and paging, shared by the dashboard and the
 * bulk exports so that "export what I see" exports exactly that. Query values
 * that do not parse are reported, never guessed.
 */
import type { FieldError } from '../errors.ts';
import { BANDS, type Band } from '../rubric/schema.ts';
import type { AssessmentSummary } from './summary.ts';
import { dayOf, isDay } from '../dates.ts';

export const SORT_KEYS = ['date', 'overall', 'organisation', 'reassessBy'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface PortfolioQuery {
  recommendation?: string | undefined;
  band?: Band | undefined;
  sector?: string | undefined;
  rubric?: string | undefined;
  /** Inclusive calendar dates, yyyy-MM-dd, on the submission date. */
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
  perPage: number;
}

export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 200;

const one = (v: unknown): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
};

export function parsePortfolioQuery(raw: Record<string, unknown>): { query: PortfolioQuery; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const band = one(raw.band);
  if (band && !(BANDS as readonly string[]).includes(band)) errors.push({ field: 'band', message: `must be one of ${BANDS.join(', ')}; got "${band}"` });
  const sort = one(raw.sort) ?? 'date';
  if (!(SORT_KEYS as readonly string[]).includes(sort)) errors.push({ field: 'sort', message: `must be one of ${SORT_KEYS.join(', ')}; got "${sort}"` });
  const dir = one(raw.dir) ?? (sort === 'organisation' || sort === 'reassessBy' ? 'asc' : 'desc');
  if (dir !== 'asc' && dir !== 'desc') errors.push({ field: 'dir', message: `must be asc or desc; got "${dir}"` });
  const from = one(raw.from);
  const to = one(raw.to);
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    if (v && !isDay(v)) errors.push({ field, message: `must be a date like 2026-11-25; got "${v}"` });
  }
  const page = Number(one(raw.page) ?? 1);
  if (!Number.isInteger(page) || page < 1) errors.push({ field: 'page', message: `must be a whole number from 1; got "${one(raw.page)}"` });
  const perPage = Number(one(raw.perPage) ?? DEFAULT_PER_PAGE);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) errors.push({ field: 'perPage', message: `must be a whole number from 1 to ${MAX_PER_PAGE}; got "${one(raw.perPage)}"` });
  return {
    query: {
      recommendation: one(raw.recommendation),
      band: band as Band | undefined,
      sector: one(raw.sector),
      rubric: one(raw.rubric),
      from,
      to,
      q: one(raw.q),
      sort: sort as SortKey,
      dir: dir as 'asc' | 'desc',
      page: Number.isInteger(page) && page >= 1 ? page : 1,
      perPage: Number.isInteger(perPage) && perPage >= 1 && perPage <= MAX_PER_PAGE ? perPage : DEFAULT_PER_PAGE,
    },
    errors,
  };
}

export function matches(s: AssessmentSummary, q: PortfolioQuery): boolean {
  if (q.recommendation && s.recommendation !== q.recommendation) return false;
  if (q.band && s.band !== q.band) return false;
  if (q.sector && s.sector !== q.sector) return false;
  if (q.rubric && `${s.rubricId}@${s.rubricVersion}` !== q.rubric && s.rubricId !== q.rubric) return false;
  const day = dayOf(s.submittedAt);
  if (q.from && day < q.from) return false;
  if (q.to && day > q.to) return false;
  if (q.q && !s.organisation.toLowerCase().includes(q.q.toLowerCase())) return false;
  return true;
}

// One collator for every comparison: localeCompare with options builds a new one per call, which dominates sorting 10,000 names.
const collator = new Intl.Collator('en', { sensitivity: 'base' });

const compare: Record<SortKey, (a: AssessmentSummary, b: AssessmentSummary) => number> = {
  date: (a, b) => a.submittedAt.localeCompare(b.submittedAt),
  overall: (a, b) => a.overall - b.overall,
  organisation: (a, b) => collator.compare(a.organisation, b.organisation),
  reassessBy: (a, b) => a.reassessBy.localeCompare(b.reassessBy),
};

/** Filtered and sorted (ties broken by id, so pages never shuffle). */
export function select<S extends AssessmentSummary>(summaries: S[], q: PortfolioQuery): S[] {
  const sign = q.dir === 'asc' ? 1 : -1;
  return summaries.filter((s) => matches(s, q)).sort((a, b) => sign * compare[q.sort](a, b) || a.id.localeCompare(b.id));
}

export function paginate<T>(items: T[], q: Pick<PortfolioQuery, 'page' | 'perPage'>) {
  const pages = Math.max(1, Math.ceil(items.length / q.perPage));
  const page = Math.min(q.page, pages);
  return { items: items.slice((page - 1) * q.perPage, page * q.perPage), page, pages, total: items.length };
}

/**
 * Checks what `parsePortfolioQuery` cannot know by itself: values that must be
 * among the caller's choices (the rubrics' recommendation codes, the sector
 * list), and a date range that does not run backwards. An unknown value would
 * otherwise match nothing and look like an empty portfolio.
 */
export function checkChoices(q: PortfolioQuery, known: { recommendations: readonly string[]; sectors: readonly string[] }): FieldError[] {
  const errors: FieldError[] = [];
  if (q.recommendation && !known.recommendations.includes(q.recommendation)) errors.push({ field: 'recommendation', message: `must be one of ${known.recommendations.join(', ')}; got "${q.recommendation}"` });
  if (q.sector && !known.sectors.includes(q.sector)) errors.push({ field: 'sector', message: `must be one of ${known.sectors.join(', ')}; got "${q.sector}"` });
  const day = (v: string | undefined): v is string => !!v && isDay(v);
  if (day(q.from) && day(q.to) && q.to < q.from) errors.push({ field: 'to', message: `must be on or after the "from" date ${q.from}; got "${q.to}"` });
  return errors;
}
