/**
 * Derived portfolio data (summaries, each organisation's latest, what is due),
 * computed once per store revision instead of once per request: the dashboard
 * and the consultant's report stay flat in cost as assessments accumulate.
 */
import type { AssessmentStore, StoredSummary } from '../core/ports.ts';
import type { Deliverable } from '../core/portfolio/deliverables.ts';
import { latestPerOrganisation, summaryWithActions, type AssessmentSummary } from '../core/portfolio/summary.ts';
import { findDue } from '../core/portfolio/due.ts';
import { benchmarkIndex, type Benchmark } from '../core/portfolio/benchmarks.ts';

export interface PortfolioSnapshot {
  /** Every deliverable result: single assessments and rounds' combined results (never a round's single response). */
  summaries: AssessmentSummary[];
  /** Each organisation's latest deliverable result: what the dashboard lists. */
  latest: StoredSummary[];
  /**
   * The rounds' combined results, by round id: computed, never stored, so an
   * export takes them from here; single assessments are read from the store.
   */
  rounds: Map<string, Deliverable>;
  dueInputs: StoredSummary[];
  /** Where one assessment stands among `summaries`: the cohorts sorted once per revision, each lookup a binary search. */
  benchmark: (target: AssessmentSummary) => Benchmark | null;
}

/** `roundResults` gives every round's combined result; `today` dates rounds that close by date. */
export function portfolioCache(store: Pick<AssessmentStore, 'summaries' | 'revision'>, roundResults: () => Promise<Deliverable[]>, today: () => string) {
  let cached: { revision: number; today: string; snapshot: PortfolioSnapshot } | undefined;
  let due: { revision: number; today: string; value: ReturnType<typeof findDue> } | undefined;

  const snapshot = async (): Promise<PortfolioSnapshot> => {
    const revision = store.revision();
    const day = today();
    if (cached?.revision === revision && cached.today === day) return cached.snapshot;
    const rounds = await roundResults();
    // The store's summaries carry their plan's actions (for what is due), read without the full records.
    const summaries: StoredSummary[] = [...(await store.summaries()), ...rounds.flatMap((d) => summaryWithActions(d) ?? [])];
    const latest = latestPerOrganisation(summaries);
    // Only keep the result if nothing was written while it was computed.
    const value = { summaries, latest, rounds: new Map(rounds.map((r) => [r.id, r])), dueInputs: latest, benchmark: benchmarkIndex(summaries) };
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
