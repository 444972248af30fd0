/**
 * How a round's answers are combined, and where the role groups disagree.
 *
 * - Each respondent is scored alone, as in a single assessment.
 * - A role group's facet score is the mean of its respondents' facet scores.
 * - The round's facet score is the weighted mean of the groups' facet scores
 *   (weights per role from the rubric's `perceptionGap.roleWeights`, default 1),
 *   so one loud group does not outweigh the others by numbers alone.
 * - Dimensions and overall are built from those facets with the rubric's
 *   weights, as for one assessment. Confidence is the respondents' mean.
 * - A rubric flag counts for the round when at least half the respondents raise it.
 * - Anonymity: a group with fewer than `minGroupSize` respondents is never shown
 *   on its own (it still counts in the combined scores), and no gap involving it
 *   is called out.
 * - The perception gap: on each leadership facet, the leaders' group score minus
 *   the weighted mean of the other groups' scores (the same group means as everywhere else); above the threshold it raises the rubric's gap flag,
 *   which the decision table then sees like any other flag.
 */
import type { Band, Rubric } from '../rubric/schema.ts';
import type { StoredResult } from '../evaluate.ts';
import { bandLinesOf, bandOf } from '../scoring/bands.ts';
import { weightedMean, type DimensionScore, type FacetScore, type Scores } from '../scoring/score.ts';
import type { RaisedFlag } from '../flags.ts';
import { recommend, type Recommendation } from '../recommendation/recommend.ts';
import { ROLE_GROUP_LABELS, ROLES, type Role } from '../roles.ts';

export interface RespondentResult {
  role: Role;
  /** As stored: a compact result holds everything combining reads. */
  result: StoredResult;
}

export interface GroupView {
  role: Role;
  label: string;
  respondents: number;
  /** False when the group is too small to show without exposing someone. */
  shown: boolean;
  overall?: number;
  facets?: Record<string, number>;
  dimensions?: Record<string, number>;
}

export interface Spread {
  id: string;
  kind: 'dimension' | 'facet';
  title: string;
  dimension: string;
  groups: Array<{ role: Role; label: string; score: number }>;
  min: number;
  max: number;
  spread: number;
}

export interface Gap {
  facet: string;
  title: string;
  dimension: string;
  leaders: number;
  others: number;
  gap: number;
  claims: string[];
  sentence: string;
}

export interface RoundFlag extends RaisedFlag {
  raisedBy: number;
}

export interface RoundOutcome {
  respondents: number;
  groups: GroupView[];
  combined: Scores;
  spreads: Spread[];
  gaps: Gap[];
  flags: RoundFlag[];
  recommendation: Recommendation;
  anonymityNote: string | null;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function facetScoresOf(r: StoredResult): Record<string, number> {
  return Object.fromEntries(Object.values(r.dimensions).flatMap((d) => Object.values(d.facets).map((f) => [f.id, f.score])));
}

// Over 60 lines because it is one computation in steps (weights, groups, combined scores, gaps) sharing its intermediate values.
export function combineRound(rubric: Rubric, respondents: RespondentResult[], decidedOn: string): RoundOutcome | null {
  if (respondents.length === 0) return null;
  const rule = rubric.perceptionGap;
  const lines = bandLinesOf(rubric);
  const minGroup = rule?.minGroupSize ?? 3;
  const roleWeight = (role: Role) => rule?.roleWeights[role] ?? 1;
  const facets = rubric.dimensions.flatMap((d) => d.facets.map((f) => ({ ...f, dimension: d.id })));

  const byRole = new Map<Role, Array<Record<string, number>>>();
  for (const r of respondents) byRole.set(r.role, [...(byRole.get(r.role) ?? []), facetScoresOf(r.result)]);
  const groupFacet = (role: Role, facet: string) => mean(byRole.get(role)!.map((s) => s[facet] ?? 0));
  const present = ROLES.filter((role) => byRole.has(role) && roleWeight(role) > 0);

  // Combined scores, in the same shape as one assessment's.
  const dimensions: Record<string, DimensionScore> = {};
  for (const d of rubric.dimensions) {
    const fs: Record<string, FacetScore> = {};
    for (const f of d.facets) {
      const score = Math.round(weightedMean(present.map((role) => ({ value: groupFacet(role, f.id), weight: roleWeight(role) }))));
      fs[f.id] = { id: f.id, title: f.title, weight: f.weight, score, band: bandOf(score, lines), contributions: [] };
    }
    const score = Math.round(weightedMean(Object.values(fs).map((f) => ({ value: f.score, weight: f.weight }))));
    dimensions[d.id] = { id: d.id, title: d.title, weight: d.weight, score, band: bandOf(score, lines), facets: fs };
  }
  const overall = Math.round(weightedMean(Object.values(dimensions).map((d) => ({ value: d.score, weight: d.weight }))));
  const combined: Scores = { overall, band: bandOf(overall, lines), confidence: Math.round(mean(respondents.map((r) => r.result.confidence))), dimensions };

  // Groups, shown only when large enough.
  const groups: GroupView[] = ROLES.filter((role) => byRole.has(role)).map((role) => {
    const n = byRole.get(role)!.length;
    const shown = n >= minGroup;
    if (!shown) return { role, label: ROLE_GROUP_LABELS[role], respondents: n, shown };
    const facetScores = Object.fromEntries(facets.map((f) => [f.id, Math.round(groupFacet(role, f.id))]));
    const dims = Object.fromEntries(rubric.dimensions.map((d) => [d.id, Math.round(weightedMean(d.facets.map((f) => ({ value: facetScores[f.id]!, weight: f.weight }))))]));
    return { role, label: ROLE_GROUP_LABELS[role], respondents: n, shown, facets: facetScores, dimensions: dims, overall: Math.round(weightedMean(rubric.dimensions.map((d) => ({ value: dims[d.id]!, weight: d.weight })))) };
  });
  const visible = groups.filter((g) => g.shown);

  const spreads: Spread[] = visible.length < 2 ? [] : [
    ...rubric.dimensions.map((d) => ({ id: d.id, kind: 'dimension' as const, title: d.title, dimension: d.id, scores: visible.map((g) => ({ role: g.role, label: g.label, score: g.dimensions![d.id]! })) })),
    ...facets.map((f) => ({ id: f.id, kind: 'facet' as const, title: f.title, dimension: f.dimension, scores: visible.map((g) => ({ role: g.role, label: g.label, score: g.facets![f.id]! })) })),
  ].map(({ scores, ...rest }) => {
    const values = scores.map((s) => s.score);
    return { ...rest, groups: scores, min: Math.min(...values), max: Math.max(...values), spread: Math.max(...values) - Math.min(...values) };
  });

  // Leaders against everyone else, where both sides are large enough to show. Both
  // sides are group means, weighted as in the combined score, so the gap, the
  // groups and the spread give one number per facet.
  const leaders = byRole.get('leadership') ?? [];
  const otherRoles = present.filter((role) => role !== 'leadership');
  const othersCount = otherRoles.reduce((n, role) => n + byRole.get(role)!.length, 0);
  const gaps: Gap[] = [];
  if (leaders.length >= minGroup && othersCount >= minGroup) {
    for (const f of facets) {
      const l = Math.round(groupFacet('leadership', f.id));
      const o = Math.round(weightedMean(otherRoles.map((role) => ({ value: groupFacet(role, f.id), weight: roleWeight(role) }))));
      const claims = [...new Set(rubric.questions.filter((q) => q.facet === f.id).flatMap((q) => q.claims))].sort(byClaim);
      gaps.push({ facet: f.id, title: f.title, dimension: f.dimension, leaders: l, others: o, gap: l - o, claims, sentence: `Leaders rate their ${f.title.toLowerCase()} ${l}; the others rate it ${o} (${claims.join(', ')}).` });
    }
    gaps.sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap) || a.facet.localeCompare(b.facet));
  }

  const flags = roundFlags(respondents);
  const gapDimension = rule?.dimension ?? 'leadership';
  const gapFlag = rule && gaps.find((g) => g.dimension === gapDimension && g.gap > rule.threshold);
  if (rule && gapFlag) {
    flags.unshift({
      id: rule.flag.id,
      severity: rule.flag.severity,
      message: rule.flag.message,
      claims: rule.flag.claims,
      dimensions: [gapDimension],
      evidence: [{ kind: 'facet', id: gapFlag.facet, title: gapFlag.title, dimension: gapFlag.dimension, score: gapFlag.leaders, band: bandOf(gapFlag.leaders, lines) as Band }],
      raisedBy: leaders.length,
    });
  }

  const hidden = groups.filter((g) => !g.shown);
  return {
    respondents: respondents.length,
    groups,
    combined,
    spreads,
    gaps,
    flags,
    // Rules that test single answers have no meaning for a round; only scores and flags decide.
    recommendation: recommend(rubric, {}, combined, flags, decidedOn),
    anonymityNote: hidden.length
      ? `${hidden.map((g) => g.label).join(', ')}: fewer than ${minGroup} respondents, so ${hidden.length === 1 ? 'this group is' : 'these groups are'} not shown on ${hidden.length === 1 ? 'its' : 'their'} own (their answers still count in the combined scores).`
      : null,
  };
}

function roundFlags(respondents: RespondentResult[]): RoundFlag[] {
  const counts = new Map<string, { flag: RespondentResult['result']['flags'][number]; n: number }>();
  for (const r of respondents) for (const f of r.result.flags) counts.set(f.id, { flag: f, n: (counts.get(f.id)?.n ?? 0) + 1 });
  return [...counts.values()]
    .filter((c) => c.n * 2 >= respondents.length)
    .map((c) => ({ ...c.flag, evidence: [], raisedBy: c.n }))
    .sort((a, b) => ['high', 'medium', 'low'].indexOf(a.severity) - ['high', 'medium', 'low'].indexOf(b.severity) || a.id.localeCompare(b.id));
}

const byClaim = (a: string, b: string) => (a[0] === b[0] ? Number(a.slice(1)) - Number(b.slice(1)) : a.localeCompare(b));
