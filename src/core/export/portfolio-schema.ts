/**
 * The shape of a portfolio document's records, as strict as what the app
 * writes: the storage rules (ids, timestamps, lengths) plus the whole computed
 * result, since an imported report is shown as it was and never re-scored.
 * Strict objects: an unknown key is refused rather than silently stored or dropped.
 */
import { z } from 'zod';
import { characters } from '../assessment/check-input.ts';
import { BANDS, SEVERITIES } from '../rubric/schema.ts';
import { ID_PATTERN, TOKEN_PATTERN } from '../ids.ts';
import { ROLES } from '../roles.ts';
import { SCALE_MAX } from '../scoring/scale.ts';

/** What `newId` makes (see core/ids.ts). */
export const RECORD_ID = ID_PATTERN;

const id = z.string().regex(RECORD_ID, 'must be an id of 22 letters, digits, "-" or "_"');
/** The years a date in a portfolio may fall in: the app did not exist before, and a year like 9999 is a typing slip. */
export const YEARS = { from: 1970, to: 2199 } as const;

/** True when `yyyy-mm-dd` is a day of the calendar (no 31 February) in YEARS. */
export function isRealDay(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return y >= YEARS.from && y <= YEARS.to && day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}
/** The shape is the regular expression's to report; this judges only a date that has it. */
const realDay = (text: string) => !/^\d{4}-\d{2}-\d{2}/.test(text) || isRealDay(text);
const notReal = `must be a real date from ${YEARS.from} to ${YEARS.to}`;

const iso = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?Z$/, 'must be an ISO 8601 UTC timestamp like 2026-11-25T10:00:00.000Z')
  .refine(realDay, notReal);
const dayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-25').refine(realDay, notReal);
const token = z.string().regex(TOKEN_PATTERN, 'must be a token of 32 to 64 letters, digits, "-" or "_"');
const slug = z.string().min(1).max(100);
const text = z.string().max(10_000);
const band = z.enum(BANDS);
const severity = z.enum(SEVERITIES);
const score = z.number().int().min(0).max(100);
const claims = z.array(z.string().max(20)).max(100);

const evidence = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('answer'), questionId: slug, value: slug, label: text, claims }),
  z.strictObject({ kind: z.literal('dimension'), id: slug, title: text, score, band }),
  z.strictObject({ kind: z.literal('facet'), id: slug, title: text, dimension: slug, score, band }),
  z.strictObject({ kind: z.literal('flag'), id: slug, severity, claims }),
]);

const contribution = z.strictObject({
  questionId: slug,
  value: slug.nullable(),
  score: z.number().int().min(0).max(SCALE_MAX),
  maxScore: z.literal(SCALE_MAX),
  weight: z.number().positive(),
  unsure: z.boolean(),
  notApplicable: z.literal(true).optional(),
});

const facetScore = z.strictObject({ id: slug, title: text, weight: z.number().positive(), score, band, contributions: z.array(contribution) });
const dimensionScore = z.strictObject({ id: slug, title: text, weight: z.number().positive(), score, band, confidence: score.optional(), facets: z.record(slug, facetScore) });

const result = z.strictObject({
  rubric: z.strictObject({ id: slug, version: slug }),
  overall: score,
  band,
  confidence: score,
  dimensions: z.record(slug, dimensionScore),
  flags: z.array(z.strictObject({ id: slug, severity, message: text, claims, dimensions: z.array(slug), evidence: z.array(evidence) })),
  recommendation: z.strictObject({
    code: slug,
    title: text,
    summary: text,
    rationale: z.array(text),
    speakerModel: z.strictObject({ fits: z.boolean(), explanation: text }),
    provisional: z.boolean().optional(),
    actions: z.array(z.strictObject({ title: text, owner: text, due: dayText, claims })),
    reassessBy: dayText,
    drivenBy: z.array(evidence),
  }),
});

const profile = {
  name: z.string().trim().min(1, 'must not be empty').refine((s) => characters(s) <= 200, 'must be at most 200 characters'), // code points, as the input counts them
  sector: z.string().max(100).optional(),
  size: z.string().max(100).optional(),
};

export const organisationRecord = z.strictObject({ id, ...profile, createdAt: iso });

export const assessmentRecord = z.strictObject({
  id,
  rubricId: slug,
  rubricVersion: z.string().min(1).max(40),
  organisationId: id,
  organisation: z.strictObject(profile),
  respondent: z.strictObject({ role: z.string().max(100).optional() }),
  answers: z.record(slug, z.string().max(100)),
  notes: z.record(slug, text),
  status: z.enum(['draft', 'submitted']),
  createdAt: iso,
  updatedAt: iso,
  submittedAt: iso.optional(),
  result: result.optional(),
  roundId: id.optional(),
  /** The one-way id of the invitation a round's response came through (never the token). */
  invitationId: id.optional(),
});

export const roundRecord = z.strictObject({
  id,
  organisationId: id,
  rubricId: slug,
  rubricVersion: z.string().min(1).max(40),
  title: z.string().max(200).optional(),
  invitedBy: z.string().max(200).optional(),
  createdAt: iso,
  closesOn: dayText.optional(),
  closedAt: iso.optional(),
  invitations: z.array(
    z.strictObject({
      token,
      role: z.enum(ROLES),
      kind: z.enum(['group', 'respondent']),
      label: z.string().max(200).optional(),
      createdAt: iso,
      revokedAt: iso.optional(),
    }),
  ),
  /** Read-only links to the round's report. */
  shareLinks: z.array(z.lazy(() => shareLinkFields)).optional(),
});

const shareLinkFields = z.strictObject({
  token,
  label: z.string().max(200).optional(),
  createdAt: iso,
  expiresAt: iso,
  revokedAt: iso.optional(),
  views: z.array(z.strictObject({ at: iso })),
});

export const shareLinkRecord = shareLinkFields.extend({ assessmentId: id });

export const portfolioShape = z.strictObject({
  format: z.string(),
  schemaVersion: z.number(),
  exportedAt: iso,
  rubrics: z.array(z.strictObject({ id: slug, version: z.string().min(1).max(40) })),
  organisations: z.array(organisationRecord),
  assessments: z.array(assessmentRecord),
  rounds: z.array(roundRecord).optional(),
  shareLinks: z.array(shareLinkRecord).optional(),
});
