/**
 * The recommendation: the rubric's decision table, first matching rule wins.
 * Where no rule matches, a rubric that names a `fallback` gets that rule, so no
 * verdict is ever reached by default. Texts are assembled from the rule's
 * sentences whose conditions hold for these answers, then the evidence.
 * Below the rubric's confidence threshold the recommendation is provisional and
 * never says the speaker's model fits.
 * Dates are calendar days counted from the submission date, so the
 * same submission always gives the same plan, whatever the server's clock says.
 */
import type { RecommendationRule, Rubric, TextPart } from '../rubric/schema.ts';
import type { Answers, Scores } from '../scoring/score.ts';
import type { RaisedFlag } from '../flags.ts';
import { evaluateCondition, holds, type ConditionContext, type Evidence } from '../conditions.ts';
import { describeEvidence, uniqueEvidence } from './explain-evidence.ts';
import { addDays } from '../dates.ts';

export interface Action {
  title: string;
  owner: string;
  due: string;
  claims: string[];
}

export interface Recommendation {
  code: string;
  title: string;
  summary: string;
  rationale: string[];
  speakerModel: { fits: boolean; explanation: string };
  /** Too little is known for a firm verdict; absent in results stored before rubric 2.0.0. */
  provisional?: boolean;
  actions: Action[];
  reassessBy: string;
  drivenBy: Evidence[];
}

/**
 * `submittedOn` is a calendar date, `yyyy-MM-dd`. Counted by `addDays` on UTC
 * midnights: the same days date-fns counts in local time, at a fraction of its
 * cost (parse and format were a third of scoring a submission).
 */
export const dueDate = (submittedOn: string, days: number): string => addDays(submittedOn, days);

/** The sentences whose conditions hold, in the rubric's order. */
function assemble(parts: TextPart[], ctx: ConditionContext): string[] {
  return parts.flatMap((p) => (typeof p === 'string' ? [p] : holds(p.when, ctx) ? [p.text] : []));
}

const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : whole));

function matchingRule(rubric: Rubric, ctx: ConditionContext): { rule: RecommendationRule; evidence: Evidence[] } {
  for (const rule of rubric.recommendations) {
    if (rule.otherwise) return { rule, evidence: [] };
    const match = evaluateCondition(rule.when!, ctx);
    if (match.holds) return { rule, evidence: match.evidence };
  }
  // The validator guarantees a final `otherwise` rule or a `fallback` that names a rule.
  const fallback = rubric.recommendations.find((r) => r.code === rubric.fallback);
  if (!fallback) throw new Error(`rubric ${rubric.id}@${rubric.version} has no matching recommendation rule`);
  return { rule: fallback, evidence: [] };
}

export function recommend(rubric: Rubric, answers: Answers, scores: Scores, flags: RaisedFlag[], submittedOn: string): Recommendation {
  const ctx: ConditionContext = { rubric, answers, scores, flags };
  const { rule, evidence } = matchingRule(rubric, ctx);
  const drivenBy = uniqueEvidence(evidence);
  const because = drivenBy.map((e) => describeEvidence(rubric, e, scores));
  const explanationParts = typeof rule.speakerModel.explanation === 'string' ? [rule.speakerModel.explanation] : rule.speakerModel.explanation;
  const explanation = assemble(explanationParts, ctx).join(' ');
  const confidence = rubric.confidence;
  const provisional = confidence !== undefined && scores.confidence < confidence.threshold;

  const recommendation: Recommendation = {
    code: rule.code,
    title: rule.title,
    summary: rule.summary,
    rationale: [...assemble(rule.rationale, ctx), ...because],
    speakerModel: { fits: rule.speakerModel.fits, explanation },
    actions: rule.actions.map((a) => ({ title: a.title, owner: a.owner, due: dueDate(submittedOn, a.dueInDays), claims: a.claims })),
    reassessBy: dueDate(submittedOn, rule.reassessInDays ?? rubric.reassessInDays),
    drivenBy,
  };
  if (!confidence) return recommendation;
  if (!provisional) return { ...recommendation, provisional: false };

  const values = { title: rule.title, summary: rule.summary, confidence: scores.confidence, threshold: confidence.threshold };
  const verdict = fill(confidence.verdict, values);
  return {
    ...recommendation,
    provisional: true,
    title: fill(confidence.title, values),
    summary: fill(confidence.summary, values),
    // On answers mostly unknown, neither a "yes" nor a "no" is a verdict; the rationale says what is known.
    speakerModel: { fits: false, explanation: verdict },
  };
}
