/**
 * Round invitations as the document store keeps them: responses carry an
 * invitation's one-way id, never its token, and an answer through an
 * invitation is checked against the round inside the organisation's write.
 */
import type { Assessment } from '../core/assessment/assessment.ts';
import { ConflictError, GoneError } from '../core/errors.ts';
import { invitationIdOf } from '../core/rounds/round.ts';
import type { OrgDocument, StoredAssessment } from './org-document.ts';

/**
 * A response written before invitations had ids carried the token itself; it
 * now carries the token's one-way id, so no record hands out a working link.
 */
export function withoutTokens(doc: OrgDocument): OrgDocument {
  if (!doc.assessments.some((a) => 'invitationToken' in a)) return doc;
  return {
    ...doc,
    assessments: doc.assessments.map((a) => {
      if (!('invitationToken' in a)) return a;
      const { invitationToken, ...rest } = a as StoredAssessment & { invitationToken?: string };
      return typeof invitationToken === 'string' ? { ...rest, invitationId: invitationIdOf(invitationToken) } : rest;
    }),
  };
}

/**
 * Checked inside the serialised write, so that concurrent answers through one
 * invitation cannot all pass: a closed round or withdrawn invitation takes no
 * answer, and a one-person invitation takes exactly one.
 */
export function checkInvitation(doc: OrgDocument, a: Assessment): void {
  if (!a.roundId || !a.invitationId) return;
  const round = (doc.rounds ?? []).find((r) => r.id === a.roundId);
  const invitation = round?.invitations.find((i) => invitationIdOf(i.token) === a.invitationId);
  if (!round || !invitation) throw new GoneError('this invitation no longer exists');
  if (round.closedAt) throw new GoneError('this round has closed; answers are no longer taken');
  if (invitation.revokedAt) throw new GoneError('this invitation was withdrawn; ask the person who sent it');
  if (invitation.kind === 'respondent' && doc.assessments.some((x) => x.invitationId === a.invitationId)) {
    throw new ConflictError('this invitation has already been answered; it takes one answer only');
  }
}
