/**
 * The consultant's dashboard and re-scoring pages (both behind requireConsultant).
 * No per-row store call: the summaries come from the portfolio cache (one pass per
 * store revision), so a request costs one filter, one sort and one page of rows.
 */
import type { Request, Response } from 'express';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../../core/errors.ts';
import { checkChoices, paginate, parsePortfolioQuery, select } from '../../core/portfolio/filters.ts';
import { portfolioStats } from '../../core/portfolio/portfolio-stats.ts';
import { rescoreChoice } from '../../core/assessment/rescore.ts';
import { dashboardView, rubricCatalogue, SECTOR_CODES } from '../presenters/dashboard-view.ts';
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
  return {
    async showDashboard(req: Request, res: Response) {
      const raw = rawQuery(req.query);
      const catalogue = rubricCatalogue(rubrics);
      const { query, errors } = parsePortfolioQuery(raw);
      errors.push(...checkChoices(query, { recommendations: catalogue.recommendationCodes, sectors: SECTOR_CODES }));
      const at = now();
      const base = { query, raw, errors, catalogue, now: at, csrfToken: csrf.tokenFor(req, res) };
      if (errors.length) return void res.status(400).render('consultant-dashboard', { ...dashboardView(base), stylesheet: 'dashboard.css' });

      const { latest, rounds: roundResults } = await portfolio.snapshot();
      const selected = select(latest, query);
      const due = await portfolio.due(dayOf(at));
      const isRound = (id: string) => roundResults.has(id);
      const results = { isRound, organisations: latest.length, page: paginate(selected, query), stats: portfolioStats(selected), due };
      res.render('consultant-dashboard', { ...dashboardView({ ...base, results, rounds: await rounds.all() }), stylesheet: 'dashboard.css' });
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
