/** One call from answers to the whole result: scores, flags, recommendation. */
import type { Rubric } from './rubric/schema.ts';
import { scoreAnswers, type Answers, type Scores } from './scoring/score.ts';
import { raiseFlags, type RaisedFlag } from './flags.ts';
import { recommend, type Recommendation } from './recommendation/recommend.ts';

export interface Result extends Scores {
  rubric: { id: string; version: string };
  flags: RaisedFlag[];
  recommendation: Recommendation;
}

/** `submittedOn` (`yyyy-MM-dd`) anchors the action plan's dates. */
export function evaluate(rubric: Rubric, answers: Answers, submittedOn: string): Result {
  const scores = scoreAnswers(rubric, answers);
  const flags = raiseFlags(rubric, answers);
  const recommendation = recommend(rubric, answers, scores, flags, submittedOn);
  return { rubric: { id: rubric.id, version: rubric.version }, ...scores, flags, recommendation };
}
