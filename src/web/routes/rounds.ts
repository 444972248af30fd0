/**
 * Rounds' pages: the consultant opens one and invites role groups; respondents
 * answer through their links. The JSON API and the exports are in rounds-api.ts.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps.ts';
import { continueAt, invitationClosed } from '../invitation-pages.ts';
import { text } from '../form-fields.ts';
import { ConflictError, ValidationError, type FieldError } from '../../core/errors.ts';
import { roundView } from '../presenters/round-view.ts';
import { exportFileName } from '../../core/export/assessment-export.ts';
import { dayOf } from '../../core/dates.ts';
import { roundReportView } from '../presenters/round-report-view.ts';
import { sendPdf } from './exports.ts';
import type { Round } from '../../core/rounds/round.ts';

const field = (body: Record<string, unknown>, name: string): string | undefined => text(body, name) || undefined;
const list = (body: Record<string, unknown>, name: string): string[] => {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

// Over 60 lines because it is a factory: one closure over deps returning short handlers.
export function roundHandlers(deps: AppDeps) {
  const { assessments, rubrics, now, csrf, rounds } = deps;

  const renderRound = async (req: Request, res: Response, roundId: string, status = 200, errors: FieldError[] = []) => {
    const round = await rounds.get(roundId);
    const organisation = await assessments.organisation(round.organisationId);
    const base = deps.publicUrl();
    res.status(status).render('consultant-round', roundView({
      round,
      organisation: organisation!,
      state: rounds.state(round),
      progress: await rounds.progress(round),
      outcome: await rounds.outcome(round),
      rubric: rubrics.get(round.rubricId, round.rubricVersion)!,
      base,
      csrfToken: csrf.tokenFor(req, res),
      errors,
      now: now(),
    }));
  };

  /** The round's report as its reader sees it: the consultant with the share panel, a link's holder read-only. */
  const reportLocals = async (req: Request, res: Response, round: Round, how: { shared?: string; shareErrors?: FieldError[] }) => {
    const organisation = (await assessments.organisation(round.organisationId))!;
    const rubric = rubrics.get(round.rubricId, round.rubricVersion)!;
    return roundReportView({
      round,
      organisation,
      state: rounds.state(round),
      outcome: await rounds.outcome(round),
      rubric,
      now: now(),
      pdfUrl: how.shared ? `/s/${how.shared}/report.pdf` : `/consultant/rounds/${round.id}/report.pdf`,
      shared: how.shared !== undefined,
      consultant: how.shared === undefined && res.locals.consultant === true ? { base: deps.publicUrl(), csrfToken: csrf.tokenFor(req, res), shareErrors: how.shareErrors } : undefined,
    });
  };
  const pdfName = async (round: Round) => exportFileName(`${(await assessments.organisation(round.organisationId))?.name ?? 'round'}-round-report`, dayOf(now()), 'pdf');
  /** A share link that works: the round, or null after answering 410. */
  const sharedRound = async (res: Response, token: string): Promise<Round | null> => {
    const { state, round } = await rounds.openShare(token);
    if (state === 'active') return round;
    res.status(410).render('error', { title: 'This link no longer works', status: 410, message: `This share link ${state === 'revoked' ? 'was revoked' : 'has expired'}. Ask the person who sent it for a new one.` });
    return null;
  };

  return {
    /** GET /consultant/rounds/:roundId/report */
    async showReport(req: Request, res: Response) {
      const round = await rounds.get(String(req.params.roundId));
      res.render('round-report', await reportLocals(req, res, round, {}));
    },

    async reportPdf(req: Request, res: Response) {
      const round = await rounds.get(String(req.params.roundId));
      res.locals.consultant = false;
      await sendPdf(deps, req, res, { view: 'round-report', locals: () => reportLocals(req, res, round, {}), printView: `/consultant/rounds/${round.id}/report`, fileName: await pdfName(round) });
    },

    async createShare(req: Request, res: Response) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const roundId = String(req.params.roundId);
      try {
        await rounds.share(roundId, { label: field(body, 'label'), days: field(body, 'days') });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return res.status(422).render('round-report', await reportLocals(req, res, await rounds.get(roundId), { shareErrors: err.details }));
      }
      res.redirect(303, `/consultant/rounds/${roundId}/report#round-share-links`);
    },

    async revokeShare(req: Request, res: Response) {
      await rounds.revokeShare(String(req.params.roundId), String(req.params.token));
      res.redirect(303, `/consultant/rounds/${String(req.params.roundId)}/report#round-share-links`);
    },

    /** GET /s/:token when the token is a round report's; any other token goes on to the report links. */
    async showShared(req: Request, res: Response, next: NextFunction) {
      const token = String(req.params.token);
      if (!(await rounds.isShareToken(token))) return next();
      const round = await sharedRound(res, token);
      if (!round) return;
      res.set('Referrer-Policy', 'no-referrer');
      res.render('round-report', await reportLocals(req, res, round, { shared: token }));
    },

    async sharedPdf(req: Request, res: Response) {
      const token = String(req.params.token);
      const round = await sharedRound(res, token);
      if (!round) return;
      await sendPdf(deps, req, res, { view: 'round-report', locals: () => reportLocals(req, res, round, { shared: token }), printView: `/s/${token}`, fileName: await pdfName(round) });
    },

    async openRound(req: Request, res: Response) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const orgId = String(req.params.orgId);
      try {
        const round = await rounds.open(orgId, { title: field(body, 'title'), closesOn: field(body, 'closesOn') || undefined, invitedBy: field(body, 'invitedBy'), groups: list(body, 'groups') });
        res.redirect(303, `/consultant/rounds/${round.id}`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        res.status(422).render('error', { title: 'The round was not opened', status: 422, message: 'Some fields need attention. Go back and correct them.', details: err.details });
      }
    },

    async showRound(req: Request, res: Response) {
      await renderRound(req, res, String(req.params.roundId));
    },

    async addInvitation(req: Request, res: Response) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const roundId = String(req.params.roundId);
      try {
        await rounds.invite(roundId, { role: field(body, 'role') ?? '', kind: field(body, 'kind') ?? '', label: field(body, 'label') });
      } catch (err) {
        if (err instanceof ValidationError) return renderRound(req, res, roundId, 422, err.details);
        if (err instanceof ConflictError) return renderRound(req, res, roundId, 409, [{ field: 'round', message: err.message }]);
        throw err;
      }
      res.redirect(303, `/consultant/rounds/${roundId}#invitations`);
    },

    async revokeInvitation(req: Request, res: Response) {
      await rounds.revokeInvitation(String(req.params.roundId), String(req.params.token));
      res.redirect(303, `/consultant/rounds/${String(req.params.roundId)}#invitations`);
    },

    async closeRound(req: Request, res: Response) {
      await rounds.close(String(req.params.roundId));
      res.redirect(303, `/consultant/rounds/${String(req.params.roundId)}`);
    },

    /** A respondent's link: back to their own answers, or on to their form (the next handler, given `res.locals.invitation`). */
    async startFromInvitation(req: Request, res: Response, next: NextFunction) {
      const opened = await rounds.openInvitation(String(req.params.token));
      if ('closed' in opened) return invitationClosed(res, opened.closed, 'link');
      if (opened.existing) return res.redirect(303, continueAt(opened.existing));
      res.locals.invitation = opened;
      next();
    },
  };
}
