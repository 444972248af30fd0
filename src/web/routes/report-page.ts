/**
 * The report page's whole view: the report itself, the change since the
 * organisation's previous assessment, and, for a signed-in consultant, share
 * links, benchmarks and re-scoring. A shared (read-only) view gets the report
 * and the change only.
 */
import type { Request, Response } from 'express';
import type { AppDeps } from '../app.ts';
import { NotFoundError, type FieldError } from '../../core/errors.ts';
import { compare, previousOf } from '../../core/assessment/compare.ts';
import { benchmark } from '../../core/portfolio/benchmarks.ts';
import { summarise } from '../../core/portfolio/summary.ts';
import { shareLinkState } from '../../core/sharing/share-link.ts';
import { ROLE_GROUPS, ROLE_GROUP_LABELS } from '../../core/rounds/round.ts';
import { reportView } from '../presenters/report-view.ts';
import { changeView } from '../presenters/change-view.ts';
import { longDate, relative, timestamp } from '../presenters/dates.ts';

export interface ReportPageOptions {
  shared?: boolean;
  shareErrors?: FieldError[];
  shareInput?: Record<string, unknown>;
}

export async function reportPage(deps: AppDeps, req: Request, res: Response, id: string, opts: ReportPageOptions = {}) {
  const { service, store, rubrics, now, csrf } = deps;
  const assessment = await service.get(id);
  // A round's single response has no report: it exists only in the round's combined result.
  if (assessment.status !== 'submitted' || assessment.roundId) throw new NotFoundError('assessment');
  const rubric = service.rubricFor({ id: assessment.rubricId, version: assessment.rubricVersion });
  const at = now();
  const view = reportView(assessment, rubric, at);
  const previous = previousOf(assessment, await store.assessmentsOf(assessment.organisationId));
  const change = previous ? compare(assessment, previous) : undefined;
  const consultant = res.locals.consultant === true && !opts.shared;

  let consultantView = null;
  if (consultant) {
    const links = await store.shareLinksOf(id);
    const summary = summarise(assessment)!;
    const latest = rubrics.get(assessment.rubricId);
    const base = `${req.protocol}://${req.get('host')}`;
    consultantView = {
      csrfToken: csrf.tokenFor(req, res),
      benchmark: benchmark(summary, (await deps.portfolio.snapshot()).summaries),
      rescoreUrl: latest && latest.version !== assessment.rubricVersion ? `/consultant/assessments/${id}/rescore` : null,
      latestVersion: latest?.version,
      shareErrors: (opts.shareErrors ?? []).map((e) => ({ ...e, href: `#share-${e.field}` })),
      shareInput: { label: typeof opts.shareInput?.label === 'string' ? opts.shareInput.label : '', days: typeof opts.shareInput?.days === 'string' ? opts.shareInput.days : '30' },
      links: links.map((l) => {
        const state = shareLinkState(l, at);
        return {
          token: l.token,
          url: `${base}/s/${l.token}`,
          label: l.label,
          state,
          active: state === 'active',
          created: longDate(l.createdAt),
          expires: `${longDate(l.expiresAt)} (${relative(l.expiresAt, at)})`,
          viewCount: l.views.length,
          views: l.views.slice(-10).reverse().map((v) => timestamp(v.at)),
          revokeAction: `/assessments/${id}/share-links/${l.token}/revoke`,
        };
      }),
      newOrgAssessmentUrl: `/assessments/new?organisation=${assessment.organisationId}`,
      openRoundAction: `/consultant/organisations/${assessment.organisationId}/rounds`,
      roleChoices: ROLE_GROUPS.map((value) => ({ value, label: ROLE_GROUP_LABELS[value] })),
      rounds: (await store.roundsOf(assessment.organisationId)).map((r) => ({
        url: `/consultant/rounds/${r.id}`,
        label: `${r.title ?? 'Round'} opened ${longDate(r.createdAt)} (${deps.rounds.state(r)})`,
      })),
    };
  }

  return {
    ...view,
    shared: opts.shared === true,
    change: change ? changeView(change, rubric, at) : null,
    consultant: consultantView,
    nextAssessmentUrl: opts.shared ? null : `/assessments/new?organisation=${assessment.organisationId}`,
  };
}
