/**
 * A round as CSV rows for a consultant: the combined scores, each role group's
 * (where it has enough respondents to show), and the gaps. No names, no answers.
 * Each code has its words beside it: `recommendation_title` and `flag_labels`
 * after the codes, a `title` column in the scores, `facet_title` and
 * `dimension_title` in the gaps.
 */
import type { Rubric } from '../rubric/schema.ts';
import type { InvitationProgress, Round, RoundState } from '../rounds/round.ts';
import type { Assessment, Organisation } from '../assessment/assessment.ts';
import type { RoundOutcome } from '../rounds/combine-round.ts';
import type { Cell } from './assessment-export.ts';
import { flagLabels, titlesOf } from './labels.ts';

export function roundCsvRows(round: Round, organisation: string, rubric: Rubric, outcome: RoundOutcome | null): Cell[][] {
  const rows: Cell[][] = [
    ['field', 'value'],
    ['round_id', round.id],
    ['organisation', organisation],
    ['rubric_id', round.rubricId],
    ['rubric_version', round.rubricVersion],
    ['opened_at', round.createdAt],
    ['closes_on', round.closesOn ?? null],
    ['closed_at', round.closedAt ?? null],
    ['respondents', outcome?.respondents ?? 0],
  ];
  if (!outcome) return rows;
  rows.push(
    ['recommendation', outcome.recommendation.code],
    ['recommendation_title', outcome.recommendation.title],
    ['flags', outcome.flags.map((f) => f.id).join(' ')],
    ['flag_labels', flagLabels(outcome.flags)],
    [],
  );
  const groups = outcome.groups;
  const titles = titlesOf(rubric);
  rows.push(['scope', 'id', 'title', 'combined', ...groups.map((g) => `${g.role} (n=${g.respondents})`)]);
  for (const d of rubric.dimensions) {
    const dim = outcome.combined.dimensions[d.id]!;
    rows.push(['dimension', d.id, d.title, dim.score, ...groups.map((g) => (g.shown ? g.dimensions![d.id]! : 'not shown (fewer than the minimum)'))]);
    for (const f of d.facets) {
      rows.push(['facet', `${d.id}.${f.id}`, f.title, dim.facets[f.id]!.score, ...groups.map((g) => (g.shown ? g.facets![f.id]! : 'not shown (fewer than the minimum)'))]);
    }
  }
  rows.push([], ['gap_facet', 'facet_title', 'dimension', 'dimension_title', 'leaders', 'others', 'gap', 'claims']);
  for (const g of outcome.gaps) rows.push([g.facet, titles.facet(g.dimension, g.facet), g.dimension, titles.dimension(g.dimension), g.leaders, g.others, g.gap, g.claims.join(' ')]);
  return rows;
}

export interface RoundJsonInput {
  round: Round;
  state: RoundState;
  organisation: Organisation | undefined;
  progress: InvitationProgress[];
  respondents: Assessment[];
  outcome: RoundOutcome | null;
}

/**
 * A round as the JSON export: anonymised, so the file can leave the consultant's hands.
 * No invitation tokens (they would let the reader answer), and of respondents only
 * their role and dates: no names, no answers.
 */
export function roundJson({ round, state, organisation, progress, respondents, outcome }: RoundJsonInput) {
  return {
    schemaVersion: 1,
    round: { ...round, state, invitations: round.invitations.map(({ token: _t, ...i }) => i) },
    organisation: { id: organisation?.id, name: organisation?.name },
    invitations: progress.map((p) => ({ role: p.invitation.role, kind: p.invitation.kind, label: p.invitation.label ?? null, state: p.state, drafts: p.drafts, submitted: p.submitted })),
    respondents: respondents.map((a) => ({ assessmentId: a.id, role: a.respondent.role ?? 'other', status: a.status, submittedAt: a.submittedAt ?? null })),
    outcome,
  };
}
