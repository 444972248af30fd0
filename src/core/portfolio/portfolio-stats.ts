/**
 * The counts behind the consultant's portfolio view, over a set of summaries
 * (the dashboard passes each organisation's latest): how many get each
 * recommendation, how each dimension's scores spread, and the most common flags.
 *
 * Scores fall into ten 10-point bins, [0,10) ... [80,90) and [90,100]: a score
 * of 100 joins the top bin so that there are ten bins, not eleven. Counts are
 * ordered most first, ties by id, so the same portfolio always draws the same.
 */
import type { AssessmentSummary } from './summary.ts';

export const BIN_COUNT = 10;
export const BIN_WIDTH = 10;
export const TOP_FLAGS = 10;

export interface Count {
  id: string;
  count: number;
}

export interface DimensionSpread {
  id: string;
  /** How many summaries have a score for this dimension. */
  count: number;
  /** `bins[i]` counts scores from `i * 10` up to (not including) `i * 10 + 10`; the last bin includes 100. */
  bins: number[];
  min: number;
  median: number;
  max: number;
}

export interface PortfolioStats {
  total: number;
  recommendations: Count[];
  dimensions: DimensionSpread[];
  /** The `topFlags` most common flags; each summary counts a flag once. */
  flags: Count[];
  /** How many distinct flags were raised at all, shown or not. */
  flagKinds: number;
  /** How many summaries raised no flag. */
  unflagged: number;
}

export const binOf = (score: number): number => Math.min(BIN_COUNT - 1, Math.max(0, Math.floor(score / BIN_WIDTH)));

const byCount = (counts: Map<string, number>): Count[] =>
  [...counts].map(([id, count]) => ({ id, count })).sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function portfolioStats(summaries: readonly AssessmentSummary[], topFlags = TOP_FLAGS): PortfolioStats {
  const recommendations = new Map<string, number>();
  const flags = new Map<string, number>();
  // Insertion order keeps dimensions in the order the first summary lists them (rubric order).
  const scores = new Map<string, number[]>();
  let unflagged = 0;
  for (const s of summaries) {
    recommendations.set(s.recommendation, (recommendations.get(s.recommendation) ?? 0) + 1);
    const raised = new Set(s.flags);
    if (raised.size === 0) unflagged++;
    for (const f of raised) flags.set(f, (flags.get(f) ?? 0) + 1);
    for (const [id, d] of Object.entries(s.dimensions)) {
      let list = scores.get(id);
      if (!list) scores.set(id, (list = []));
      list.push(d.score);
    }
  }
  const dimensions = [...scores].map(([id, values]): DimensionSpread => {
    const bins = new Array<number>(BIN_COUNT).fill(0);
    for (const v of values) bins[binOf(v)]!++;
    const sorted = values.sort((a, b) => a - b);
    return { id, count: sorted.length, bins, min: sorted[0]!, median: median(sorted), max: sorted[sorted.length - 1]! };
  });
  const allFlags = byCount(flags);
  return {
    total: summaries.length,
    recommendations: byCount(recommendations),
    dimensions,
    flags: allFlags.slice(0, topFlags),
    flagKinds: allFlags.length,
    unflagged,
  };
}
