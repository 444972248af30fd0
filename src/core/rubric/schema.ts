/**
 * The shape of a rubric file. Strict objects everywhere: an unknown key is an
 * author's typo far more often than an intention, so it is rejected.
 * Cross-references (facets, claims, questions, option values) are checked
 * afterwards in `check-references.ts`, where the whole document is known.
 */
import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { SCALE_MAX } from '../scoring/scale.ts';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug like "owner-experience"');
const claimId = z.string().regex(/^[A-Z][0-9]+$/, 'must be a claim id like "C1"');
const semver = z
  .string()
  .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'must be a semantic version like "1.0.0"');

export const BANDS = ['low', 'partial', 'strong'] as const;
export const SEVERITIES = ['low', 'medium', 'high'] as const;

const band = z.enum(BANDS);
const severity = z.enum(SEVERITIES);

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { answer: string; in: string[] }
  | { dimension: string; band: Array<(typeof BANDS)[number]> }
  | { facet: string; band: Array<(typeof BANDS)[number]> }
  | { facetKnown: string }
  | { flag: string }
  | { flagRaised: { severity: Array<(typeof SEVERITIES)[number]>; dimension?: string | undefined } };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ answer: slug, in: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ dimension: slug, band: z.array(band).min(1) }),
    z.strictObject({ facet: slug, band: z.array(band).min(1) }),
    // At least half of the facet's question weight has a certain answer: a low score is then evidence, not ignorance.
    z.strictObject({ facetKnown: slug }),
    z.strictObject({ flag: slug }),
    z.strictObject({
      flagRaised: z.strictObject({ severity: z.array(severity).min(1), dimension: slug.optional() }),
    }),
  ]),
);

const optionSchema = z.strictObject({
  value: slug,
  label: z.string().min(1),
  score: z.number().int().min(0).max(SCALE_MAX),
  unsure: z.boolean().optional(),
});

/**
 * A question that only makes sense after another answer (who the mandate names,
 * once there is a mandate). Where `when` does not hold, the question is not asked:
 * it scores 0, as the answer that made it moot would, and counts as known.
 */
const appliesWhenSchema = z.strictObject({ when: conditionSchema, note: z.string().min(1) });

const questionSchema = z.strictObject({
  id: slug,
  dimension: slug,
  facet: slug,
  prompt: z.string().min(1),
  /** The prompt as a round's respondent of one role reads it (e.g. "you" for the proposed owner); scoring is unchanged. */
  rolePrompts: z.partialRecord(z.enum(ROLES), z.string().min(1)).optional(),
  help: z.string().min(1),
  claims: z.array(claimId).min(1),
  required: z.boolean().default(true),
  weight: z.number().positive().default(1),
  /** Who in the organisation would know the answer: groups the "find out first" list. */
  whoKnows: z.string().min(1).optional(),
  appliesWhen: appliesWhenSchema.optional(),
  options: z.array(optionSchema).min(2),
});

const facetSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  description: z.string().optional(),
  weight: z.number().positive().default(1),
});

const dimensionSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  description: z.string().optional(),
  weight: z.number().positive().default(1),
  facets: z.array(facetSchema).min(1),
});

const flagSchema = z.strictObject({
  id: slug,
  severity,
  message: z.string().min(1),
  claims: z.array(claimId).min(1),
  when: conditionSchema,
  /** Set on a flag no recommendation rule reads: why it does not change the verdict. */
  informational: z.string().min(1).optional(),
});

/** A sentence that is said only when its condition holds for this assessment. */
const conditionalText = z.strictObject({ when: conditionSchema, text: z.string().min(1) });
const textPart = z.union([z.string().min(1), conditionalText]);

const actionSchema = z.strictObject({
  title: z.string().min(1),
  owner: z.string().min(1),
  dueInDays: z.number().int().min(0).max(3650),
  claims: z.array(claimId).default([]),
});

const recommendationSchema = z.strictObject({
  code: slug,
  title: z.string().min(1),
  summary: z.string().min(1),
  when: conditionSchema.optional(),
  otherwise: z.literal(true).optional(),
  rationale: z.array(textPart).min(1),
  speakerModel: z.strictObject({ fits: z.boolean(), explanation: z.union([z.string().min(1), z.array(textPart).min(1)]) }),
  actions: z.array(actionSchema).min(3).max(6),
  reassessInDays: z.number().int().min(1).max(3650).optional(),
});

/** How a round of several respondents is combined, and when the leaders' view of themselves is too far from others'. */
const perceptionGapSchema = z.strictObject({
  threshold: z.number().int().min(1).max(100),
  /** The dimension whose facets leaders are compared on, and that the gap flag belongs to; absent: `leadership`. */
  dimension: slug.optional(),
  minGroupSize: z.number().int().min(1).max(50).default(3),
  roleWeights: z.record(slug, z.number().min(0)).default({}),
  flag: z.strictObject({ id: slug, severity, message: z.string().min(1), claims: z.array(claimId).min(1), informational: z.string().min(1).optional() }),
});

/**
 * Below `threshold` % of the question weight answered with certainty, the
 * recommendation is provisional. The texts may use {title}, {summary},
 * {confidence} and {threshold}.
 */
const confidenceSchema = z.strictObject({
  threshold: z.number().int().min(0).max(100),
  title: z.string().min(1),
  summary: z.string().min(1),
  verdict: z.string().min(1),
});

/**
 * Where the bands start, out of 100: below `partial` is low, from `partial` below
 * `strong` is partial, from `strong` up is strong. Absent: 40 and 70.
 */
const bandLinesSchema = z
  .strictObject({ partial: z.number().int().min(1).max(100), strong: z.number().int().min(1).max(100) })
  .refine((b) => b.partial < b.strong, { message: 'partial must be below strong', path: ['partial'] });

export const rubricSchema = z.strictObject({
  /**
   * 1: the original format. 2: every flag must be read by a recommendation rule or
   * say why it is informational, and the decision table may end with a `fallback`.
   */
  format: z.union([z.literal(1), z.literal(2)]).default(1),
  id: slug,
  version: semver,
  title: z.string().min(1),
  description: z.string().optional(),
  default: z.boolean().default(false),
  reassessInDays: z.number().int().min(1).max(3650).default(90),
  claims: z.array(z.strictObject({ id: claimId, text: z.string().min(1) })).min(1),
  dimensions: z.array(dimensionSchema).min(1),
  questions: z.array(questionSchema).min(1),
  flags: z.array(flagSchema).default([]),
  recommendations: z.array(recommendationSchema).min(1),
  /**
   * The code given when no rule matches, instead of an `otherwise` rule, so that
   * no verdict is reached by default. It must name a rule whose speaker's model
   * does not fit.
   */
  fallback: slug.optional(),
  confidence: confidenceSchema.optional(),
  bands: bandLinesSchema.optional(),
  perceptionGap: perceptionGapSchema.optional(),
});

export type Rubric = z.output<typeof rubricSchema>;
export type Question = Rubric['questions'][number];
export type Option = Question['options'][number];
export type Dimension = Rubric['dimensions'][number];
export type Facet = Dimension['facets'][number];
export type FlagRule = Rubric['flags'][number];
export type RecommendationRule = Rubric['recommendations'][number];
export type Band = (typeof BANDS)[number];
export type BandLines = z.output<typeof bandLinesSchema>;
export type PerceptionGapRule = NonNullable<Rubric['perceptionGap']>;
export type Severity = (typeof SEVERITIES)[number];
export type TextPart = z.output<typeof textPart>;
