/**
 * Why a flag was raised and why the recommendation was chosen, in words a
 * reader can check against their own answers: "because you answered …", never
 * a flag's id. Stored results keep their rationale sentences; only the ones
 * built from evidence are worded again here.
 */
import type { Evidence } from '../../core/conditions.ts';
import type { RaisedFlag } from '../../core/flags.ts';
import type { Recommendation } from '../../core/recommendation/recommend.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import { BAND_TEXT } from '../../core/scoring/band-text.ts';
import type { Scores } from '../../core/scoring/types.ts';
import { claimsSuffix, flagMessage, unknownNote } from '../../core/recommendation/explain-evidence.ts';
const promptOf = (rubric: Rubric, id: string) => rubric.questions.find((q) => q.id === id)?.prompt ?? 'a question no longer in this rubric';

/** `you answered "No" to "Has …?"`, one per matched answer. */
export function answeredPhrases(rubric: Rubric, evidence: readonly Evidence[]): string[] {
  return evidence.flatMap((e) => (e.kind === 'answer' ? [`you answered “${e.label}” to “${promptOf(rubric, e.questionId)}”`] : []));
}

const joinAnd = (parts: string[]) => (parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join('; ')}; and ${parts[parts.length - 1]}`);

/** "Raised because you answered …", or null for a flag without recorded answers (a round's gap, or a result stored before evidence was kept). */
export function flagBecause(rubric: Rubric, flag: Pick<RaisedFlag, 'evidence'>): string | null {
  const phrases = answeredPhrases(rubric, flag.evidence ?? []);
  return phrases.length ? `Raised because ${joinAnd(phrases)}.` : null;
}

const flagTitle = (rubric: Rubric, id: string): string => flagMessage(rubric, id) ?? 'a red flag of an earlier rubric';

export function evidenceSentence(rubric: Rubric, e: Evidence, scores: Scores): string {
  switch (e.kind) {
    case 'answer': {
      const [phrase] = answeredPhrases(rubric, [e]);
      return `${phrase!.charAt(0).toUpperCase()}${phrase!.slice(1)}${claimsSuffix(e.claims)}.`;
    }
    case 'dimension':
      return `${e.title} scored ${e.score} of 100 (${BAND_TEXT[e.band]}${unknownNote(scores, e.id)}).`;
    case 'facet':
      return `${e.title} scored ${e.score} of 100 (${BAND_TEXT[e.band]}${unknownNote(scores, e.dimension, e.id)}).`;
    case 'flag':
      return `Red flag, ${e.severity} severity: ${flagTitle(rubric, e.id)}${claimsSuffix(e.claims)}`;
  }
}

/** The rule's sentences as stored, then the evidence in words; an old result without evidence loses only the flag ids. */
export function rationaleInWords(rubric: Rubric, rec: Pick<Recommendation, 'rationale' | 'drivenBy'>, scores: Scores): string[] {
  const drivenBy = Array.isArray(rec.drivenBy) ? rec.drivenBy : [];
  if (drivenBy.length === 0 || drivenBy.length > rec.rationale.length) return rec.rationale.map((s) => s.replace(/Red flag "[^"]*" \((\w+)\):/g, 'Red flag, $1 severity:'));
  return [...rec.rationale.slice(0, rec.rationale.length - drivenBy.length), ...drivenBy.map((e) => evidenceSentence(rubric, e, scores))];
}
