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
import { differenceInCalendarDays, parseISO } from 'date-fns';
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

const byName = (a: { organisation: string }, b: { organisation: string }) => a.organisation.localeCompare(b.organisation, 'en', { sensitivity: 'base' });

/** Most urgent first: the longest overdue, then by organisation name. */
export function findDue(latest: readonly DueCandidate[], today: string, withinDays = DUE_WITHIN_DAYS): Due {
  const day = parseISO(today);
  const reassessments: ReassessmentDue[] = [];
  const overdueActions: OverdueAction[] = [];
  for (const c of latest) {
    const daysLeft = differenceInCalendarDays(parseISO(c.reassessBy), day);
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
        daysOverdue: differenceInCalendarDays(day, parseISO(a.due)),
      });
    }
  }
  reassessments.sort((a, b) => a.daysLeft - b.daysLeft || byName(a, b));
  overdueActions.sort((a, b) => b.daysOverdue - a.daysOverdue || byName(a, b) || a.due.localeCompare(b.due));
  return { reassessments, overdueActions };
}
