/** One submitted assessment reduced to what listings, filters and bulk exports need. */
import type { Assessment } from '../assessment/assessment.ts';
import type { Band } from '../rubric/schema.ts';
import type { RoundState } from '../rounds/round.ts';
import { isRoundResult } from './deliverables.ts';
import type { Action } from '../recommendation/recommend.ts';

export interface AssessmentSummary {
  id: string;
  organisationId: string;
  organisation: string;
  sector: string | null;
  size: string | null;
  rubricId: string;
  rubricVersion: string;
  submittedAt: string;
  overall: number;
  band: Band;
  confidence: number;
  dimensions: Record<string, { score: number; band: Band }>;
  recommendation: string;
  reassessBy: string;
  flags: string[];
  /** A single assessment, or a round's combined result. */
  kind: 'assessment' | 'round';
  /** How many people's answers the result stands for. */
  respondents: number;
  /** For a round's result: whether answers may still change it. */
  roundState?: RoundState | undefined;
}

/** Stored records are immutable (replaced, never changed), so a summary is made once per record. */
const memo = new WeakMap<Assessment, AssessmentSummary | null>();

export function summarise(a: Assessment): AssessmentSummary | null {
  const known = memo.get(a);
  if (known !== undefined) return known;
  const made = makeSummary(a);
  if (Object.isFrozen(a)) memo.set(a, made);
  return made;
}

function makeSummary(a: Assessment): AssessmentSummary | null {
  const r = a.result;
  if (a.status !== 'submitted' || !r || !a.submittedAt) return null;
  return {
    id: a.id,
    organisationId: a.organisationId,
    organisation: a.organisation.name,
    sector: a.organisation.sector ?? null,
    size: a.organisation.size ?? null,
    rubricId: a.rubricId,
    rubricVersion: a.rubricVersion,
    submittedAt: a.submittedAt,
    overall: r.overall,
    band: r.band,
    confidence: r.confidence,
    dimensions: Object.fromEntries(Object.values(r.dimensions).map((d) => [d.id, { score: d.score, band: d.band }])),
    recommendation: r.recommendation.code,
    reassessBy: r.recommendation.reassessBy,
    flags: r.flags.map((f) => f.id),
    ...(isRoundResult(a) ? { kind: 'round' as const, respondents: a.round.respondents, roundState: a.round.state } : { kind: 'assessment' as const, respondents: 1 }),
  };
}

/** A summary with its plan's actions (what is due reads them), for listings that hold no full record. */
export function summaryWithActions(a: Assessment): (AssessmentSummary & { actions: Array<Pick<Action, 'title' | 'owner' | 'due'>> }) | null {
  const summary = summarise(a);
  return summary && a.result ? { ...summary, actions: a.result.recommendation.actions.map(({ title, owner, due }) => ({ title, owner, due })) } : null;
}

/** Every submitted assessment, summarised. */
export function summariseAll(assessments: Iterable<Assessment>): AssessmentSummary[] {
  const out: AssessmentSummary[] = [];
  for (const a of assessments) {
    const s = summarise(a);
    if (s) out.push(s);
  }
  return out;
}

/** Each organisation's latest deliverable result. */
export function latestPerOrganisation<S extends AssessmentSummary>(summaries: S[]): S[] {
  const latest = new Map<string, S>();
  for (const s of summaries) {
    const seen = latest.get(s.organisationId);
    // At the same moment, a round's combined result stands for more people than one assessment.
    if (!seen || s.submittedAt > seen.submittedAt || (s.submittedAt === seen.submittedAt && s.kind === 'round' && seen.kind !== 'round')) latest.set(s.organisationId, s);
  }
  return [...latest.values()];
}
