import type { Band } from '../rubric/schema.ts';

/** low below 40, partial 40-69, strong 70 and above. */
export function bandOf(score: number): Band {
  if (score < 40) return 'low';
  if (score < 70) return 'partial';
  return 'strong';
}
