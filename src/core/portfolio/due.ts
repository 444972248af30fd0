/**
 * What needs the consultant's attention: organisations whose latest
 * assessment's `reassessBy` day has passed or falls within the next 14 days,
 * and the actions of each latest assessment whose due day has passed.
 *
 * Days are calendar days (`yyyy-MM-dd`), counted with date-fns from `today`,
 * which the caller passes in. Actions have no "done" state yet, so every action
 * of an organisation's latest assessment counts as open; an older assessment's
 * actions are taken to be replaced by the newer one's plan.
 */
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import type { Action } from '../recommendation/recommend.ts';
import type { AssessmentSummary } from './summary.ts';

export const DUE_WITHIN_DAYS = 14;

export type DueCandidate = Pick<AssessmentSummary, 'id' | 'organisationId' | 'organisation' | 'reassessBy'> & {
  actions: ReadonlyArray<Pick<Action, 'title' | 'owner' | 'due'>>;
};

export interface ReassessmentDue {
  assessmentId: string;
  organisationId: string;
  organisation: string;
  reassessBy: string;
  /** Negative when the day has passed. */
  daysLeft: number;
}

export interface OverdueAction {
  assessmentId: string;
  organisationId: string;
  organisation: string;
  title: string;
  owner: string;
  due: string;
  daysOverdue: number;
}

export interface Due {
  reassessments: ReassessmentDue[];
  overdueActions: OverdueAction[];
}

// One collator, not localeCompare with options, which builds one per call: tens of thousands of rows get sorted here.
const collator = new Intl.Collator('en', { sensitivity: 'base' });
const byName = (a: { organisation: string }, b: { organisation: string }) => collator.compare(a.organisation, b.organisation);

/** Most urgent first: the longest overdue, then by organisation name. */
export function findDue(latest: readonly DueCandidate[], today: string, withinDays = DUE_WITHIN_DAYS): Due {
  const day = parseISO(today);
  // Few distinct days among many rows: count each day's distance once.
  const distances = new Map<string, number>();
  const daysFromToday = (d: string) => {
    let n = distances.get(d);
    if (n === undefined) distances.set(d, (n = differenceInCalendarDays(parseISO(d), day)));
    return n;
  };
  const reassessments: ReassessmentDue[] = [];
  const overdueActions: OverdueAction[] = [];
  for (const c of latest) {
    const daysLeft = daysFromToday(c.reassessBy);
    if (daysLeft <= withinDays) {
      reassessments.push({ assessmentId: c.id, organisationId: c.organisationId, organisation: c.organisation, reassessBy: c.reassessBy, daysLeft });
    }
    for (const a of c.actions) {
      if (a.due >= today) continue;
      overdueActions.push({
        assessmentId: c.id,
        organisationId: c.organisationId,
        organisation: c.organisation,
        title: a.title,
        owner: a.owner,
        due: a.due,
        daysOverdue: -daysFromToday(a.due),
      });
    }
  }
  reassessments.sort((a, b) => a.daysLeft - b.daysLeft || byName(a, b));
  overdueActions.sort((a, b) => b.daysOverdue - a.daysOverdue || byName(a, b) || a.due.localeCompare(b.due));
  return { reassessments, overdueActions };
}
