/** The JSON API: rubrics, assessments and per-assessment exports, over the same core. */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { assessmentJson, exportCopy, exportFileName } from '../../core/export/assessment-export.ts';
import { assessmentCsvRows } from '../../core/export/single-csv.ts';
import { toCsv } from '../../formats/csv.ts';
import type { AppDeps } from '../deps.ts';
import { assessmentIdOf, readerOf } from '../shared-access.ts';
import { dayOf } from '../../core/dates.ts';
import { TOKEN_PATTERN } from '../../core/ids.ts';

const shortText = z.string().max(100);
const answersFields = {
  answers: z.record(z.string().max(100), shortText).default({}),
  // Note lengths are checked by the core, in characters.
  notes: z.record(z.string().max(100), z.string()).default({}),
  status: z.enum(['draft', 'submitted']).default('submitted'),
  nonce: z.string().min(8).max(100).optional(),
};
/** A round's respondent: the invitation fixes the rubric, the organisation and the role. */
const invitationAnswerSchema = z.strictObject({ invitation: z.string().regex(TOKEN_PATTERN, 'must be an invitation token from an invitation link'), ...answersFields });
const newAssessmentSchema = z.strictObject({
  rubricId: shortText.optional(),
  rubricVersion: shortText.optional(),
  organisation: z.strictObject({
    // Lengths of the name and notes are checked by the core, in characters (a UTF-16 max would count an emoji twice).
    name: z.string(),
    sector: shortText.optional(),
    size: shortText.optional(),
  }),
  respondent: z.strictObject({ role: shortText.optional() }).optional(),
  ...answersFields,
});

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError([{ field: '(body)', message: 'expected a JSON object' }]);
  }
  const hidden = protoKeyPath(body);
  if (hidden) throw new ValidationError([{ field: hidden, message: 'is not an allowed field name' }]);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((i) => ({
      field: i.path.length ? i.path.join('.') : '(body)',
      message: describeIssue(i),
    })),
  );
}

/**
 * JSON.parse keeps a "__proto__" key as an own property, which validation
 * would then drop without a word: name it instead (the first one found).
 */
function protoKeyPath(value: unknown, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 8) return undefined;
  // The path is built only on the way back from a find: every body is searched, and nearly none has one.
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return key;
    const deeper = protoKeyPath((value as Record<string, unknown>)[key], depth + 1);
    if (deeper) return `${key}.${deeper}`;
  }
  return undefined;
}

function describeIssue(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys') {
    const more = i.keys.length > 10 ? ` and ${i.keys.length - 10} more` : '';
    return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.slice(0, 10).join(', ')}${more}`;
  }
  if (i.code === 'invalid_type') {
    const got = /received (\w+)/.exec(i.message)?.[1];
    return got === 'undefined' ? 'is required' : `expected ${i.expected}${got ? `; got ${got}` : ''}`;
  }
  return i.message;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

// Over 60 lines because it is a factory: one closure over deps returning short handlers.
export function apiHandlers({ assessments: service, rubrics }: AppDeps) {
  const singleAssessment = (id: string) => singleOnly(service, id);
  const rubricOrThrow = (id: string, version?: string) => {
    const rubric = rubrics.get(id, version);
    if (!rubric) throw new NotFoundError('rubric');
    return rubric;
  };

  return {
    listRubrics(_req: Request, res: Response) {
      res.json(rubrics.list());
    },

    showRubric(req: Request, res: Response) {
      const rubric = rubricOrThrow(String(req.params.rubricId), typeof req.query.version === 'string' ? req.query.version : undefined);
      res.json({
        id: rubric.id,
        version: rubric.version,
        title: rubric.title,
        description: rubric.description,
        claims: rubric.claims,
        dimensions: rubric.dimensions.map((d) => ({ id: d.id, title: d.title, weight: d.weight, facets: d.facets.map((f) => ({ id: f.id, title: f.title, weight: f.weight })) })),
        questions: rubric.questions.map((q) => ({
          id: q.id, dimension: q.dimension, facet: q.facet, prompt: q.prompt, ...(q.rolePrompts ? { rolePrompts: q.rolePrompts } : {}), help: q.help, claims: q.claims, required: q.required, weight: q.weight,
          ...(q.whoKnows ? { whoKnows: q.whoKnows } : {}), ...(q.appliesWhen ? { appliesWhen: q.appliesWhen } : {}),
          options: q.options.map((o) => ({ value: o.value, label: o.label, score: o.score, ...(o.unsure ? { unsure: true } : {}) })),
        })),
        flags: rubric.flags.map((f) => ({ id: f.id, severity: f.severity, message: f.message, claims: f.claims, ...(f.informational ? { informational: f.informational } : {}) })),
        ...(rubric.confidence ? { confidenceThreshold: rubric.confidence.threshold } : {}),
        recommendations: rubric.recommendations.map((r) => ({ code: r.code, title: r.title, summary: r.summary })),
      });
    },

    async createAssessment(req: Request, res: Response) {
      if (isObject(req.body) && Object.hasOwn(req.body, 'invitation')) {
        const body = parseBody(invitationAnswerSchema, req.body);
        const saved = await service.answerInvitation(body.invitation, { organisation: { name: '' }, respondent: {}, answers: body.answers, notes: body.notes }, body.status, body.nonce);
        // A respondent gets no result of their own: the round's combined result is the consultant's to deliver.
        const url = saved.status === 'submitted' ? `/assessments/${saved.id}` : `/assessments/${saved.id}/edit`;
        return void res.status(201).location(`/api/assessments/${saved.id}`).json({ id: saved.id, status: saved.status, url, result: null });
      }
      const body = parseBody(newAssessmentSchema, req.body);
      const saved = await service.create(
        { id: body.rubricId, version: body.rubricVersion },
        { organisation: body.organisation, respondent: body.respondent ?? {}, answers: body.answers, notes: body.notes },
        body.status,
        { nonce: body.nonce },
      );
      const url = saved.status === 'submitted' ? `/assessments/${saved.id}` : `/assessments/${saved.id}/edit`;
      res.status(201).location(`/api/assessments/${saved.id}`).json({ id: saved.id, status: saved.status, url, result: saved.result ?? null });
    },

    async showAssessment(req: Request, res: Response) {
      const { organisationId, ...record } = await service.get(String(req.params.id));
      // The organisation's id continues its history: the consultant's to hold, not the report's reader's.
      // A round's response is its holder's own answers; its result exists only combined with the others'.
      res.json({ ...record, ...(res.locals.consultant === true ? { organisationId } : {}), result: record.roundId ? null : (record.result ?? null) });
    },

    async exportJson(req: Request, res: Response) {
      const a = exportCopy(await singleAssessment(assessmentIdOf(req, res)), readerOf(res));
      const rubric = service.rubricFor({ id: a.rubricId, version: a.rubricVersion });
      res.attachment(exportFileName(a.organisation.name, dayOf(a.submittedAt ?? a.updatedAt), 'json'));
      res.type('application/json').send(JSON.stringify(assessmentJson(a, rubric), null, 2));
    },

    async exportCsv(req: Request, res: Response) {
      const a = exportCopy(await singleAssessment(assessmentIdOf(req, res)), readerOf(res));
      const rubric = service.rubricFor({ id: a.rubricId, version: a.rubricVersion });
      res.attachment(exportFileName(a.organisation.name, dayOf(a.submittedAt ?? a.updatedAt), 'csv'));
      res.type('text/csv; charset=utf-8').send(toCsv(assessmentCsvRows(a, rubric)));
    },
  };
}

/** An assessment that is not a round's response: those are exported only combined, through their round. */
export async function singleOnly(service: AppDeps['assessments'], id: string) {
  const a = await service.get(id);
  if (a.roundId) throw new NotFoundError('assessment');
  return a;
}
