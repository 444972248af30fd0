/**
 * Derived portfolio data (summaries, each organisation's latest, what is due),
 * computed once per store revision instead of once per request: the dashboard
 * and the consultant's report stay flat in cost as assessments accumulate.
 */
import type { AssessmentStore } from '../core/assessment/assessment-store.ts';
import type { Action } from '../core/recommendation/recommend.ts';
import { latestPerOrganisation, summariseAll, type AssessmentSummary } from '../core/portfolio/summary.ts';
import { findDue } from '../core/portfolio/due.ts';

export interface PortfolioSnapshot {
  summaries: AssessmentSummary[];
  latest: AssessmentSummary[];
  dueInputs: Array<{ id: string; organisationId: string; organisation: string; reassessBy: string; actions: readonly Action[] }>;
}

export function portfolioCache(store: Pick<AssessmentStore, 'list' | 'revision'>) {
  let cached: { revision: number; snapshot: PortfolioSnapshot } | undefined;
  let due: { revision: number; today: string; value: ReturnType<typeof findDue> } | undefined;

  const snapshot = async (): Promise<PortfolioSnapshot> => {
    const revision = store.revision();
    if (cached?.revision === revision) return cached.snapshot;
    const all = await store.list();
    const summaries = summariseAll(all);
    const latest = latestPerOrganisation(summaries);
    const latestIds = new Set(latest.map((s) => s.id));
    const actions = new Map<string, readonly Action[]>();
    for (const a of all) if (latestIds.has(a.id) && a.result) actions.set(a.id, a.result.recommendation.actions);
    const dueInputs = latest.map((s) => ({ id: s.id, organisationId: s.organisationId, organisation: s.organisation, reassessBy: s.reassessBy, actions: actions.get(s.id) ?? [] }));
    // Only keep the result if nothing was written while it was computed.
    const value = { summaries, latest, dueInputs };
    if (store.revision() === revision) cached = { revision, snapshot: value };
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
