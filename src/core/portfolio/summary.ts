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

/**
 * One copy of each word that many summaries repeat (a rubric's id and version,
 * bands, codes, flag ids, a plan's action titles and owners, due days): a
 * string parsed from JSON is a new copy every time, and at 10,000 assessments the
 * copies were a sixth of the heap. Bounded, so that ids and names, which never
 * repeat, cannot make it grow without end; they are not passed to it.
 */
const words = new Map<string, string>();
const MAX_WORDS = 20_000;
export function shared<T extends string | null | undefined>(word: T): T {
  if (typeof word !== 'string') return word;
  const known = words.get(word);
  if (known !== undefined) return known as T;
  if (words.size < MAX_WORDS) words.set(word, word);
  return word;
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
    sector: shared(a.organisation.sector ?? null),
    size: shared(a.organisation.size ?? null),
    rubricId: shared(a.rubricId),
    rubricVersion: shared(a.rubricVersion),
    submittedAt: a.submittedAt,
    overall: r.overall,
    band: shared(r.band),
    confidence: r.confidence,
    dimensions: Object.fromEntries(Object.values(r.dimensions).map((d) => [d.id, { score: d.score, band: shared(d.band) }])),
    recommendation: shared(r.recommendation.code),
    reassessBy: shared(r.recommendation.reassessBy),
    flags: r.flags.map((f) => shared(f.id)),
    ...(isRoundResult(a) ? { kind: 'round' as const, respondents: a.round.respondents, roundState: a.round.state } : { kind: 'assessment' as const, respondents: 1 }),
  };
}

/** A summary with its plan's actions (what is due reads them), for listings that hold no full record. */
export function summaryWithActions(a: Assessment): (AssessmentSummary & { actions: Array<Pick<Action, 'title' | 'owner' | 'due'>> }) | null {
  const summary = summarise(a);
  return summary && a.result ? { ...summary, actions: a.result.recommendation.actions.map(({ title, owner, due }) => ({ title: shared(title), owner: shared(owner), due: shared(due) })) } : null;
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
