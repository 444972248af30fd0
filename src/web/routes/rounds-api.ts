/**
 * Rounds over the JSON API (consultant only): open a round, invite, read and
 * close it, and export it as JSON or CSV. The pages are in rounds.ts.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { toCsv } from '../../formats/csv.ts';
import { exportFileName } from '../../core/export/assessment-export.ts';
import { roundCsvRows } from '../../core/export/round-export.ts';
import { dayOf } from '../../core/dates.ts';
import type { InvitationProgress } from '../../core/rounds/round-service.ts';
import type { RoundOutcome } from '../../core/rounds/combine-round.ts';
import type { Round } from '../../core/rounds/round.ts';
import { parseBody } from './api.ts';

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

// Over 60 lines because it is a factory: one closure over deps returning short handlers.
export function roundApiHandlers(deps: AppDeps) {
  const { assessments, rubrics, now, rounds } = deps;

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

  return {
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

    async exportJson(req: Request, res: Response) {
      const round = await rounds.get(String(req.params.roundId));
      const organisation = await assessments.organisation(round.organisationId);
      res.attachment(exportFileName(`${organisation?.name ?? 'round'}-round`, dayOf(now()), 'json'));
      res.json(await rounds.exportJson(round));
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
