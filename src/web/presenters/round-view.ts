/** The consultant's page for one round: progress, invitation links and the combined result. */
import type { Organisation } from '../../core/assessment/assessment.ts';
import type { FieldError } from '../../core/errors.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import type { RoundOutcome } from '../../core/rounds/combine-round.ts';
import type { InvitationProgress } from '../../core/rounds/round-service.ts';
import { type Round, type RoundState } from '../../core/rounds/round.ts';
import { ROLE_GROUP_LABELS, ROLE_GROUP_OPTIONS } from '../../core/roles.ts';
import { longDate, relative } from './dates.ts';
import { barChart } from './score-chart.ts';
import { roundRationale } from './round-report-view.ts';

const STATE_TEXT = { 'not-started': 'Not started', started: 'Draft started', answered: 'Answered', revoked: 'Withdrawn' } as const;

export interface RoundViewArgs {
  round: Round;
  organisation: Organisation;
  state: RoundState;
  progress: InvitationProgress[];
  outcome: RoundOutcome | null;
  rubric: Rubric;
  base: string;
  csrfToken: string;
  errors: FieldError[];
  now: Date;
}

// Over 60 lines because it is one view model, the template's fields in order; split, the page's shape would be scattered.
export function roundView({ round, organisation, state, progress, outcome, rubric, base, csrfToken, errors, now }: RoundViewArgs) {
  const open = state === 'open';
  return {
    title: `Round: ${organisation.name}`,
    round: {
      id: round.id,
      title: round.title,
      opened: longDate(round.createdAt),
      closesOn: round.closesOn ? `${longDate(round.closesOn)} (${relative(round.closesOn, now)})` : null,
      closedAt: round.closedAt ? longDate(round.closedAt) : null,
      open,
      rubric: `${rubric.title} (version ${rubric.version})`,
    },
    organisation: { name: organisation.name },
    csrfToken,
    errors,
    invitations: progress.map((p) => ({
      role: ROLE_GROUP_LABELS[p.invitation.role],
      kind: p.invitation.kind === 'group' ? 'Shared by the group: each person gets their own form' : 'One person',
      label: p.invitation.label,
      url: `${base}/r/${p.invitation.token}`,
      state: STATE_TEXT[p.state],
      stateClass: p.state,
      submitted: p.submitted,
      drafts: p.drafts,
      active: !p.invitation.revokedAt && open,
      revokeAction: `/consultant/rounds/${round.id}/invitations/${p.invitation.token}/revoke`,
    })),
    waiting: progress.filter((p) => !p.invitation.revokedAt && p.submitted === 0).length,
    roleChoices: ROLE_GROUP_OPTIONS,
    outcome: outcome && {
      respondents: outcome.respondents,
      overall: outcome.combined.overall,
      band: outcome.combined.band,
      chart: barChart(
        rubric.dimensions.flatMap((d) => {
          const dim = outcome.combined.dimensions[d.id]!;
          return [{ label: dim.title, score: dim.score, band: dim.band }, ...d.facets.map((f) => ({ label: f.title, score: dim.facets[f.id]!.score, band: dim.facets[f.id]!.band, indent: true }))];
        }),
        `Combined scores for ${organisation.name}`,
      ),
      groups: outcome.groups,
      shownGroups: outcome.groups.filter((g) => g.shown),
      spreads: outcome.spreads
        .filter((s) => s.spread > 0)
        .sort((a, b) => b.spread - a.spread)
        .map((s) => ({ ...s, text: s.groups.map((g) => `${g.label} ${g.score}`).join(', ') })),
      gaps: outcome.gaps.filter((g) => Math.abs(g.gap) >= 10).slice(0, 5),
      flags: outcome.flags,
      recommendation: { ...outcome.recommendation, rationale: roundRationale(rubric, outcome) },
      anonymityNote: outcome.anonymityNote,
      minGroup: rubric.perceptionGap?.minGroupSize ?? 3,
    },
    reportUrl: `/consultant/rounds/${round.id}/report`,
    exports: { json: `/api/rounds/${round.id}/export.json`, csv: `/api/rounds/${round.id}/export.csv` },
    actions: {
      invite: `/consultant/rounds/${round.id}/invitations`,
      close: `/consultant/rounds/${round.id}/close`,
    },
  };
}
