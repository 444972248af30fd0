import type { Rubric, Severity } from './rubric/schema.ts';
import type { Answers } from './scoring/score.ts';
import { evaluateCondition, questionsIn, type Evidence } from './conditions.ts';
import { rubricIndex } from './rubric/rubric-index.ts';

export interface RaisedFlag {
  id: string;
  severity: Severity;
  message: string;
  claims: string[];
  /** Dimensions of the questions whose answers raised it. */
  dimensions: string[];
  evidence: Evidence[];
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Flags raised by the answers, most severe first, then in rubric order. */
export function raiseFlags(rubric: Rubric, answers: Answers): RaisedFlag[] {
  const raised: RaisedFlag[] = [];
  const { question } = rubricIndex(rubric);
  for (const rule of rubric.flags) {
    const match = evaluateCondition(rule.when, { rubric, answers });
    if (!match.holds) continue;
    const dimensions = [...new Set(questionsIn(rule.when).map((id) => question.get(id)?.dimension ?? ''))].filter(Boolean);
    raised.push({ id: rule.id, severity: rule.severity, message: rule.message, claims: rule.claims, dimensions, evidence: match.evidence });
  }
  return raised
    .map((flag, index) => ({ flag, index }))
    .sort((a, b) => SEVERITY_ORDER[a.flag.severity] - SEVERITY_ORDER[b.flag.severity] || a.index - b.index)
    .map((x) => x.flag);
}
