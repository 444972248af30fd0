/** Sentences that say which answers, scores and flags made a rule match. */
import type { Evidence } from '../conditions.ts';
import type { Rubric } from '../rubric/schema.ts';
import { isUnknown, type Scores } from '../scoring/score.ts';

export const claimsSuffix = (claims: readonly string[]): string => (claims.length ? ` (${claims.join(', ')})` : '');

/** "; 2 of its 3 answers are not known", so a low score from unknowns is not read as a "no". */
export function unknownNote(scores: Scores | undefined, dimension: string, facet?: string): string {
  const d = scores?.dimensions[dimension];
  const contributions = facet ? (d?.facets[facet]?.contributions ?? []) : Object.values(d?.facets ?? {}).flatMap((f) => f.contributions);
  const unknown = contributions.filter(isUnknown).length;
  if (unknown === 0) return '';
  return `; ${unknown} of its ${contributions.length} answers ${unknown === 1 ? 'is' : 'are'} not known`;
}

/** A raised flag's words: the rubric's flag, or its perception-gap flag. */
export const flagMessage = (rubric: Rubric, id: string): string | undefined =>
  (rubric.flags.find((f) => f.id === id) ?? (rubric.perceptionGap?.flag.id === id ? rubric.perceptionGap.flag : undefined))?.message;

export function describeEvidence(rubric: Rubric, e: Evidence, scores?: Scores): string {
  switch (e.kind) {
    case 'answer': {
      const prompt = rubric.questions.find((q) => q.id === e.questionId)?.prompt ?? e.questionId;
      return `Answer to "${prompt}": "${e.label}"${claimsSuffix(e.claims)}.`;
    }
    case 'dimension':
      return `${e.title} scored ${e.score} of 100 (${e.band}${unknownNote(scores, e.id)}).`;
    case 'facet':
      return `${e.title} scored ${e.score} of 100 (${e.band}${unknownNote(scores, e.dimension, e.id)}).`;
    case 'flag': {
      // In words, never the flag's id: the sentence reaches exports and the API as written.
      return `Red flag, ${e.severity} severity: ${flagMessage(rubric, e.id) ?? e.id}${claimsSuffix(e.claims)}`.trim();
    }
  }
}

/** Same evidence can arrive through several branches of a condition; say it once. */
export function uniqueEvidence(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = e.kind === 'answer' ? `answer:${e.questionId}` : `${e.kind}:${e.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
