/**
 * Where one assessment stands among all submitted assessments of the same
 * rubric (id and version): a percentile per dimension and overall. Only numbers
 * come out; no other organisation's name or answers.
 *
 * Percentile rank = (number scoring lower + half the number scoring the same,
 * this one excluded) / (number of others) * 100, rounded.
 */
import type { AssessmentSummary } from './summary.ts';

export interface Benchmark {
  cohort: number;
  overall: number;
  dimensions: Record<string, number>;
}

/** Fewer peers than this and a percentile would say more about them than about the market. */
export const MIN_COHORT = 5;

function percentileRank(value: number, others: number[]): number {
  if (others.length === 0) return 50;
  const lower = others.filter((v) => v < value).length;
  const same = others.filter((v) => v === value).length;
  return Math.round(((lower + same / 2) / others.length) * 100);
}

export function benchmark(target: AssessmentSummary, all: AssessmentSummary[]): Benchmark | null {
  const peers = all.filter((s) => s.id !== target.id && s.rubricId === target.rubricId && s.rubricVersion === target.rubricVersion);
  if (peers.length < MIN_COHORT) return null;
  return {
    cohort: peers.length,
    overall: percentileRank(target.overall, peers.map((p) => p.overall)),
    dimensions: Object.fromEntries(
      Object.entries(target.dimensions).map(([id, d]) => [id, percentileRank(d.score, peers.map((p) => p.dimensions[id]?.score ?? 0))]),
    ),
  };
}
