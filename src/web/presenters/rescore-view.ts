/**
 * The re-scoring page, precomputed for its template: the original and the
 * re-scored result side by side, and what did not carry over.
 */
import type { FieldError } from '../../core/errors.ts';
import type { Assessment } from '../../core/assessment/assessment.ts';
import type { Rescore, ScoreChange } from '../../core/assessment/rescore.ts';
import type { Band } from '../../core/rubric/schema.ts';
import { BAND_TEXT } from '../../core/scoring/band-text.ts';
import { longDate } from './dates.ts';

const signed = (n: number | null) => (n === null ? '' : n > 0 ? `+${n}` : n === 0 ? '±0' : `−${-n}`);
const direction = (n: number | null) => (n === null ? 'none' : n > 0 ? 'up' : n < 0 ? 'down' : 'same');
const scoreCell = (s: { score: number; band: Band } | null) => (s ? { score: s.score, band: s.band, bandText: BAND_TEXT[s.band] } : null);
const FLAG_STATE = { kept: 'In both', raised: 'Raised by the new version', cleared: 'Cleared by the new version' } as const;

export interface RescoreInput {
  assessment: Assessment;
  /** Every other version of the same rubric id, newest first. */
  versions: string[];
  chosen: string | undefined;
  result: Rescore | null;
  errors: FieldError[];
}

/** The re-scoring page: the original and the re-scored result side by side, and what did not carry over. */
export function rescoreView({ assessment, versions, chosen, result, errors }: RescoreInput) {
  const row = (c: ScoreChange, facet: boolean) => ({ title: c.title, facet, from: scoreCell(c.from), to: scoreCell(c.to), signed: signed(c.delta), direction: direction(c.delta) });
  return {
    title: `Re-score: ${assessment.organisation.name}`,
    organisation: assessment.organisation.name,
    reportUrl: `/assessments/${assessment.id}`,
    action: `/consultant/assessments/${assessment.id}/rescore`,
    submitted: longDate(assessment.submittedAt!),
    rubricId: assessment.rubricId,
    fromVersion: assessment.rubricVersion,
    noOtherVersion: versions.length === 0,
    versionChoices: versions.map((v) => ({ value: v, label: `${v}${v === versions[0] ? ' (newest)' : ''}`, selected: v === chosen })),
    errors: errors.map((e) => ({ ...e, href: '#rescore-version' })),
    comparison: result && {
      toVersion: result.to.version,
      rows: [row(result.overall, false), ...result.dimensions.flatMap((d) => [row(d, false), ...d.facets.map((f) => row(f, true))])],
      confidence: { from: result.original.confidence, to: result.rescored.confidence },
      flags: result.flags.map((f) => ({ ...f, before: f.state !== 'raised', after: f.state !== 'cleared', stateText: FLAG_STATE[f.state] })),
      recommendation: result.recommendation,
      carried: Object.keys(result.answers).length,
      questions: questionCount(result),
      dropped: result.dropped,
      newlyUnanswered: result.newlyUnanswered.map((q) => ({ ...q, why: q.reason === 'new-question' ? `not asked in version ${result.from.version}` : 'the answer given is not an option any more' })),
    },
  };
}

/** How many questions the target version asks: one contribution each. */
const questionCount = (r: Rescore) => Object.values(r.rescored.dimensions).reduce((n, d) => n + Object.values(d.facets).reduce((m, f) => m + f.contributions.length, 0), 0);
