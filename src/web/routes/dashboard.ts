/**
 * The consultant's dashboard and re-scoring pages (both behind requireConsultant).
 * No per-row store call: the summaries come from the portfolio cache (one pass per
 * store revision). The rendered dashboard is kept per store revision, day and query
 * (the CSRF token filled in per request), so a request that finds it does no work
 * over the portfolio at all; its relative dates are at most a minute old.
 */
import type { Request, Response } from 'express';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../../core/errors.ts';
import { checkChoices, paginate, parsePortfolioQuery, select } from '../../core/portfolio/filters.ts';
import { portfolioStats } from '../../core/portfolio/portfolio-stats.ts';
import { rescoreChoice } from '../../core/assessment/rescore.ts';
import { dashboardView, QUERY_FIELDS, rubricCatalogue, SECTOR_CODES, type DashboardInput } from '../presenters/dashboard-view.ts';
import { renderHtml, slottedPageCache, TOKEN_SLOT } from '../page-cache.ts';
import { sendPage } from '../slotted-page.ts';
import { rescoreView } from '../presenters/rescore-view.ts';
import { dayOf } from '../../core/dates.ts';

/** The first value of each query parameter, as sent, to re-fill the form. */
function rawQuery(query: Request['query']): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') raw[k] = first;
  }
  return raw;
}

export function dashboardHandlers({ assessments: service, rubrics, now, csrf, portfolio, rounds }: AppDeps) {
  // About 100 kB a page: a few hundred queries at most.
  // Keyed by the store's revision: a write makes every kept page unreachable, and they go at once.
  const pages = slottedPageCache({ maxEntries: 200, maxBytes: 16 * 1024 * 1024, ttlMs: 60_000, generation: () => service.revision(), clock: () => now().getTime() });
  // The rubrics are loaded once, at start: their catalogue (titles, codes, band lines) is made once too.
  const catalogue = rubricCatalogue(rubrics);

  const renderDashboard = async (res: Response, base: Omit<DashboardInput, 'results' | 'rounds'>) => {
    const { query, now: at } = base;
    const { latest } = await portfolio.snapshot();
    const selected = select(latest, query);
    const due = await portfolio.due(dayOf(at));
    // The due lists name organisations' latest results only: their summaries say which are rounds'.
    const roundIds = new Set(latest.filter((s) => s.kind === 'round').map((s) => s.id));
    const isRound = (id: string) => roundIds.has(id);
    const results = { isRound, organisations: latest.length, page: paginate(selected, query), stats: portfolioStats(selected), due };
    return renderHtml(res, 'consultant-dashboard', { ...dashboardView({ ...base, results, rounds: await rounds.all() }), stylesheet: 'dashboard.css' });
  };

  return {
    async showDashboard(req: Request, res: Response) {
      const raw = rawQuery(req.query);
      const { query, errors } = parsePortfolioQuery(raw);
      errors.push(...checkChoices(query, { recommendations: catalogue.recommendationCodes, sectors: SECTOR_CODES }));
      const at = now();
      const base = { query, raw, errors, catalogue, now: at };
      if (errors.length) return void res.status(400).render('consultant-dashboard', { ...dashboardView({ ...base, csrfToken: csrf.tokenFor(req, res) }), stylesheet: 'dashboard.css' });

      // The revision is read before rendering: a page is never older than its key says.
      const key = [service.revision(), dayOf(at), JSON.stringify(QUERY_FIELDS.map((k) => raw[k] ?? null))].join('\n');
      const page = await pages.page(key, at.getTime(), (slot) => renderDashboard(res, { ...base, csrfToken: slot }));
      sendPage(req, res, page, { [TOKEN_SLOT]: csrf.tokenFor(req, res) });
    },

    async showRescore(req: Request, res: Response) {
      const assessment = await service.get(String(req.params.id));
      if (assessment.status !== 'submitted' || !assessment.result) throw new NotFoundError('assessment');
      const asked = typeof req.query.version === 'string' ? req.query.version : undefined;
      const { versions, chosen, result, errors } = rescoreChoice(assessment, rubrics, asked);
      res.status(errors.length ? 400 : 200).render('consultant-rescore', { ...rescoreView({ assessment, versions, chosen, result, errors }), stylesheet: 'dashboard.css' });
    },
  };
}
