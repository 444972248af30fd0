/**
 * Derived portfolio data (summaries, each organisation's latest, what is due),
 * computed once per store revision instead of once per request: the dashboard
 * and the consultant's report stay flat in cost as assessments accumulate.
 */
import type { AssessmentStore } from '../core/ports.ts';
import { deliverablesOf, type Deliverable } from '../core/portfolio/deliverables.ts';
import type { Action } from '../core/recommendation/recommend.ts';
import { latestPerOrganisation, summariseAll, type AssessmentSummary } from '../core/portfolio/summary.ts';
import { findDue } from '../core/portfolio/due.ts';
import { benchmarkIndex, type Benchmark } from '../core/portfolio/benchmarks.ts';

export interface PortfolioSnapshot {
  /** Every deliverable result: single assessments and rounds' combined results (never a round's single response). */
  summaries: AssessmentSummary[];
  /** Each organisation's latest deliverable result: what the dashboard lists. */
  latest: AssessmentSummary[];
  /** The records behind `summaries`, by id, for exports. */
  records: Map<string, Deliverable>;
  dueInputs: Array<{ id: string; kind: AssessmentSummary['kind']; organisationId: string; organisation: string; reassessBy: string; actions: readonly Action[] }>;
  /** Where one assessment stands among `summaries`: the cohorts sorted once per revision, each lookup a binary search. */
  benchmark: (target: AssessmentSummary) => Benchmark | null;
}

/** `roundResults` gives every round's combined result; `today` dates rounds that close by date. */
export function portfolioCache(store: Pick<AssessmentStore, 'list' | 'revision'>, roundResults: () => Promise<Deliverable[]>, today: () => string) {
  let cached: { revision: number; today: string; snapshot: PortfolioSnapshot } | undefined;
  let due: { revision: number; today: string; value: ReturnType<typeof findDue> } | undefined;

  const snapshot = async (): Promise<PortfolioSnapshot> => {
    const revision = store.revision();
    const day = today();
    if (cached?.revision === revision && cached.today === day) return cached.snapshot;
    const all = deliverablesOf(await store.list(), await roundResults());
    const summaries = summariseAll(all);
    const latest = latestPerOrganisation(summaries);
    const latestIds = new Set(latest.map((s) => s.id));
    const records = new Map(all.map((a) => [a.id, a]));
    const actions = new Map<string, readonly Action[]>();
    for (const a of all) if (latestIds.has(a.id) && a.result) actions.set(a.id, a.result.recommendation.actions);
    const dueInputs = latest.map((s) => ({ id: s.id, kind: s.kind, organisationId: s.organisationId, organisation: s.organisation, reassessBy: s.reassessBy, actions: actions.get(s.id) ?? [] }));
    // Only keep the result if nothing was written while it was computed.
    const value = { summaries, latest, records, dueInputs, benchmark: benchmarkIndex(summaries) };
    if (store.revision() === revision) cached = { revision, today: day, snapshot: value };
    return value;
  };

  return {
    snapshot,
    async due(today: string) {
      const revision = store.revision();
      if (due?.revision === revision && due.today === today) return due.value;
      const value = findDue((await snapshot()).dueInputs, today);
      due = { revision, today, value };
      return value;
    },
  };
}

export type PortfolioCache = ReturnType<typeof portfolioCache>;
