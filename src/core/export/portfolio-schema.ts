/**
 * The shape of a portfolio document's records, as strict as what the app
 * writes: the storage rules (ids, timestamps, lengths) plus the whole computed
 * result, since an imported report is shown as it was and never re-scored.
 * Strict objects: an unknown key is refused rather than silently stored or dropped.
 */
import { z } from 'zod';
import { BANDS, SEVERITIES } from '../rubric/schema.ts';

/** What `newId` makes: 128 bits, base64url. The routes accept no other id. */
export const RECORD_ID = /^[A-Za-z0-9_-]{22}$/;

const id = z.string().regex(RECORD_ID, 'must be an id of 22 letters, digits, "-" or "_"');
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'must be an ISO 8601 UTC timestamp like 2026-11-25T10:00:00.000Z');
const dayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-25');
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
  score: z.number().int().min(0).max(4),
  maxScore: z.literal(4),
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
  name: z.string().trim().min(1, 'must not be empty').max(200),
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
});

export const portfolioShape = z.strictObject({
  format: z.string(),
  schemaVersion: z.number(),
  exportedAt: iso,
  rubrics: z.array(z.strictObject({ id: slug, version: z.string().min(1).max(40) })),
  organisations: z.array(organisationRecord),
  assessments: z.array(assessmentRecord),
});
