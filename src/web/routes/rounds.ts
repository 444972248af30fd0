/** Rounds: the consultant opens one and invites role groups; respondents answer through their links. */
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps.ts';
import { text } from '../form-fields.ts';
import { ConflictError, ValidationError, type FieldError } from '../../core/errors.ts';
import { roundView } from '../presenters/round-view.ts';
import { toCsv } from '../csv.ts';
import { exportFileName } from '../../core/export/assessment-export.ts';
import { roundCsvRows } from '../../core/export/round-export.ts';
import { dayOf } from '../../core/dates.ts';

const field = (body: Record<string, unknown>, name: string): string | undefined => text(body, name) || undefined;
const list = (body: Record<string, unknown>, name: string): string[] => {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

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

  return {
    async openRound(req: Request, res: Response) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const orgId = String(req.params.orgId);
      try {
        const round = await rounds.open(orgId, { title: field(body, 'title'), closesOn: field(body, 'closesOn') || undefined, groups: list(body, 'groups') });
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
      if ('closed' in opened) {
        const why = opened.closed === 'revoked' ? 'This invitation was withdrawn.' : 'This round has closed, so answers are no longer taken.';
        return res.status(410).render('error', { title: 'This link no longer works', status: 410, message: `${why} Ask the person who sent it if you think this is wrong.` });
      }
      if (opened.existing) {
        return res.redirect(303, opened.existing.status === 'submitted' ? `/assessments/${opened.existing.id}` : `/assessments/${opened.existing.id}/edit`);
      }
      res.locals.invitation = opened;
      next();
    },

    async exportJson(req: Request, res: Response) {
      const round = await rounds.get(String(req.params.roundId));
      const organisation = await assessments.organisation(round.organisationId);
      const progress = await rounds.progress(round);
      const respondents = await rounds.respondents(round);
      res.attachment(exportFileName(`${organisation?.name ?? 'round'}-round`, dayOf(now()), 'json'));
      res.json({
        schemaVersion: 1,
        round: { ...round, state: rounds.state(round), invitations: round.invitations.map(({ token: _t, ...i }) => i) },
        organisation: { id: organisation?.id, name: organisation?.name },
        invitations: progress.map((p) => ({ role: p.invitation.role, kind: p.invitation.kind, label: p.invitation.label ?? null, state: p.state, drafts: p.drafts, submitted: p.submitted })),
        // Roles and dates only: no names, no answers.
        respondents: respondents.map((a) => ({ assessmentId: a.id, role: a.respondent.role ?? 'other', status: a.status, submittedAt: a.submittedAt ?? null })),
        outcome: await rounds.outcome(round),
      });
    },

    async exportCsv(req: Request, res: Response) {
      const round = await rounds.get(String(req.params.roundId));
      const organisation = await assessments.organisation(round.organisationId);
      const outcome = await rounds.outcome(round);
      const rubric = rubrics.get(round.rubricId, round.rubricVersion)!;
      res.attachment(exportFileName(`${organisation?.name ?? 'round'}-round`, dayOf(now()), 'csv'));
      res.type('text/csv; charset=utf-8').send(toCsv(roundCsvRows(round, organisation?.name ?? '', rubric, outcome)));
    },

  };
}
