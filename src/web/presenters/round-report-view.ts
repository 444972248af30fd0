/**
 * The round's report, the deliverable a consultant hands to the organisation:
 * the combined recommendation and why, the action plan with its dates, the
 * scores by role group where a group is large enough to show, and the leaders'
 * perception gap in plain words. Every facet has one number: the groups, the
 * gap and the combined score are built from the same group means.
 */
import type { Organisation } from '../../core/assessment/assessment.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import type { RoundOutcome } from '../../core/rounds/combine-round.ts';
import type { Evidence } from '../../core/conditions.ts';
import type { Round, RoundState } from '../../core/rounds/round.ts';
import { shareLinkState } from '../../core/sharing/share-link.ts';
import { dueIn, longDate, relative, timestamp } from './dates.ts';
import { barChart } from './score-chart.ts';
import { bandLinesOf } from '../../core/scoring/bands.ts';
import { claimLine, reportLinker } from './report-text.ts';

const BAND_TEXT = { low: 'Low', partial: 'Partial', strong: 'Strong' } as const;

export interface RoundReportArgs {
  round: Round;
  organisation: Organisation;
  state: RoundState;
  outcome: RoundOutcome | null;
  rubric: Rubric;
  now: Date;
  /** Where the PDF of this same view is. */
  pdfUrl: string;
  shared: boolean;
  /** For the consultant only: the share links panel. */
  consultant?: { base: string; csrfToken: string; shareErrors?: Array<{ field: string; message: string }> } | undefined;
}

const flagSource = (rubric: Rubric, outcome: RoundOutcome, f: { id: string; raisedBy: number }) =>
  rubric.perceptionGap?.flag.id === f.id ? 'from the gap between leaders and the others' : `raised by ${f.raisedBy} of ${outcome.respondents} respondents`;

/** "Red flag, high severity: Leaders rate their own readiness far higher …": a flag in words, without its id. */
function because(rubric: Rubric, outcome: RoundOutcome, e: Evidence): string {
  switch (e.kind) {
    case 'flag': {
      const flag = outcome.flags.find((f) => f.id === e.id);
      const by = flag ? flagSource(rubric, outcome, flag) : '';
      return `Red flag, ${e.severity} severity: ${flag?.message ?? e.id} (${[by, e.claims.join(', ')].filter(Boolean).join('; ')}).`;
    }
    case 'dimension':
    case 'facet':
      return `${e.title} scored ${e.score} of 100 combined (${BAND_TEXT[e.band]}).`;
    case 'answer':
      return `Answer: "${e.label}".`;
  }
}

/** The rule's reasons, then what in this round made it apply, in words (no flag ids). */
export const roundRationale = (rubric: Rubric, outcome: RoundOutcome): string[] => {
  // The recommendation's rationale is the rule's sentences that hold for this round, then one sentence per piece of evidence.
  const { rationale, drivenBy } = outcome.recommendation;
  return [...rationale.slice(0, rationale.length - drivenBy.length), ...drivenBy.map((e) => because(rubric, outcome, e))];
};

// Over 60 lines because it is one view model, the template's fields in order; split, the page's shape would be scattered.
export function roundReportView({ round, organisation, state, outcome, rubric, now, pdfUrl, shared, consultant }: RoundReportArgs) {
  const minGroup = rubric.perceptionGap?.minGroupSize ?? 3;
  const head = {
    title: `Round report: ${organisation.name}`,
    organisation: { name: organisation.name },
    round: {
      title: round.title ?? null,
      opened: longDate(round.createdAt),
      open: state === 'open',
      closed: round.closedAt ? longDate(round.closedAt) : round.closesOn && state === 'closed' ? longDate(round.closesOn) : null,
      closesOn: round.closesOn ? longDate(round.closesOn) : null,
      invitedBy: round.invitedBy ?? null,
    },
    rubric: { title: rubric.title, version: rubric.version },
    pdfUrl,
    shared,
    minGroup,
    backUrl: shared ? null : `/consultant/rounds/${round.id}`,
  };
  const share = consultant && {
    csrfToken: consultant.csrfToken,
    action: `/consultant/rounds/${round.id}/share-links`,
    errors: (consultant.shareErrors ?? []).map((e) => ({ ...e, href: `#round-share-${e.field}` })),
    links: (round.shareLinks ?? []).map((l) => {
      const linkState = shareLinkState(l, now);
      return {
        url: `${consultant.base}/s/${l.token}`,
        label: l.label,
        state: linkState,
        active: linkState === 'active',
        created: longDate(l.createdAt),
        expires: `${longDate(l.expiresAt)} (${relative(l.expiresAt, now)})`,
        viewCount: l.views.length,
        lastView: l.views.length ? timestamp(l.views.at(-1)!.at) : null,
        revokeAction: `/consultant/rounds/${round.id}/share-links/${l.token}/revoke`,
      };
    }),
  };
  if (!outcome) return { ...head, result: null, share };

  const shownGroups = outcome.groups.filter((g) => g.shown);
  const rows = rubric.dimensions.flatMap((d) => {
    const dim = outcome.combined.dimensions[d.id]!;
    return [
      { title: dim.title, dimension: true, score: dim.score, band: dim.band, bandText: BAND_TEXT[dim.band], groups: shownGroups.map((g) => g.dimensions![d.id]!) },
      ...d.facets.map((f) => {
        const fs = dim.facets[f.id]!;
        return { title: fs.title, dimension: false, score: fs.score, band: fs.band, bandText: BAND_TEXT[fs.band], groups: shownGroups.map((g) => g.facets![f.id]!) };
      }),
    ];
  });
  const rec = outcome.recommendation;
  // As on a single report: claim ids link to the claims listed at the end, the first mention of a source to its sentence.
  const linker = reportLinker(rubric.claims);
  const lines = bandLinesOf(rubric);
  const recommendation = {
    code: rec.code,
    title: rec.title,
    summary: linker.link(rec.summary),
    rationale: roundRationale(rubric, outcome).map(linker.link),
    speakerModel: { fits: rec.speakerModel.fits, explanation: linker.link(rec.speakerModel.explanation) },
  };
  const flags = outcome.flags.map((f) => ({
    severity: f.severity,
    message: linker.link(f.message),
    claims: linker.link(f.claims.join(', ')),
    source: flagSource(rubric, outcome, f),
  }));
  const actions = rec.actions.map((a) => ({ ...a, title: linker.link(a.title), dueLong: longDate(a.due), dueIn: dueIn(a.due, now), claims: a.claims.length ? linker.link(a.claims.join(', ')) : '' }));
  const claims = rubric.claims.map((c) => {
    const line = claimLine(c);
    return { ...line, sentence: linker.link(line.sentence) };
  });
  return {
    ...head,
    share,
    result: {
      respondents: outcome.respondents,
      groupsCounted: outcome.groups.map((g) => `${g.label} ${g.respondents}`).join(', '),
      overall: { score: outcome.combined.overall, band: outcome.combined.band, bandText: BAND_TEXT[outcome.combined.band] },
      confidence: outcome.combined.confidence,
      chart: barChart(rows.map((r) => ({ label: r.title, score: r.score, band: r.band, indent: !r.dimension })), `Combined scores for ${organisation.name}`, [lines.partial, lines.strong]),
      shownGroups: shownGroups.map((g) => ({ label: g.label, respondents: g.respondents })),
      rows,
      gaps: outcome.gaps.filter((g) => g.gap !== 0).map((g) => ({ sentence: g.sentence, wide: rubric.perceptionGap ? Math.abs(g.gap) > rubric.perceptionGap.threshold : false })),
      anonymityNote: outcome.anonymityNote,
      flags,
      recommendation: {
        ...recommendation,
        actions,
        reassessBy: { long: longDate(rec.reassessBy), ...dueIn(rec.reassessBy, now), iso: rec.reassessBy },
      },
      claims,
      sources: linker.sources(),
    },
  };
}
