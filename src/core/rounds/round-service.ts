/** Opening, inviting to, closing and reading rounds. Clock, ids and tokens come in. */
import type { AssessmentStore, OrganisationStore, RoundStore } from '../ports.ts';
import type { Assessment, Organisation } from '../assessment/assessment.ts';
import { roundDeliverable, type Deliverable } from '../portfolio/deliverables.ts';
import type { RubricRegistry } from '../rubric/registry.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../errors.ts';
import { combineRound, type RoundOutcome } from './combine-round.ts';
import { roundJson } from '../export/round-export.ts';
import { isRole, ROLES, type Role } from '../roles.ts';
import { invitationIdOf, roundState, type Invitation, type InvitationProgress, type Round, type RoundShareLink, type RoundState } from './round.ts';
import { dayOf, isDay } from '../dates.ts';
import { checkShareInput } from '../sharing/sharing-service.ts';
import { newShareLink, shareLinkState, type ShareLinkState } from '../sharing/share-link.ts';

export interface RoundDeps {
  store: AssessmentStore & OrganisationStore & RoundStore;
  rubrics: RubricRegistry;
  now: () => Date;
  newId: () => string;
  newToken: () => string;
}

export interface OpenRoundInput {
  title?: string | undefined;
  closesOn?: string | undefined;
  /** Who respondents are told invited them (the consultant's name and firm). */
  invitedBy?: string | undefined;
  /** One shared link per role group named here. */
  groups: string[];
}

export type { InvitationProgress } from './round.ts';

const today = dayOf;

// Over 60 lines because it is a factory: one closure over the store, clock and ids returning short methods.
export function createRoundService({ store, rubrics, now, newId, newToken }: RoundDeps) {
  const mustGet = async (id: string): Promise<Round> => {
    const round = await store.getRound(id);
    if (!round) throw new NotFoundError('round');
    return round;
  };

  const checkClosesOn = (closesOn: string | undefined, errors: FieldError[]) => {
    if (closesOn && !isDay(closesOn)) errors.push({ field: 'closesOn', message: `must be a date like 2026-12-31; got "${closesOn}"` });
    else if (closesOn && closesOn < today(now())) errors.push({ field: 'closesOn', message: `must be today or later; got ${closesOn}` });
  };

  const invitation = (role: Role, kind: Invitation['kind'], label?: string): Invitation => ({
    token: newToken(),
    role,
    kind,
    ...(label ? { label } : {}),
    createdAt: now().toISOString(),
  });

  const service = {
    state: (round: Round): RoundState => roundState(round, today(now())),

    async open(organisationId: string, input: OpenRoundInput): Promise<Round> {
      const organisation = await store.getOrganisation(organisationId);
      if (!organisation) throw new NotFoundError('organisation');
      const errors: FieldError[] = [];
      const title = input.title?.trim() || undefined;
      if (title && title.length > 200) errors.push({ field: 'title', message: `must be at most 200 characters; got ${title.length}` });
      const invitedBy = input.invitedBy?.trim() || undefined;
      if (invitedBy && invitedBy.length > 200) errors.push({ field: 'invitedBy', message: `must be at most 200 characters; got ${invitedBy.length}` });
      checkClosesOn(input.closesOn || undefined, errors);
      const groups = [...new Set(input.groups)];
      for (const g of groups) if (!isRole(g)) errors.push({ field: 'groups', message: `must be among ${ROLES.join(', ')}; got "${g}"` });
      if (groups.length === 0) errors.push({ field: 'groups', message: 'choose at least one role group to invite' });
      if (errors.length) throw new ValidationError(errors);
      const rubric = rubrics.defaultRubric();
      const round: Round = {
        id: newId(),
        organisationId,
        rubricId: rubric.id,
        rubricVersion: rubric.version,
        ...(title ? { title } : {}),
        ...(invitedBy ? { invitedBy } : {}),
        createdAt: now().toISOString(),
        ...(input.closesOn ? { closesOn: input.closesOn } : {}),
        invitations: ROLES.filter((g) => groups.includes(g)).map((g) => invitation(g, 'group')),
      };
      await store.addRound(round);
      return round;
    },

    async invite(roundId: string, input: { role: string; kind: string; label?: string | undefined }): Promise<Invitation> {
      const round = await mustGet(roundId);
      if (roundState(round, today(now())) === 'closed') throw new ConflictError('this round is closed');
      const errors: FieldError[] = [];
      if (!isRole(input.role)) errors.push({ field: 'role', message: `must be one of ${ROLES.join(', ')}; got "${input.role}"` });
      if (input.kind !== 'group' && input.kind !== 'respondent') errors.push({ field: 'kind', message: `must be group or respondent; got "${input.kind}"` });
      const label = input.label?.trim() || undefined;
      if (label && label.length > 200) errors.push({ field: 'label', message: `must be at most 200 characters; got ${label.length}` });
      if (errors.length) throw new ValidationError(errors);
      const added = invitation(input.role as Role, input.kind as Invitation['kind'], label);
      await store.changeRound(round.id, (r) => {
        if (r.closedAt) throw new ConflictError('this round is closed');
        return { ...r, invitations: [...r.invitations, added] };
      });
      return added;
    },

    async revokeInvitation(roundId: string, token: string): Promise<void> {
      const round = await mustGet(roundId);
      if (!round.invitations.some((i) => i.token === token)) throw new NotFoundError('invitation');
      const at = now().toISOString();
      await store.changeRound(round.id, (r) => ({ ...r, invitations: r.invitations.map((i) => (i.token === token && !i.revokedAt ? { ...i, revokedAt: at } : i)) }));
    },

    async close(roundId: string): Promise<void> {
      const round = await mustGet(roundId);
      if (!round.closedAt) await store.changeRound(round.id, (r) => (r.closedAt ? r : { ...r, closedAt: now().toISOString() }));
    },

    /** A read-only, expiring link to the round's report. */
    async share(roundId: string, input: { label?: string | undefined; days?: string | number | undefined }): Promise<RoundShareLink> {
      const round = await mustGet(roundId);
      const { label, days } = checkShareInput(input);
      const { assessmentId: _none, ...link } = newShareLink({ token: newToken(), assessmentId: '', label, now: now(), days });
      await store.changeRound(round.id, (r) => ({ ...r, shareLinks: [...(r.shareLinks ?? []), link] }));
      return link;
    },

    async revokeShare(roundId: string, token: string): Promise<void> {
      const round = await mustGet(roundId);
      if (!(round.shareLinks ?? []).some((l) => l.token === token)) throw new NotFoundError('share link');
      const at = now().toISOString();
      await store.changeRound(round.id, (r) => ({ ...r, shareLinks: (r.shareLinks ?? []).map((l) => (l.token === token && !l.revokedAt ? { ...l, revokedAt: at } : l)) }));
    },

    /** Whether a token is one of a round report's share links (rather than an assessment's). */
    async isShareToken(token: string): Promise<boolean> {
      return (await store.findRoundShare(token)) !== undefined;
    },

    /** Opens a round's share link: records the view when it is active. */
    async openShare(token: string): Promise<{ state: ShareLinkState; round: Round }> {
      const round = await store.findRoundShare(token);
      const link = round?.shareLinks?.find((l) => l.token === token);
      if (!round || !link) throw new NotFoundError('share link');
      const at = now();
      const state = shareLinkState(link, at);
      if (state === 'active') await store.changeRound(round.id, (r) => ({ ...r, shareLinks: (r.shareLinks ?? []).map((l) => (l.token === token ? { ...l, views: [...l.views, { at: at.toISOString() }] } : l)) }));
      return { state, round };
    },

    get: mustGet,
    /** The round, or undefined when there is none (a respondent's page must not fail on it). */
    find: (id: string): Promise<Round | undefined> => store.getRound(id),
    roundsOf: (organisationId: string) => store.roundsOf(organisationId),

    /** An invitation a respondent may still use; otherwise why not. */
    async openInvitation(token: string): Promise<{ round: Round; invitation: Invitation; existing?: Assessment } | { closed: 'revoked' | 'closed' }> {
      const found = await store.findInvitation(token);
      if (!found) throw new NotFoundError('invitation');
      if (found.invitation.revokedAt) return { closed: 'revoked' };
      if (roundState(found.round, today(now())) === 'closed') return { closed: 'closed' };
      const existing =
        found.invitation.kind === 'respondent' ? (await store.assessmentsOf(found.round.organisationId)).find((a) => a.invitationId === invitationIdOf(token)) : undefined;
      return { ...found, ...(existing ? { existing } : {}) };
    },

    async respondents(round: Round): Promise<Assessment[]> {
      return (await store.assessmentsOf(round.organisationId)).filter((a) => a.roundId === round.id);
    },

    async progress(round: Round): Promise<InvitationProgress[]> {
      const answers = (await store.assessmentsOf(round.organisationId)).filter((a) => a.roundId === round.id);
      return round.invitations.map((invitation) => {
        const id = invitationIdOf(invitation.token);
        const mine = answers.filter((a) => a.invitationId === id);
        const submitted = mine.filter((a) => a.status === 'submitted').length;
        const drafts = mine.length - submitted;
        const state = invitation.revokedAt ? 'revoked' : submitted > 0 ? 'answered' : drafts > 0 ? 'started' : 'not-started';
        return { invitation, state, drafts, submitted };
      });
    },

    /** Every round of every organisation, newest first, with its progress. */
    async all(): Promise<Array<{ round: Round; organisation: Organisation; state: RoundState; progress: InvitationProgress[] }>> {
      const out = [];
      for (const organisation of await store.listOrganisations()) {
        for (const round of await store.roundsOf(organisation.id)) out.push({ round, organisation, state: roundState(round, today(now())), progress: await service.progress(round) });
      }
      return out.sort((a, b) => b.round.createdAt.localeCompare(a.round.createdAt) || a.round.id.localeCompare(b.round.id));
    },

    /** Each round's combined result, as a deliverable: rounds without a submitted answer have none. */
    async deliverables(): Promise<Deliverable[]> {
      const out: Deliverable[] = [];
      for (const organisation of await store.listOrganisations()) {
        const rounds = await store.roundsOf(organisation.id);
        if (!rounds.length) continue;
        for (const round of rounds) {
          const outcome = await service.outcome(round);
          if (!outcome) continue;
          const answers = (await store.assessmentsOf(organisation.id)).filter((a) => a.roundId === round.id && a.submittedAt);
          const last = answers.map((a) => a.submittedAt!).sort().at(-1)!;
          out.push(roundDeliverable(round, organisation, outcome, roundState(round, today(now())), last));
        }
      }
      return out;
    },

    /** The round's anonymised JSON export (core/export/round-export.ts says what it leaves out). */
    async exportJson(round: Round): Promise<ReturnType<typeof roundJson>> {
      const [organisation, progress, respondents, outcome] = [await store.getOrganisation(round.organisationId), await service.progress(round), await service.respondents(round), await service.outcome(round)];
      return roundJson({ round, state: service.state(round), organisation, progress, respondents, outcome });
    },

    async outcome(round: Round): Promise<RoundOutcome | null> {
      const rubric = rubrics.get(round.rubricId, round.rubricVersion);
      if (!rubric) throw new NotFoundError('rubric');
      const submitted = (await store.assessmentsOf(round.organisationId)).filter((a) => a.roundId === round.id && a.status === 'submitted' && a.result);
      const decidedOn = (round.closedAt && dayOf(round.closedAt)) ?? (round.closesOn && round.closesOn < today(now()) ? round.closesOn : today(now()));
      return combineRound(
        rubric,
        submitted.map((a) => ({ role: isRole(a.respondent.role) ? a.respondent.role : 'other', result: a.result! })),
        decidedOn,
      );
    },
  };
  return service;
}

export type RoundService = ReturnType<typeof createRoundService>;
