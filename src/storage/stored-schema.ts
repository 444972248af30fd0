/**
 * The shape of what is stored, checked when a data file is read: a file that
 * parses but does not fit is reported, never half-loaded.
 */
import { z } from 'zod';
import { characters } from '../core/assessment/check-input.ts';
import { STORED_ID_PATTERN, TOKEN_PATTERN } from '../core/ids.ts';
import { DAY_PATTERN, TIMESTAMP_PATTERN } from '../core/dates.ts';

const iso = z.string().regex(TIMESTAMP_PATTERN, 'must be an ISO 8601 UTC timestamp');
const id = z.string().regex(STORED_ID_PATTERN, 'must be a stored id');
const text = z.string().max(10_000);
// 200 characters counted as code points, as the input is (an emoji is one, not two).
const name = z.string().min(1).refine((s) => characters(s) <= 200, 'must be at most 200 characters');

const organisation = z.object({
  id,
  name,
  sector: z.string().max(100).optional(),
  size: z.string().max(100).optional(),
  createdAt: iso,
});

const assessment = z.object({
  id,
  rubricId: z.string().min(1).max(100),
  rubricVersion: z.string().min(1).max(40),
  organisationId: id,
  organisation: z.object({ name, sector: z.string().max(100).optional(), size: z.string().max(100).optional() }),
  respondent: z.object({ role: z.string().max(100).optional() }),
  answers: z.record(z.string().max(100), z.string().max(100)),
  notes: z.record(z.string().max(100), text),
  status: z.enum(['draft', 'submitted']),
  createdAt: iso,
  updatedAt: iso,
  submittedAt: iso.optional(),
  result: z.object({ overall: z.number().int().min(0).max(100), recommendation: z.object({ code: z.string() }).loose() }).loose().optional(),
  nonce: z.string().max(100).optional(),
  roundId: id.optional(),
  invitationId: id.optional(),
  /** Written by earlier versions; replaced by `invitationId` when the file is read. */
  invitationToken: z.string().regex(TOKEN_PATTERN).optional(),
});

const shareLinkFields = {
  token: z.string().regex(TOKEN_PATTERN),
  label: z.string().max(200).optional(),
  createdAt: iso,
  expiresAt: iso,
  revokedAt: iso.optional(),
  views: z.array(z.object({ at: iso })),
};
const shareLink = z.object({ ...shareLinkFields, assessmentId: id });

const round = z.object({
  id,
  organisationId: id,
  rubricId: z.string().min(1).max(100),
  rubricVersion: z.string().min(1).max(40),
  title: z.string().max(200).optional(),
  invitedBy: z.string().max(200).optional(),
  createdAt: iso,
  closesOn: z.string().regex(DAY_PATTERN).optional(),
  closedAt: iso.optional(),
  invitations: z.array(
    z.object({
      token: z.string().regex(TOKEN_PATTERN),
      role: z.enum(['leadership', 'communications', 'proposed-owner', 'other']),
      kind: z.enum(['group', 'respondent']),
      label: z.string().max(200).optional(),
      createdAt: iso,
      revokedAt: iso.optional(),
    }),
  ),
  shareLinks: z.array(z.object(shareLinkFields)).optional(),
});

export const orgDocumentSchema = z.object({
  schemaVersion: z.literal(2),
  organisation,
  assessments: z.array(assessment),
  shareLinks: z.array(shareLink),
  rounds: z.array(round).optional(),
});

export const metaSchema = z.object({ schemaVersion: z.literal(2), settings: z.record(z.string(), z.string()) });

export function describeSchemaProblem(error: z.ZodError): string {
  const first = error.issues[0]!;
  return `${first.path.join('.') || '(top level)'}: ${first.message}`;
}
