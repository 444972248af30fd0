import { createHash } from 'node:crypto';
import type { ShareLink } from '../sharing/share-link.ts';
import type { Role } from '../roles.ts';

/** A read-only link to a round's report: expiring, revocable, its views recorded, like a report's. */
export type RoundShareLink = Omit<ShareLink, 'assessmentId'>;

/**
 * A round: several people of one organisation answer the same rubric, each on
 * their own, through invitation links (one per respondent, or one per role
 * group that each person opening it uses for their own draft).
 */
export interface Invitation {
  token: string;
  role: Role;
  /** `group`: anyone with the link answers as this role, each with their own draft. `respondent`: one person. */
  kind: 'group' | 'respondent';
  label?: string | undefined;
  createdAt: string;
  revokedAt?: string | undefined;
}

/** How far one invitation has got: its drafts and submissions. */
export interface InvitationProgress {
  invitation: Invitation;
  state: 'revoked' | 'not-started' | 'started' | 'answered';
  drafts: number;
  submitted: number;
}

export interface Round {
  id: string;
  organisationId: string;
  rubricId: string;
  rubricVersion: string;
  title?: string | undefined;
  /** Who respondents are told invited them. */
  invitedBy?: string | undefined;
  createdAt: string;
  /** The last day answers are taken (yyyy-MM-dd); the round closes after it. */
  closesOn?: string | undefined;
  closedAt?: string | undefined;
  invitations: Invitation[];
  shareLinks?: RoundShareLink[] | undefined;
}

export type RoundState = 'open' | 'closed';

/** Closed by hand, or once its closing day has passed. */
export function roundState(round: Round, today: string): RoundState {
  if (round.closedAt) return 'closed';
  return round.closesOn && today > round.closesOn ? 'closed' : 'open';
}


/**
 * The id a response records for the invitation it came through: a one-way hash
 * of the token, so that a record, an export or a page showing a response never
 * carries the token itself (which would let its reader answer as that role).
 */
export function invitationIdOf(token: string): string {
  return createHash('sha256').update(`invitation:${token}`, 'utf8').digest('base64url').slice(0, 22).replace(/^-/, 'A');
}
