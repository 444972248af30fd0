/** Sentences that say which answers, scores and flags made a rule match. */
import type { Evidence } from '../conditions.ts';
import type { Rubric } from '../rubric/schema.ts';

const claimsSuffix = (claims: string[]): string => (claims.length ? ` (${claims.join(', ')})` : '');

export function describeEvidence(rubric: Rubric, e: Evidence): string {
  switch (e.kind) {
    case 'answer': {
      const prompt = rubric.questions.find((q) => q.id === e.questionId)?.prompt ?? e.questionId;
      return `Answer to "${prompt}": "${e.label}"${claimsSuffix(e.claims)}.`;
    }
    case 'dimension':
      return `${e.title} scored ${e.score} of 100 (${e.band}).`;
    case 'facet':
      return `${e.title} scored ${e.score} of 100 (${e.band}).`;
    case 'flag': {
      const rule = rubric.flags.find((f) => f.id === e.id) ?? (rubric.perceptionGap?.flag.id === e.id ? rubric.perceptionGap.flag : undefined);
      return `Red flag "${e.id}" (${e.severity}): ${rule?.message ?? ''}${claimsSuffix(e.claims)}`.trim();
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
