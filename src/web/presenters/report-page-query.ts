/**
 * The report page's query: it reads what the page shows through the services
 * and builds the whole view model: the report itself, the change since the
 * organisation's previous assessment, and, for a signed-in consultant, share
 * links, benchmarks and re-scoring. A shared (read-only) view gets the report
 * and the change only.
 *
 * Which addresses the page prints is decided here, by reader: the organisation's
 * id, the previous report's address and the next-assessment link only for the
 * consultant; the export links under `/s/<token>/` for a share link's reader.
 */
import type { Request, Response } from 'express';
import type { AppDeps } from '../deps.ts';
import { NotFoundError, type FieldError } from '../../core/errors.ts';
import { compare, previousOf } from '../../core/assessment/compare.ts';
import { summarise } from '../../core/portfolio/summary.ts';
import type { Benchmark } from '../../core/portfolio/benchmarks.ts';
import { shareLinkState } from '../../core/sharing/share-link.ts';
import { ROLE_GROUP_OPTIONS } from '../../core/roles.ts';
import { reportView } from './report-view.ts';
import { changeView } from './change-view.ts';
import { longDate, relative, timestamp } from './dates.ts';
import { exportLinks, sharedAccessOf } from '../shared-access.ts';

/** "1st", "22nd", "43rd", "11th": English ordinals by Intl's plural rules. */
const ORDINAL_RULES = new Intl.PluralRules('en-GB', { type: 'ordinal' });
const ORDINAL_SUFFIX: Partial<Record<Intl.LDMLPluralRule, string>> = { one: 'st', two: 'nd', few: 'rd' };
export const ordinal = (n: number): string => `${n}${ORDINAL_SUFFIX[ORDINAL_RULES.select(n)] ?? 'th'}`;

const benchmarkView = (b: Benchmark | null) =>
  b && { cohort: b.cohort, overall: ordinal(b.overall), dimensions: Object.fromEntries(Object.entries(b.dimensions).map(([id, p]) => [id, ordinal(p)])) };

export interface ReportPageOptions {
  shared?: boolean;
  /** The consultant's forms' CSRF token; a slot when the page is kept (see page-cache.ts). A new token when absent. */
  csrfToken?: string;
  shareErrors?: FieldError[];
  shareInput?: Record<string, unknown>;
}

/**
 * Everything a consultant's report page shows that can change, as a cache key: the
 * store's revision (the report, its history, benchmarks, rounds, links as written),
 * the links' live state (views are shown before they are written, links expire
 * with time) and the public address. Read before the page is made, so that a page
 * is never older than its key. The clock's part (relative dates) is the cache's
 * time to live.
 */
export async function consultantReportKey(deps: AppDeps, id: string): Promise<string> {
  const revision = deps.assessments.revision();
  const at = deps.now();
  const links = (await deps.sharing.list(id)).map((l) => `${l.token} ${shareLinkState(l, at)} ${l.views.length} ${l.views.at(-1)?.at ?? ''}`);
  return [id, revision, deps.publicUrl(), ...links].join('\n');
}

export async function loadReportPage(deps: AppDeps, req: Request, res: Response, id: string, opts: ReportPageOptions = {}) {
  const { assessments: service, sharing, rubrics, now, csrf } = deps;
  const assessment = await service.get(id);
  // A round's single response has no report: it exists only in the round's combined result.
  if (assessment.status !== 'submitted' || assessment.roundId) throw new NotFoundError('assessment');
  const rubric = service.rubricFor({ id: assessment.rubricId, version: assessment.rubricVersion });
  const at = now();
  const view = reportView(assessment, rubric, at);
  const previous = previousOf(assessment, await service.history(assessment.organisationId));
  const change = previous ? compare(assessment, previous) : undefined;
  const shared = opts.shared === true || sharedAccessOf(res) !== undefined;
  const consultant = res.locals.consultant === true && !shared;

  let consultantView = null;
  if (consultant) {
    const links = await sharing.list(id);
    const summary = summarise(assessment)!;
    const latest = rubrics.get(assessment.rubricId);
    consultantView = {
      csrfToken: opts.csrfToken ?? csrf.tokenFor(req, res),
      shareAction: `/assessments/${id}/share-links`,
      benchmark: benchmarkView((await deps.portfolio.snapshot()).benchmark(summary)),
      rescoreUrl: latest && latest.version !== assessment.rubricVersion ? `/consultant/assessments/${id}/rescore` : null,
      latestVersion: latest?.version,
      shareErrors: (opts.shareErrors ?? []).map((e) => ({ ...e, href: `#share-${e.field}` })),
      shareInput: { label: typeof opts.shareInput?.label === 'string' ? opts.shareInput.label : '', days: typeof opts.shareInput?.days === 'string' ? opts.shareInput.days : '30' },
      links: links.map((l) => {
        const state = shareLinkState(l, at);
        return {
          token: l.token,
          url: `${deps.publicUrl()}/s/${l.token}`,
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
      roleChoices: ROLE_GROUP_OPTIONS,
      rounds: (await deps.rounds.roundsOf(assessment.organisationId)).map((r) => ({
        url: `/consultant/rounds/${r.id}`,
        label: `${r.title ?? 'Round'} opened ${longDate(r.createdAt)} (${deps.rounds.state(r)})`,
      })),
    };
  }

  return {
    ...view,
    shared,
    // The report's own address is its reader's key: printed only for the reader who opened it by that address, and not in print.
    address: shared ? null : `${deps.publicUrl()}/assessments/${id}`,
    script: shared ? undefined : 'copy-link.js',
    exports: exportLinks(res, id),
    change: change ? changeView(change, rubric, at, consultant) : null,
    consultant: consultantView,
  };
}
