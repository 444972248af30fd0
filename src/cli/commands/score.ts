/** `social-audit score answers.json`: scores a set of answers and prints the report, storing nothing. */
import { z } from 'zod';
import { evaluate } from '../../core/evaluate.ts';
import { checkInput } from '../../core/assessment/check-input.ts';
import type { AssessmentInput, FullAssessment } from '../../core/assessment/assessment.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import { assessmentCsvRows } from '../../core/export/single-csv.ts';
import { loadRubricFile } from '../../rubric-files/load-rubrics.ts';
import { toCsv } from '../../formats/csv.ts';
import { parse, oneOf } from '../args.ts';
import { invalidInput, ioError, usageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { readJson } from '../read-input.ts';
import { openRubrics, rubricsFolder } from '../rubric-source.ts';
import { textReport } from '../text-report.ts';
import { dayOf, isDay } from '../../core/dates.ts';
import { LIMITS } from '../../core/assessment/profile-options.ts';

export const SCORE_HELP = `Usage: social-audit score <answers.json> [options]

Scores a set of answers and prints the report. Nothing is stored.
The file is what POST /api/assessments takes:
  {"organisation": {"name": "Acme"}, "answers": {"tone-guide": "written", ...}, "notes": {...}}

Options:
  --rubric <file>        score with this rubric file (default: the rubric the
                         file names with rubricId/rubricVersion, or the default one)
  --rubrics <folder>     the rubrics folder (default: $RUBRICS_DIR or the shipped one)
  --date <yyyy-mm-dd>    the submission date the action plan counts from (default: today, UTC)
  --format <format>      text (default), json or csv
`;

const FORMATS = ['text', 'json', 'csv'] as const;

// The same limits as the API's body (src/web/routes/api.ts), from the same place.
const note = z.string().max(LIMITS.note, `must be at most ${LIMITS.note} characters`);
const answersFile = z.strictObject({
  rubricId: z.string().max(100).optional(),
  rubricVersion: z.string().max(100).optional(),
  organisation: z.strictObject({ name: z.string().max(LIMITS.organisationName, `must be at most ${LIMITS.organisationName} characters`), sector: z.string().max(100).optional(), size: z.string().max(100).optional() }),
  respondent: z.strictObject({ role: z.string().max(100).optional() }).optional(),
  answers: z.record(z.string().max(100), z.string().max(100)).default({}),
  notes: z.record(z.string().max(100), note).default({}),
  // Accepted so that an API request body can be scored as it is; not used here.
  status: z.enum(['draft', 'submitted']).optional(),
  nonce: z.string().max(100).optional(),
});

async function chooseRubric(file: z.output<typeof answersFile>, rubricFlag: string | undefined, rubricsFlag: string | undefined, io: CliIo): Promise<Rubric> {
  if (rubricFlag) {
    let loaded;
    try {
      loaded = await loadRubricFile(rubricFlag);
    } catch (err) {
      throw ioError(`cannot read the rubric ${rubricFlag}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    if (!loaded.rubric) throw invalidInput(`the rubric ${rubricFlag} is invalid`, (loaded.report ?? '').split('\n'));
    return loaded.rubric;
  }
  const registry = await openRubrics(rubricsFolder(rubricsFlag, io.env));
  if (!file.rubricId) return registry.defaultRubric();
  const rubric = registry.get(file.rubricId, file.rubricVersion);
  if (!rubric) {
    const known = registry.list().map((r) => `${r.id}@${r.version}`).join(', ');
    throw invalidInput(`unknown rubric "${file.rubricId}${file.rubricVersion ? `@${file.rubricVersion}` : ''}"; known: ${known}`);
  }
  return rubric;
}

export async function score(args: string[], io: CliIo): Promise<void> {
  const { values, positionals, help } = parse(args, { rubric: { type: 'string' }, rubrics: { type: 'string' }, date: { type: 'string' }, format: { type: 'string' } }, { min: 1, max: 1, names: 'the answers file' });
  if (help) return void io.stdout.write(SCORE_HELP);
  const format = oneOf('format', values.format, FORMATS, 'text');
  const day = values.date ?? dayOf(io.now());
  if (!isDay(day)) throw usageError(`--date must be a date like 2026-11-25; got "${day}"`);

  const path = positionals[0]!;
  const parsed = answersFile.safeParse(await readJson(path));
  if (!parsed.success) {
    throw invalidInput(`${path} is not a set of answers`, parsed.error.issues.map((i) => `${path}: ${i.path.join('.') || '(top level)'}: ${i.code === 'unrecognized_keys' ? `unknown field ${i.keys.join(', ')}` : i.message}`));
  }
  const file = parsed.data;
  const rubric = await chooseRubric(file, values.rubric, values.rubrics, io);
  const input: AssessmentInput = { organisation: file.organisation, respondent: file.respondent ?? {}, answers: file.answers, notes: file.notes };
  const errors = checkInput(rubric, input, 'submitted');
  if (errors.length) throw invalidInput(`${path} cannot be scored with ${rubric.id}@${rubric.version}`, errors.map((e) => `${path}: ${e.field}: ${e.message}`));

  const result = evaluate(rubric, input.answers, day);
  const organisation = input.organisation.name.trim();
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ organisation: { ...input.organisation, name: organisation }, rubric: { id: rubric.id, version: rubric.version, title: rubric.title }, scoredOn: day, result }, null, 2)}\n`);
  } else if (format === 'csv') {
    const at = `${day}T00:00:00.000Z`;
    const unsaved: FullAssessment = {
      id: '', rubricId: rubric.id, rubricVersion: rubric.version, organisationId: '', organisation: { ...input.organisation, name: organisation },
      respondent: input.respondent, answers: input.answers, notes: input.notes, status: 'submitted', createdAt: at, updatedAt: at, submittedAt: at, result,
    };
    io.stdout.write(toCsv(assessmentCsvRows(unsaved, rubric)));
  } else {
    io.stdout.write(textReport(organisation, rubric, result, day, input.answers));
  }
}
