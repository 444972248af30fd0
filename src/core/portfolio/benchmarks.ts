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

/** One cohort's scores, sorted, so a rank is two binary searches instead of a pass over every peer. */
interface Cohort {
  members: Map<string, AssessmentSummary>;
  overall: number[];
  dimensions: Map<string, number[]>;
}

/** The first index whose value is not below `value` (`orEqual`: not above it). */
function firstAbove(sorted: number[], value: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value || (orEqual && sorted[mid] === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Percentile rank among the cohort with `own` (this assessment's value in the cohort, if it is a member) left out. */
function percentileRank(sorted: number[], value: number, own: number | undefined): number {
  let lower = firstAbove(sorted, value, false);
  let same = firstAbove(sorted, value, true) - lower;
  let others = sorted.length;
  if (own !== undefined) {
    others -= 1;
    if (own < value) lower -= 1;
    else if (own === value) same -= 1;
  }
  if (others === 0) return 50;
  return Math.round(((lower + same / 2) / others) * 100);
}

const cohortKey = (s: Pick<AssessmentSummary, 'rubricId' | 'rubricVersion'>) => `${s.rubricId}@${s.rubricVersion}`;
const byNumber = (a: number, b: number) => a - b;

/**
 * Sorts every cohort's scores once (the portfolio cache builds it once per store
 * revision); the returned function ranks one assessment in O(log n) per score.
 */
export function benchmarkIndex(all: readonly AssessmentSummary[]): (target: AssessmentSummary) => Benchmark | null {
  const cohorts = new Map<string, Cohort>();
  for (const s of all) {
    const key = cohortKey(s);
    let c = cohorts.get(key);
    if (!c) cohorts.set(key, (c = { members: new Map(), overall: [], dimensions: new Map() }));
    c.members.set(s.id, s);
  }
  for (const c of cohorts.values()) {
    const members = [...c.members.values()];
    c.overall = members.map((m) => m.overall).sort(byNumber);
    const ids = new Set(members.flatMap((m) => Object.keys(m.dimensions)));
    for (const id of ids) c.dimensions.set(id, members.map((m) => m.dimensions[id]?.score ?? 0).sort(byNumber));
  }
  return (target) => {
    const c = cohorts.get(cohortKey(target));
    if (!c) return null;
    const self = c.members.get(target.id);
    const cohort = c.members.size - (self ? 1 : 0);
    if (cohort < MIN_COHORT) return null;
    return {
      cohort,
      overall: percentileRank(c.overall, target.overall, self?.overall),
      dimensions: Object.fromEntries(
        Object.entries(target.dimensions).map(([id, d]) => [
          id,
          // A dimension no peer has counts them all as 0, as before.
          percentileRank(c.dimensions.get(id) ?? new Array<number>(c.members.size).fill(0), d.score, self ? (self.dimensions[id]?.score ?? 0) : undefined),
        ]),
      ),
    };
  };
}

/** Where one assessment stands among `all` (one pass to sort; for many lookups keep a `benchmarkIndex`). */
export function benchmark(target: AssessmentSummary, all: readonly AssessmentSummary[]): Benchmark | null {
  return benchmarkIndex(all)(target);
}
