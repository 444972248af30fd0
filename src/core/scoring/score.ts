/**
 * Scoring. Pure and deterministic.
 *
 * - A question contributes `weight * score` out of `weight * SCALE_MAX` (4); an unanswered
 *   question or a "not sure" answer contributes 0 points but keeps its weight.
 * - Facet = weighted mean of its questions, scaled to 0-100, rounded to an integer.
 * - Dimension = weighted mean of its facets' integer scores (facet weights), rounded.
 * - Overall = weighted mean of the dimensions' integer scores (dimension weights), rounded.
 *   Means are taken over the integers shown, so a reader can redo the sums from the report.
 * - Confidence = share of all question weight answered with certainty, 0-100,
 *   overall and per dimension. A question that does not apply (its
 *   `appliesWhen` does not hold) scores 0 and counts as known: the answer that
 *   made it moot is already scored.
 * Rounding is half up; every step is a non-decreasing function of each answer's
 * score, so raising one answer never lowers any score.
 */
import type { Rubric } from '../rubric/schema.ts';
import { bandLinesOf, bandOf } from './bands.ts';
import { SCALE_MAX } from './scale.ts';
import { questionApplies } from '../conditions.ts';
import { knownWeightShare } from './known.ts';
import { facetKey, rubricIndex } from '../rubric/rubric-index.ts';

export type { Answers, Contribution, DimensionScore, FacetScore, Scores } from './types.ts';
import type { Answers, Contribution, DimensionScore, FacetScore, Scores } from './types.ts';

export const weightedMean = (items: Array<{ value: number; weight: number }>): number => {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  return total === 0 ? 0 : items.reduce((sum, i) => sum + i.value * i.weight, 0) / total;
};

export function contributionOf(rubric: Rubric, questionId: string, answers: Answers): Contribution {
  const index = rubricIndex(rubric);
  const question = index.question.get(questionId);
  if (!question) throw new Error(`unknown question ${questionId}`);
  if (!questionApplies(rubric, question, answers)) {
    return { questionId: question.id, value: null, score: 0, maxScore: SCALE_MAX, weight: question.weight, unsure: false, notApplicable: true };
  }
  const value = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
  const option = value === undefined ? undefined : index.option.get(question)!.get(value);
  return {
    questionId: question.id,
    value: option ? option.value : null,
    score: option ? option.score : 0,
    maxScore: SCALE_MAX,
    weight: question.weight,
    unsure: option?.unsure === true,
  };
}

export function scoreAnswers(rubric: Rubric, answers: Answers): Scores {
  const lines = bandLinesOf(rubric);
  const { questionsOfFacet } = rubricIndex(rubric);
  // Each question's contribution once: its facet's score and the overall confidence both read it.
  const contributionsOf = new Map(rubric.questions.map((q) => [q, contributionOf(rubric, q.id, answers)]));
  const dimensions: Record<string, DimensionScore> = {};
  for (const dimension of rubric.dimensions) {
    const facets: Record<string, FacetScore> = {};
    for (const facet of dimension.facets) {
      const contributions = (questionsOfFacet.get(facetKey(dimension.id, facet.id)) ?? []).map((q) => contributionsOf.get(q)!);
      const score = Math.round(100 * weightedMean(contributions.map((c) => ({ value: c.score / SCALE_MAX, weight: c.weight }))));
      facets[facet.id] = { id: facet.id, title: facet.title, weight: facet.weight, score, band: bandOf(score, lines), contributions };
    }
    const score = Math.round(weightedMean(Object.values(facets).map((f) => ({ value: f.score, weight: f.weight }))));
    const confidence = confidenceOf(Object.values(facets).flatMap((f) => f.contributions));
    dimensions[dimension.id] = { id: dimension.id, title: dimension.title, weight: dimension.weight, score, band: bandOf(score, lines), confidence, facets };
  }
  const overall = Math.round(weightedMean(Object.values(dimensions).map((d) => ({ value: d.score, weight: d.weight }))));
  const confidence = confidenceOf([...contributionsOf.values()]);
  return { overall, band: bandOf(overall, lines), confidence, dimensions };
}

export { isUnknown } from './known.ts';

const confidenceOf = (contributions: Contribution[]): number => Math.round(100 * knownWeightShare(contributions, 0));
