/** Rounds: the consultant opens one and invites role groups; respondents answer through their links. */
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps.ts';
import { text } from '../form-fields.ts';
import { ConflictError, ValidationError, type FieldError } from '../../core/errors.ts';
import { roundView } from '../presenters/round-view.ts';
import { toCsv } from '../../formats/csv.ts';
import { exportFileName } from '../../core/export/assessment-export.ts';
import { roundCsvRows } from '../../core/export/round-export.ts';
import { dayOf } from '../../core/dates.ts';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.ts';
import { parseBody } from './api.ts';
import type { InvitationProgress } from '../../core/rounds/round-service.ts';
import type { RoundOutcome } from '../../core/rounds/combine-round.ts';
import { roundReportView } from '../presenters/round-report-view.ts';
import { sendPdf } from './exports.ts';
import type { Round } from '../../core/rounds/round.ts';

const label = z.string().max(200, 'must be at most 200 characters');
const newRoundSchema = z.strictObject({
  roles: z.array(z.string().max(40)).min(1, 'name at least one role to invite'),
  closesOn: z.string().max(20).optional(),
  label: label.optional(),
  invitedBy: label.optional(),
});
const newInvitationSchema = z.strictObject({ role: z.string().max(40), label: label.optional(), kind: z.enum(['respondent', 'group']).default('respondent') });


const STATUS = { 'not-started': 'not-started', started: 'draft', answered: 'submitted', revoked: 'not-started' } as const;

/** The combined result in a single assessment's shape, plus role groups large enough to show and the gaps. */
export function roundResultJson(outcome: RoundOutcome | null) {
  if (!outcome) return null;
  return {
    respondents: outcome.respondents,
    overall: outcome.combined.overall,
    band: outcome.combined.band,
    confidence: outcome.combined.confidence,
    dimensions: outcome.combined.dimensions,
    flags: outcome.flags,
    recommendation: outcome.recommendation,
    groups: outcome.groups.filter((g) => g.shown).map(({ shown: _shown, ...g }) => g),
    gaps: outcome.gaps,
    anonymityNote: outcome.anonymityNote,
  };
}

const invitationJson = (base: string, p: InvitationProgress) => ({
  token: p.invitation.token,
  role: p.invitation.role,
  label: p.invitation.label ?? null,
  kind: p.invitation.kind,
  status: STATUS[p.state],
  ...(p.invitation.revokedAt ? { revokedAt: p.invitation.revokedAt } : {}),
  url: `${base}/r/${p.invitation.token}`,
});

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

  const roundJson = async (req: Request, round: Round) => ({
    id: round.id,
    organisationId: round.organisationId,
    label: round.title ?? null,
    state: rounds.state(round),
    closesOn: round.closesOn ?? null,
    closedAt: round.closedAt ?? null,
    url: `${deps.publicUrl()}/consultant/rounds/${round.id}`,
    reportUrl: `${deps.publicUrl()}/consultant/rounds/${round.id}/report`,
    invitations: (await rounds.progress(round)).map((p) => invitationJson(deps.publicUrl(), p)),
    result: roundResultJson(await rounds.outcome(round)),
  });

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

    /** POST /api/organisations/:orgId/rounds */
    async createRoundJson(req: Request, res: Response) {
      const body = parseBody(newRoundSchema, req.body);
      let round: Round;
      try {
        round = await rounds.open(String(req.params.orgId), { title: body.label, closesOn: body.closesOn, invitedBy: body.invitedBy, groups: body.roles });
      } catch (err) {
        if (err instanceof NotFoundError) throw new ValidationError([{ field: 'orgId', message: 'there is no organisation with this id' }]);
        if (err instanceof ValidationError) throw new ValidationError(err.details.map((d) => (d.field === 'groups' ? { ...d, field: 'roles' } : d.field === 'title' ? { ...d, field: 'label' } : d)));
        throw err;
      }
      const base = deps.publicUrl();
      res.status(201).location(`/api/rounds/${round.id}`).json({
        id: round.id,
        organisationId: round.organisationId,
        url: `${base}/consultant/rounds/${round.id}`,
        invitations: round.invitations.map((i) => ({ token: i.token, role: i.role, url: `${base}/r/${i.token}` })),
      });
    },

    /** POST /api/rounds/:roundId/invitations */
    async createInvitationJson(req: Request, res: Response) {
      const body = parseBody(newInvitationSchema, req.body);
      const added = await rounds.invite(String(req.params.roundId), { role: body.role, kind: body.kind, label: body.label });
      res.status(201).json({ token: added.token, role: added.role, label: added.label ?? null, kind: added.kind, url: `${deps.publicUrl()}/r/${added.token}` });
    },

    /** GET /api/rounds/:roundId */
    async showRoundJson(req: Request, res: Response) {
      res.json(await roundJson(req, await rounds.get(String(req.params.roundId))));
    },

    /** POST /api/rounds/:roundId/close */
    async closeRoundJson(req: Request, res: Response) {
      await rounds.close(String(req.params.roundId));
      res.json(await roundJson(req, await rounds.get(String(req.params.roundId))));
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
