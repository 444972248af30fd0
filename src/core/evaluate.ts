/** One call from answers to the whole result: scores, flags, recommendation. */
import type { Rubric } from './rubric/schema.ts';
import { scoreAnswers, type Answers, type Scores } from './scoring/score.ts';
import type { Contribution, DimensionScore, FacetScore } from './scoring/types.ts';
import { raiseFlags, type RaisedFlag } from './flags.ts';
import { recommend, type Recommendation } from './recommendation/recommend.ts';
import type { Evidence } from './conditions.ts';

export interface Result extends Scores {
  rubric: { id: string; version: string };
  flags: RaisedFlag[];
  recommendation: Recommendation;
}

/**
 * A result as stored: the parts the pinned rubric derives again from the answers
 * and the submission day may be left out (`assessment/compact-result.ts`): each
 * answer's contribution, the evidence of flags and recommendation, and the
 * recommendation's sentences. What lists, filters, due dates, rounds and bulk
 * exports read is always there. A `Result` is a `StoredResult` in full.
 */
export interface StoredResult extends Omit<Result, 'dimensions' | 'flags' | 'recommendation'> {
  dimensions: Record<string, Omit<DimensionScore, 'facets'> & { facets: Record<string, Omit<FacetScore, 'contributions'> & { contributions?: Contribution[] }> }>;
  flags: Array<Omit<RaisedFlag, 'evidence'> & { evidence?: Evidence[] }>;
  recommendation: Omit<Recommendation, DerivedText> & Partial<Pick<Recommendation, DerivedText>>;
  /** Set on a compact result: which form of compaction left parts out (results stored before it may lack `evidence` too, and are complete). */
  compact?: typeof COMPACT_FORM;
}

export const COMPACT_FORM = 1;

/** The recommendation's parts that only one report reads, and that the rubric words again from the answers. */
export type DerivedText = 'summary' | 'rationale' | 'speakerModel' | 'drivenBy';

/** `submittedOn` (`yyyy-MM-dd`) anchors the action plan's dates. */
export function evaluate(rubric: Rubric, answers: Answers, submittedOn: string): Result {
  const scores = scoreAnswers(rubric, answers);
  const flags = raiseFlags(rubric, answers);
  const recommendation = recommend(rubric, answers, scores, flags, submittedOn);
  return { rubric: { id: rubric.id, version: rubric.version }, ...scores, flags, recommendation };
}
