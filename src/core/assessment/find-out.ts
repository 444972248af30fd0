/**
 * "What to find out first": the questions nobody could answer, grouped by who
 * in the organisation would know. A question that does not apply is not
 * unknown; an optional question left blank is not asked after either.
 */
import type { Rubric } from '../rubric/schema.ts';
import type { Answers } from '../scoring/score.ts';
import { questionApplies } from '../conditions.ts';

export interface UnknownAnswer {
  questionId: string;
  prompt: string;
  dimension: string;
  /** "not sure" when a not-sure option was chosen, "not answered" when nothing was. */
  state: 'not sure' | 'not answered';
}

export interface FindOutGroup {
  who: string;
  questions: UnknownAnswer[];
}

/** Groups in the order their first question appears in the rubric. */
export function findOutFirst(rubric: Rubric, answers: Answers, whoUnknown = 'Anyone who knows'): FindOutGroup[] {
  const groups = new Map<string, UnknownAnswer[]>();
  for (const q of rubric.questions) {
    if (!questionApplies(rubric, q, answers)) continue;
    const value = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    const option = q.options.find((o) => o.value === value);
    const state = option === undefined ? (q.required ? 'not answered' : undefined) : option.unsure ? 'not sure' : undefined;
    if (!state) continue;
    const who = q.whoKnows ?? whoUnknown;
    groups.set(who, [...(groups.get(who) ?? []), { questionId: q.id, prompt: q.prompt, dimension: q.dimension, state }]);
  }
  return [...groups].map(([who, questions]) => ({ who, questions }));
}
