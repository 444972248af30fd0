/** The change since the previous assessment, in words and signed numbers. */
import type { Change } from '../../core/assessment/compare.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import { longDate, relative } from './dates.ts';
import { flagMessage as messageOf } from '../../core/recommendation/explain-evidence.ts';

const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? '±0' : `−${-n}`);
const direction = (n: number) => (n > 0 ? 'up' : n < 0 ? 'down' : 'same');

/** `linkPrevious`: only the consultant may follow to the previous report, whose address is its respondent's key. */
export function changeView(change: Change, rubric: Rubric, now: Date, linkPrevious: boolean) {
  const flagMessage = (id: string) => messageOf(rubric, id) ?? 'A red flag of an earlier rubric version';
  const title = (code: string) => rubric.recommendations.find((r) => r.code === code)?.title ?? code;
  return {
    previousUrl: linkPrevious ? `/assessments/${change.previous.id}` : null,
    previousDate: `${longDate(change.previous.submittedAt)} (${relative(change.previous.submittedAt, now)})`,
    overall: { ...change.overall, signed: signed(change.overall.delta), direction: direction(change.overall.delta) },
    dimensions: change.dimensions.map((d) => ({ ...d, signed: signed(d.delta), direction: direction(d.delta), bandChanged: d.bandFrom !== d.bandTo })),
    // Flags by their message only: an id means nothing to the reader.
    flagsRaised: change.flagsRaised.map((id) => ({ message: flagMessage(id) })),
    flagsCleared: change.flagsCleared.map((id) => ({ message: flagMessage(id) })),
    recommendation: { ...change.recommendation, fromTitle: title(change.recommendation.from), toTitle: title(change.recommendation.to) },
  };
}
