/**
 * The consultant's dashboard and re-scoring pages (both behind requireConsultant).
 * One `store.list()` per dashboard request and no per-row store call: the store
 * hands out its frozen records without copying, so 10,000 assessments cost one
 * pass to summarise, one sort and one page of rows to render.
 */
import type { Request, Response } from 'express';
import type { AppDeps } from '../app.ts';
import { NotFoundError, type FieldError } from '../../core/errors.ts';
import type { Action } from '../../core/recommendation/recommend.ts';
import { checkChoices, paginate, parsePortfolioQuery, select } from '../../core/portfolio/filters.ts';
import { latestPerOrganisation, summariseAll } from '../../core/portfolio/summary.ts';
import { portfolioStats } from '../../core/portfolio/portfolio-stats.ts';
import { findDue } from '../../core/portfolio/due.ts';
import { rescore } from '../../core/assessment/rescore.ts';
import { dashboardView, rescoreView, rubricCatalogue, SECTOR_CODES } from '../presenters/dashboard-view.ts';

/** The first value of each query parameter, as sent, to re-fill the form. */
function rawQuery(query: Request['query']): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') raw[k] = first;
  }
  return raw;
}

export function dashboardHandlers({ service, store, rubrics, now, csrf }: AppDeps) {
  return {
    async showDashboard(req: Request, res: Response) {
      const raw = rawQuery(req.query);
      const catalogue = rubricCatalogue(rubrics);
      const { query, errors } = parsePortfolioQuery(raw);
      errors.push(...checkChoices(query, { recommendations: catalogue.recommendationCodes, sectors: SECTOR_CODES }));
      const at = now();
      const base = { query, raw, errors, catalogue, now: at, csrfToken: csrf.tokenFor(req, res) };
      if (errors.length) return void res.status(400).render('consultant-dashboard', { ...dashboardView(base), stylesheet: 'dashboard.css' });

      const all = await store.list();
      const latest = latestPerOrganisation(summariseAll(all));
      const selected = select(latest, query);
      const latestIds = new Set(latest.map((s) => s.id));
      const actions = new Map<string, readonly Action[]>();
      for (const a of all) if (latestIds.has(a.id) && a.result) actions.set(a.id, a.result.recommendation.actions);
      const due = findDue(
        latest.map((s) => ({ id: s.id, organisationId: s.organisationId, organisation: s.organisation, reassessBy: s.reassessBy, actions: actions.get(s.id) ?? [] })),
        at.toISOString().slice(0, 10),
      );
      const results = { organisations: latest.length, page: paginate(selected, query), stats: portfolioStats(selected), due };
      res.render('consultant-dashboard', { ...dashboardView({ ...base, results }), stylesheet: 'dashboard.css' });
    },

    async showRescore(req: Request, res: Response) {
      const assessment = await service.get(String(req.params.id));
      if (assessment.status !== 'submitted' || !assessment.result) throw new NotFoundError('assessment');
      // list() is newest first within an id.
      const versions = rubrics.list().filter((r) => r.id === assessment.rubricId && r.version !== assessment.rubricVersion).map((r) => r.version);
      const requested = typeof req.query.version === 'string' && req.query.version.trim() ? req.query.version.trim() : undefined;
      const newest = rubrics.get(assessment.rubricId);
      const chosen = requested ?? (newest && newest.version !== assessment.rubricVersion ? newest.version : undefined);
      const errors: FieldError[] = [];
      if (requested && !versions.includes(requested)) {
        errors.push({ field: 'version', message: versions.length ? `must be one of ${versions.join(', ')}; got "${requested}"` : `there is no other version of ${assessment.rubricId} to re-score under; got "${requested}"` });
      }
      const target = chosen && !errors.length ? rubrics.get(assessment.rubricId, chosen) : undefined;
      const result = target ? rescore(assessment, rubrics.get(assessment.rubricId, assessment.rubricVersion), target) : null;
      res.status(errors.length ? 400 : 200).render('consultant-rescore', { ...rescoreView({ assessment, versions, chosen: errors.length ? undefined : chosen, result, errors }), stylesheet: 'dashboard.css' });
    },
  };
}
