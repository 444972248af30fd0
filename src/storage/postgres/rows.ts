/**
 * Records as PostgreSQL rows and back: columns that are NULL become absent
 * optional fields, as the other adapters return them.
 */
import type { Assessment, Organisation } from '../../core/assessment/assessment.ts';
import type { Invitation, Round, RoundShareLink } from '../../core/rounds/round.ts';
import type { ShareLink } from '../../core/sharing/share-link.ts';

type Nullable = string | null;

export interface OrganisationRow {
  id: string;
  name: string;
  sector: Nullable;
  size: Nullable;
  created_at: string;
}

export interface AssessmentRow {
  id: string;
  organisation_id: string;
  rubric_id: string;
  rubric_version: string;
  profile: Assessment['organisation'];
  respondent: Assessment['respondent'];
  answers: Record<string, string>;
  notes: Record<string, string>;
  status: Assessment['status'];
  created_at: string;
  updated_at: string;
  submitted_at: Nullable;
  result: Assessment['result'] | null;
  round_id: Nullable;
  invitation_id: Nullable;
  version: number;
}

export interface RoundRow {
  id: string;
  organisation_id: string;
  rubric_id: string;
  rubric_version: string;
  title: Nullable;
  invited_by: Nullable;
  created_at: string;
  closes_on: Nullable;
  closed_at: Nullable;
}

export interface InvitationRow {
  token: string;
  round_id: string;
  role: Invitation['role'];
  kind: Invitation['kind'];
  label: Nullable;
  created_at: string;
  revoked_at: Nullable;
}

export interface ShareLinkRow {
  token: string;
  assessment_id: Nullable;
  round_id: Nullable;
  label: Nullable;
  created_at: string;
  expires_at: string;
  revoked_at: Nullable;
  views: Array<{ at: string }>;
}

/**
 * PostgreSQL text cannot hold U+0000: in a text column (names, labels, titles) it
 * is kept as U+FFFD, as the exports show such characters anyway. JSON columns
 * keep it, escaped.
 */
export const storable = (v: unknown): unknown => (typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '\uFFFD') : v);

/** `{ [key]: value }` when the value is there, `{}` when NULL. */
const opt = <K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } => (value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]: string }));

export const toOrganisation = (r: OrganisationRow): Organisation => ({ id: r.id, name: r.name, ...opt('sector', r.sector), ...opt('size', r.size), createdAt: r.created_at });

export const toAssessment = (r: AssessmentRow): Assessment => ({
  id: r.id,
  rubricId: r.rubric_id,
  rubricVersion: r.rubric_version,
  organisationId: r.organisation_id,
  organisation: r.profile,
  respondent: r.respondent,
  answers: r.answers,
  notes: r.notes,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  ...opt('submittedAt', r.submitted_at),
  ...(r.result ? { result: r.result } : {}),
  ...opt('roundId', r.round_id),
  ...opt('invitationId', r.invitation_id),
});

export const toInvitation = (r: InvitationRow): Invitation => ({ token: r.token, role: r.role, kind: r.kind, ...opt('label', r.label), createdAt: r.created_at, ...opt('revokedAt', r.revoked_at) });

export const toRoundShareLink = (r: ShareLinkRow): RoundShareLink => ({
  token: r.token,
  ...opt('label', r.label),
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  ...opt('revokedAt', r.revoked_at),
  views: r.views,
});

export const toShareLink = (r: ShareLinkRow): ShareLink => ({ ...toRoundShareLink(r), assessmentId: r.assessment_id! } as ShareLink);

export function toRound(r: RoundRow, invitations: Invitation[], shareLinks: RoundShareLink[]): Round {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    rubricId: r.rubric_id,
    rubricVersion: r.rubric_version,
    ...opt('title', r.title),
    ...opt('invitedBy', r.invited_by),
    createdAt: r.created_at,
    ...opt('closesOn', r.closes_on),
    ...opt('closedAt', r.closed_at),
    invitations,
    ...(shareLinks.length ? { shareLinks } : {}),
  };
}

/** The assessment columns in the order `assessmentValues` gives them. */
export const ASSESSMENT_COLUMNS = ['id', 'organisation_id', 'rubric_id', 'rubric_version', 'profile', 'respondent', 'answers', 'notes', 'status', 'created_at', 'updated_at', 'submitted_at', 'result', 'round_id', 'invitation_id'] as const;
export const ASSESSMENT_CASTS: Partial<Record<(typeof ASSESSMENT_COLUMNS)[number], string>> = { profile: 'json', respondent: 'json', answers: 'json', notes: 'json', result: 'json' };

export const assessmentValues = (a: Assessment): unknown[] => [
  a.id,
  a.organisationId,
  a.rubricId,
  a.rubricVersion,
  JSON.stringify(a.organisation),
  JSON.stringify(a.respondent),
  JSON.stringify(a.answers),
  JSON.stringify(a.notes),
  a.status,
  a.createdAt,
  a.updatedAt,
  a.submittedAt ?? null,
  a.result ? JSON.stringify(a.result) : null,
  a.roundId ?? null,
  a.invitationId ?? null,
];
