/**
 * Evaluates the rubric's condition language and says why a condition held:
 * each leaf that matched adds a piece of evidence, so a flag or a
 * recommendation can cite the answers, scores and flags that drove it.
 */
import type { Condition, Question, Rubric, Severity, Band } from './rubric/schema.ts';
import type { Answers, Scores } from './scoring/types.ts';
import { knownWeightShare } from './scoring/known.ts';
import { rubricIndex } from './rubric/rubric-index.ts';

export type Evidence =
  | { kind: 'answer'; questionId: string; value: string; label: string; claims: string[] }
  | { kind: 'dimension'; id: string; title: string; score: number; band: Band }
  | { kind: 'facet'; id: string; title: string; dimension: string; score: number; band: Band }
  | { kind: 'flag'; id: string; severity: Severity; claims: string[] };

export interface RaisedFlagRef {
  id: string;
  severity: Severity;
  claims: string[];
  dimensions: string[];
}

export interface ConditionContext {
  rubric: Rubric;
  answers: Answers;
  scores?: Scores;
  flags?: RaisedFlagRef[];
}

export interface Match {
  holds: boolean;
  evidence: Evidence[];
}

const no: Match = { holds: false, evidence: [] };

export function evaluateCondition(c: Condition, ctx: ConditionContext): Match {
  if ('all' in c) {
    const evidence: Evidence[] = [];
    for (const sub of c.all) {
      const part = evaluateCondition(sub, ctx);
      if (!part.holds) return no;
      evidence.push(...part.evidence);
    }
    return { holds: true, evidence };
  }
  if ('any' in c) {
    const held = c.any.map((sub) => evaluateCondition(sub, ctx)).filter((p) => p.holds);
    return held.length ? { holds: true, evidence: held.flatMap((p) => p.evidence) } : no;
  }
  if ('not' in c) return { holds: !holds(c.not, ctx), evidence: [] };
  if ('answer' in c) {
    const matched = answerMatch(c, ctx);
    if (!matched) return no;
    const { value, question } = matched;
    const label = (question && rubricIndex(ctx.rubric).option.get(question)!.get(value)?.label) ?? value;
    return { holds: true, evidence: [{ kind: 'answer', questionId: c.answer, value, label, claims: question?.claims ?? [] }] };
  }
  if ('dimension' in c) {
    const d = ctx.scores?.dimensions[c.dimension];
    if (!d || !c.band.includes(d.band)) return no;
    return { holds: true, evidence: [{ kind: 'dimension', id: d.id, title: d.title, score: d.score, band: d.band }] };
  }
  if ('facet' in c) {
    for (const d of Object.values(ctx.scores?.dimensions ?? {})) {
      const f = d.facets[c.facet];
      if (f && c.band.includes(f.band)) {
        return { holds: true, evidence: [{ kind: 'facet', id: f.id, title: f.title, dimension: d.id, score: f.score, band: f.band }] };
      }
    }
    return no;
  }
  if ('facetKnown' in c) {
    for (const d of Object.values(ctx.scores?.dimensions ?? {})) {
      const f = d.facets[c.facetKnown];
      // A round's combined facets carry no answers: what the respondents knew is already averaged in.
      if (f) return { holds: f.contributions.length === 0 || knownWeightShare(f.contributions, 1) >= 0.5, evidence: [] };
    }
    return no;
  }
  if ('flag' in c) {
    const f = ctx.flags?.find((x) => x.id === c.flag);
    return f ? { holds: true, evidence: [{ kind: 'flag', id: f.id, severity: f.severity, claims: f.claims }] } : no;
  }
  const { severity, dimension } = c.flagRaised;
  const matching = (ctx.flags ?? []).filter((f) => severity.includes(f.severity) && (!dimension || f.dimensions.includes(dimension)));
  return matching.length
    ? { holds: true, evidence: matching.map((f) => ({ kind: 'flag' as const, id: f.id, severity: f.severity, claims: f.claims })) }
    : no;
}

/**
 * Whether a condition holds, as `evaluateCondition(c, ctx).holds` says, without
 * gathering the evidence: what a question's `appliesWhen` and a `not` ask, many
 * times for each assessment scored.
 */
export function holds(c: Condition, ctx: ConditionContext): boolean {
  if ('all' in c) return c.all.every((sub) => holds(sub, ctx));
  if ('any' in c) return c.any.some((sub) => holds(sub, ctx));
  if ('not' in c) return !holds(c.not, ctx);
  if ('answer' in c) return answerMatch(c, ctx) !== undefined;
  return evaluateCondition(c, ctx).holds;
}

/** The answer an `answer` condition matched, and its question (undefined for one the rubric no longer has); undefined when it does not hold. */
function answerMatch(c: Extract<Condition, { answer: string }>, ctx: ConditionContext): { value: string; question: Question | undefined } | undefined {
  const value = Object.hasOwn(ctx.answers, c.answer) ? ctx.answers[c.answer] : undefined;
  if (value === undefined || !c.in.includes(value)) return undefined;
  const question = rubricIndex(ctx.rubric).question.get(c.answer);
  // An answer left over on a question that does not apply (a mandate's origin when there is no mandate) says nothing.
  return !question || questionApplies(ctx.rubric, question, ctx.answers) ? { value, question } : undefined;
}

/** The questions a condition reads, for attributing a flag to dimensions. */
export function questionsIn(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(questionsIn);
  if ('any' in c) return c.any.flatMap(questionsIn);
  if ('not' in c) return questionsIn(c.not);
  if ('answer' in c) return [c.answer];
  return [];
}

/** Whether a question is asked, given the other answers (see `appliesWhen` in the rubric). */
export function questionApplies(rubric: Rubric, q: Question, answers: Answers): boolean {
  return !q.appliesWhen || holds(q.appliesWhen.when, { rubric, answers });
}
