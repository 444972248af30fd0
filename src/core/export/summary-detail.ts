/**
 * What the bulk summary CSV's row of an assessment needs beyond its dashboard
 * summary: its facets' scores and bands, the recommendation's title and
 * provisional mark, the flags' messages, the respondent's role and the
 * creation time. A store that keeps this beside each organisation's latest
 * single assessment (the only one a `scope=latest` export can list; a round's
 * result is computed in memory) lets that export write its rows without
 * reading a document. Taken from the stored result as it is, never derived
 * again, so a row made from it is the row made from the record.
 */
import type { Assessment } from '../assessment/assessment.ts';
import type { Band } from '../rubric/schema.ts';
import type { AssessmentSummary } from '../portfolio/summary.ts';

export interface SummaryDetail {
  createdAt: string;
  /** Per dimension, its facets as `[facet id, score, band, facet id, score, band, ...]` (one array, not an object per facet: it is kept for every organisation). */
  facets: Record<string, Array<string | number>>;
  title: string;
  provisional: boolean;
  /** The raised flags' messages, in the order of the summary's flag ids. */
  flagMessages: string[];
  role?: string;
}

/**
 * The detail of a submitted single assessment; `same` gives back one copy of
 * a string already seen (titles, messages and bands repeat across thousands
 * of organisations).
 */
export function summaryDetail(a: Assessment, same: (text: string) => string = (t) => t): SummaryDetail | null {
  const r = a.result;
  if (!r || a.roundId) return null;
  const facets = Object.fromEntries(Object.values(r.dimensions).map((d) => [d.id, Object.entries(d.facets).flatMap(([id, f]) => [id, f.score, same(f.band)])]));
  return {
    createdAt: a.createdAt,
    facets,
    title: same(r.recommendation.title),
    provisional: r.recommendation.provisional === true,
    flagMessages: r.flags.map((f) => same(f.message)),
    ...(a.respondent.role ? { role: same(a.respondent.role) } : {}),
  };
}

/** The record as far as the summary row reads it (`summaryRow`), from a summary and its detail. */
export function recordOfSummary(s: AssessmentSummary, d: SummaryDetail): Assessment {
  const dimensions = Object.fromEntries(
    Object.entries(s.dimensions).map(([id, { score, band }]) => {
      const flat = d.facets[id] ?? [];
      const facets: Record<string, { id: string; score: number; band: Band }> = {};
      for (let i = 0; i < flat.length; i += 3) facets[flat[i] as string] = { id: flat[i] as string, score: flat[i + 1] as number, band: flat[i + 2] as Band };
      return [id, { id, score, band, facets }];
    }),
  );
  const result = {
    overall: s.overall,
    band: s.band,
    confidence: s.confidence,
    dimensions,
    flags: s.flags.map((id, i) => ({ id, message: d.flagMessages[i] ?? '' })),
    recommendation: { code: s.recommendation, title: d.title, reassessBy: s.reassessBy, ...(d.provisional ? { provisional: true } : {}) },
  };
  return {
    id: s.id,
    rubricId: s.rubricId,
    rubricVersion: s.rubricVersion,
    organisationId: s.organisationId,
    organisation: { name: s.organisation, ...(s.sector === null ? {} : { sector: s.sector }), ...(s.size === null ? {} : { size: s.size }) },
    respondent: d.role ? { role: d.role } : {},
    answers: {},
    notes: {},
    status: 'submitted',
    createdAt: d.createdAt,
    updatedAt: s.submittedAt,
    submittedAt: s.submittedAt,
    // Only the fields a summary row reads: this record is never shown, stored or scored.
    result: result as unknown as Assessment['result'],
  };
}
