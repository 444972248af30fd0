/**
 * One assessment's workbook, laid out for the person who opens it rather than
 * for a script: Summary (a field per row: the recommendation's title and code,
 * why, the verdict on the speaker model, scores and flags), Actions (the plan,
 * with each due date a real date cell), Answers (a row per question, numbered
 * as on the form) and the Rubric the answers were scored with.
 *
 * Summary's columns: `field` (a stable key, the single CSV's column name where
 * there is one), `label` (what a reader calls it), `value` (the words, or the
 * number) and `code` (the code behind the words, where there is one).
 */
import type { FullAssessment } from '../assessment/assessment.ts';
import type { Rubric } from '../rubric/schema.ts';
import { dayOf } from '../dates.ts';
import type { Cell } from './assessment-export.ts';
import { rubricTable } from './bulk-rows.ts';
import { roleLabel, sectorLabel, sizeLabel, titlesOf } from './labels.ts';
import { day, mixed, number, text, type Table } from './table.ts';

type SummaryRow = [field: string, label: string, value: Cell, code?: Cell];

// Over 60 lines because it is the Summary sheet's rows, in the order a reader meets them.
function summaryRows(a: FullAssessment, rubric: Rubric): SummaryRow[] {
  const r = a.result;
  const rows: SummaryRow[] = [
    ['organisation', 'Organisation', a.organisation.name],
    ['sector', 'Sector', sectorLabel(a), a.organisation.sector ?? null],
    ['size', 'Size', sizeLabel(a), a.organisation.size ?? null],
    ['respondent_role', 'Answered by', roleLabel(a), a.respondent.role ?? null],
    ['assessed_on', 'Assessed on', a.submittedAt ? dayOf(a.submittedAt) : null],
    ['rubric_id', 'Rubric', rubric.title, rubric.id],
    ['rubric_version', 'Rubric version', rubric.version],
    ['status', 'Status', a.status],
  ];
  if (a.id) rows.push(['assessment_id', 'Assessment id', a.id]);
  if (!r) return rows;
  const rec = r.recommendation;
  rows.push(
    ['recommendation', 'Recommendation', rec.title, rec.code],
    ['recommendation_summary', 'In short', rec.summary],
    ['provisional', 'Provisional (too little known for a firm verdict)', rec.provisional === true],
    ...rec.rationale.map((sentence, i): SummaryRow => ['rationale', i === 0 ? 'Why' : '', sentence]),
    ['speaker_model_fits', 'Verdict: does the speaker model fit?', rec.speakerModel.fits],
    ['speaker_model_explanation', 'Verdict explained', rec.speakerModel.explanation],
    ['reassess_by', 'Reassess by', rec.reassessBy],
    ['overall', 'Overall score (0-100)', r.overall],
    ['overall_band', 'Overall band', r.band],
    ['confidence', 'Answered with certainty (% of question weight)', r.confidence],
  );
  for (const dim of rubric.dimensions) {
    const d = r.dimensions[dim.id];
    if (!d) continue;
    rows.push([d.id, `${dim.title}: score`, d.score, d.id], [`${d.id}_band`, `${dim.title}: band`, d.band]);
    for (const f of dim.facets) {
      const score = d.facets[f.id]?.score;
      if (score !== undefined) rows.push([`${d.id}.${f.id}`, `${dim.title}, ${f.title}: score`, score, f.id]);
    }
  }
  for (const f of r.flags) rows.push(['flag', `Red flag (${f.severity})`, f.message, f.id]);
  return rows;
}

export function singleSummaryTable(a: FullAssessment, rubric: Rubric): Table {
  const rows = summaryRows(a, rubric);
  return {
    name: 'Summary',
    columns: [text('field', 24), text('label', 40), mixed('value', 80), text('code', 26)],
    size: rows.length,
    rows: () => rows.map(([field, label, value, code]) => [field, label, value, code ?? null]),
  };
}

export function actionsTable(a: FullAssessment): Table {
  const actions = a.result?.recommendation.actions ?? [];
  return {
    name: 'Actions',
    columns: [number('number'), { ...text('title', 60), wrap: true }, text('owner', 30), day('due'), text('claims', 10)],
    size: actions.length,
    rows: () => actions.map((x, i) => [i + 1, x.title, x.owner, x.due, x.claims.join(' ')]),
  };
}

export function singleAnswersTable(a: FullAssessment, rubric: Rubric): Table {
  const titles = titlesOf(rubric);
  return {
    name: 'Answers',
    columns: [
      number('question_number'),
      text('question_id', 26),
      { ...text('prompt', 60), wrap: true },
      text('value', 20),
      { ...text('label', 40), wrap: true },
      number('score'),
      text('unsure'),
      text('dimension', 14),
      text('dimension_title', 24),
      text('facet', 22),
      text('facet_title', 24),
      text('claims', 10),
      { ...text('note', 40), wrap: true },
      text('assessment_id', 24),
      text('organisation', 30),
    ],
    size: rubric.questions.length,
    rows: () =>
      rubric.questions.map((q, i) => {
        const value = Object.hasOwn(a.answers, q.id) ? a.answers[q.id]! : null;
        const option = q.options.find((o) => o.value === value);
        return [i + 1, q.id, q.prompt, value, option?.label ?? null, option ? option.score : null, option?.unsure === true, q.dimension, titles.dimension(q.dimension), q.facet, titles.facet(q.dimension, q.facet), q.claims.join(' '), a.notes[q.id] ?? null, a.id || null, a.organisation.name];
      }),
  };
}

/** The sheets of one assessment's workbook, in order. */
export function singleWorkbookTables(a: FullAssessment, rubric: Rubric): Table[] {
  return [singleSummaryTable(a, rubric), actionsTable(a), singleAnswersTable(a, rubric), rubricTable([rubric])];
}
