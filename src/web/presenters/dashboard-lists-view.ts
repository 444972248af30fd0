/**
 * The dashboard's lists, precomputed for its template: what is due (reassessments
 * and overdue actions, one row per organisation) and the rounds, closing soon first.
 */
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import type { Organisation } from '../../core/assessment/assessment.ts';
import type { Round, RoundState } from '../../core/rounds/round.ts';
import type { InvitationProgress } from '../../core/rounds/round-service.ts';
import { DUE_WITHIN_DAYS, type Due } from '../../core/portfolio/due.ts';
import { dueIn, longDate } from './dates.ts';
import { queryString } from './query-string.ts';

/** Organisations shown per due list; the results table, sorted by reassess-by date, has the rest. */
export const DUE_SHOWN = 20;

/** Where a deliverable result is read: a single assessment's report, or a round's. */
export const resultUrl = (id: string, round: boolean) => (round ? `/consultant/rounds/${id}/report` : `/assessments/${id}`);

export interface RoundListing {
  round: Round;
  organisation: Organisation;
  state: RoundState;
  progress: InvitationProgress[];
}
/** Rounds whose last day is this close count as closing soon. */
export const CLOSING_SOON_DAYS = 7;

export function roundsView(listing: RoundListing[], now: Date) {
  const today = now.toISOString().slice(0, 10);
  const row = ({ round, organisation, state, progress }: RoundListing) => {
    const live = progress.filter((p) => !p.invitation.revokedAt);
    return {
      url: `/consultant/rounds/${round.id}`,
      reportUrl: `/consultant/rounds/${round.id}/report`,
      organisation: organisation.name,
      title: round.title ?? null,
      opened: longDate(round.createdAt),
      closes: round.closesOn ? { iso: round.closesOn, long: longDate(round.closesOn), ...dueIn(round.closesOn, now) } : null,
      closedOn: round.closedAt ? longDate(round.closedAt) : round.closesOn && state === 'closed' ? longDate(round.closesOn) : null,
      submitted: live.reduce((n, p) => n + p.submitted, 0),
      drafts: live.reduce((n, p) => n + p.drafts, 0),
      answeredLinks: live.filter((p) => p.submitted > 0).length,
      links: live.length,
    };
  };
  const soon = (r: RoundListing) => r.state === 'open' && !!r.round.closesOn && differenceInCalendarDays(parseISO(r.round.closesOn), parseISO(today)) <= CLOSING_SOON_DAYS;
  return {
    total: listing.length,
    closingSoon: listing.filter(soon).map(row),
    open: listing.filter((r) => r.state === 'open' && !soon(r)).map(row),
    closed: listing.filter((r) => r.state === 'closed').map(row),
    closingSoonDays: CLOSING_SOON_DAYS,
  };
}

export function dueView(due: Due, now: Date, isRound: (id: string) => boolean) {
  const day = (iso: string) => ({ iso, long: longDate(iso), ...dueIn(iso, now) });
  // One row per organisation, most overdue first (the order findDue gives); dates are formatted only for the rows shown.
  const byAssessment = new Map<string, Due['overdueActions']>();
  for (const a of due.overdueActions) {
    const list = byAssessment.get(a.assessmentId);
    if (list) list.push(a);
    else byAssessment.set(a.assessmentId, [a]);
  }
  const groups = [...byAssessment.values()];
  const action = (a: Due['overdueActions'][number]) => ({ title: a.title, owner: a.owner, due: day(a.due) });
  return {
    withinDays: DUE_WITHIN_DAYS,
    reassessments: due.reassessments.slice(0, DUE_SHOWN).map((r) => ({ organisation: r.organisation, url: resultUrl(r.assessmentId, isRound(r.assessmentId)), reassessBy: day(r.reassessBy) })),
    reassessmentsTotal: due.reassessments.length,
    reassessmentsMore: Math.max(0, due.reassessments.length - DUE_SHOWN),
    actionGroups: groups.slice(0, DUE_SHOWN).map(([first, ...rest]) => ({
      organisation: first!.organisation,
      url: resultUrl(first!.assessmentId, isRound(first!.assessmentId)),
      count: rest.length + 1,
      first: action(first!),
      rest: rest.map(action),
    })),
    actionsTotal: due.overdueActions.length,
    actionOrganisations: groups.length,
    actionOrganisationsMore: Math.max(0, groups.length - DUE_SHOWN),
    allDueUrl: `/consultant${queryString({ sort: 'reassessBy', dir: 'asc' })}`,
  };
}
