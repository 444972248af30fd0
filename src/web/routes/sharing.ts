/**
 * Share links: the consultant makes, lists and revokes them; anyone with one
 * reads the report and its exports under `/s/<token>/` (see shared-access.ts).
 */
import type { NextFunction, Request, Response } from 'express';
import type { ShareLinkState } from '../../core/sharing/share-link.ts';
import { ValidationError } from '../../core/errors.ts';
import type { AppDeps } from '../deps.ts';
import { loadReportPage } from '../presenters/report-page-query.ts';

export function sharingHandlers(deps: AppDeps) {
  const { assessments: service, sharing } = deps;
  const backToReport = (res: Response, id: string) => res.redirect(303, `/assessments/${id}#share-links`);
  const gone = (res: Response, state: Exclude<ShareLinkState, 'active'>) => {
    const when = state === 'revoked' ? 'was revoked' : 'has expired';
    res.status(410).render('error', { title: 'This link no longer works', status: 410, message: `This share link ${when}. Ask the person who sent it for a new one.` });
  };
  /** From here on the request reads the link's report as a reader of the link, never as the consultant. */
  const actAsReader = (res: Response, token: string, assessmentId: string) => {
    res.locals.sharedAccess = { token, assessmentId };
    res.locals.consultant = false;
    res.set('Referrer-Policy', 'no-referrer');
  };

  return {
    async createLink(req: Request, res: Response) {
      const id = String(req.params.id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      try {
        await sharing.create(id, { label: typeof body.label === 'string' ? body.label : undefined, days: typeof body.days === 'string' ? body.days : undefined });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const page = await loadReportPage(deps, req, res, id, { shareErrors: err.details, shareInput: body });
        return res.status(422).render('report', page);
      }
      backToReport(res, id);
    },

    async revokeLink(req: Request, res: Response) {
      await sharing.revoke(String(req.params.id), String(req.params.token));
      backToReport(res, String(req.params.id));
    },

    async listLinksJson(req: Request, res: Response) {
      await service.get(String(req.params.id));
      res.json(await sharing.list(String(req.params.id)));
    },

    async showShared(req: Request, res: Response) {
      const token = String(req.params.token);
      const { state, link } = await sharing.open(token);
      if (state !== 'active') return gone(res, state);
      actAsReader(res, token, link.assessmentId);
      res.render('report', await loadReportPage(deps, req, res, link.assessmentId, { shared: true }));
    },

    /** Guards `/s/<token>/export.*`: the link is checked on every download (a download is not counted as a view). */
    async requireActiveLink(req: Request, res: Response, next: NextFunction) {
      const token = String(req.params.token);
      const { state, link } = await sharing.check(token);
      if (state !== 'active') return gone(res, state);
      actAsReader(res, token, link.assessmentId);
      next();
    },
  };
}
