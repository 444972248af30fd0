/** Which answers count as known, for confidence and for `facetKnown`: a question that did not apply is known. */
import type { Contribution } from './types.ts';

/** A contribution whose answer nobody gave or nobody knew. */
export const isUnknown = (c: Contribution): boolean => !c.notApplicable && (c.value === null || c.unsure);

/** The share (0-1) of the contributions' weight that is known; `empty` when there is no weight at all. */
export function knownWeightShare(contributions: readonly Contribution[], empty: number): number {
  const total = contributions.reduce((sum, c) => sum + c.weight, 0);
  const known = contributions.filter((c) => !isUnknown(c)).reduce((sum, c) => sum + c.weight, 0);
  return total === 0 ? empty : known / total;
}
