/**
 * The recommendation: the rubric's decision table, first matching rule wins.
 * Dates are calendar days counted from the submission date (date-fns), so the
 * same submission always gives the same plan, whatever the server's clock says.
 */
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import type { Rubric } from '../rubric/schema.ts';
import type { Answers, Scores } from '../scoring/score.ts';
import type { RaisedFlag } from '../flags.ts';
import { evaluateCondition, type Evidence } from '../conditions.ts';
import { describeEvidence, uniqueEvidence } from './explain-evidence.ts';

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
  actions: Action[];
  reassessBy: string;
  drivenBy: Evidence[];
}

/** `submittedOn` is a calendar date, `yyyy-MM-dd`. */
export function dueDate(submittedOn: string, days: number): string {
  return format(addDays(parseISO(submittedOn), days), 'yyyy-MM-dd');
}

export function recommend(rubric: Rubric, answers: Answers, scores: Scores, flags: RaisedFlag[], submittedOn: string): Recommendation {
  for (const rule of rubric.recommendations) {
    const match = rule.when ? evaluateCondition(rule.when, { rubric, answers, scores, flags }) : { holds: true, evidence: [] };
    if (!match.holds) continue;
    const drivenBy = uniqueEvidence(match.evidence);
    const because = drivenBy.map((e) => describeEvidence(rubric, e));
    return {
      code: rule.code,
      title: rule.title,
      summary: rule.summary,
      rationale: [...rule.rationale, ...because],
      speakerModel: rule.speakerModel,
      actions: rule.actions.map((a) => ({ title: a.title, owner: a.owner, due: dueDate(submittedOn, a.dueInDays), claims: a.claims })),
      reassessBy: dueDate(submittedOn, rule.reassessInDays ?? rubric.reassessInDays),
      drivenBy,
    };
  }
  // The validator guarantees a final `otherwise` rule.
  throw new Error(`rubric ${rubric.id}@${rubric.version} has no matching recommendation rule`);
}
