/**
 * One assessment as ONE table: a row per question of its rubric, with the
 * assessment's summary (organisation, date, rubric, recommendation, overall
 * score, flags) repeated on every row and the scores of the row's own
 * dimension and facet beside the answer. Every row has the same columns, so a
 * CSV parser reads the whole file and a spreadsheet filter works on any column
 * (the file used to be a summary block, a blank line and a second table).
 *
 * Codes keep their names (`recommendation`, `dimension`, `value`, `flags`, ...);
 * each has its words beside it (`recommendation_title`, `dimension_title`,
 * `label`, `flag_labels`, ...). Listed column by column in docs/api.md.
 */
import type { FullAssessment } from '../assessment/assessment.ts';
import type { Rubric } from '../rubric/schema.ts';
import { dayOf } from '../dates.ts';
import type { Cell } from './assessment-export.ts';
import { flagLabels, roleLabel, sectorLabel, sizeLabel, titlesOf } from './labels.ts';
import { day, number, text, timestamp, type Column, type Table } from './table.ts';

/** The summary of the assessment, the same on every row. */
const SUMMARY_COLUMNS: Column[] = [
  text('assessment_id', 24),
  text('organisation', 30),
  text('sector', 16),
  text('sector_label', 24),
  text('size', 10),
  text('size_label', 18),
  text('respondent_role', 16),
  text('respondent_role_label', 24),
  text('rubric_id', 18),
  text('rubric_version', 8),
  text('rubric_title', 30),
  text('status'),
  timestamp('created_at'),
  timestamp('submitted_at'),
  day('assessed_on'),
  number('overall'),
  text('overall_band'),
  number('confidence'),
  text('recommendation', 26),
  text('recommendation_title', 40),
  text('provisional'),
  text('speaker_model_fits'),
  day('reassess_by'),
  text('flags', 30),
  text('flag_labels', 60),
];

/** The answer to one question, with where it is scored. */
const ANSWER_COLUMNS: Column[] = [
  number('question_number'),
  text('question_id', 26),
  text('dimension', 14),
  text('dimension_title', 24),
  number('dimension_score'),
  text('dimension_band'),
  text('facet', 22),
  text('facet_title', 24),
  number('facet_score'),
  text('facet_band'),
  text('claims', 10),
  text('prompt', 60),
  text('value', 20),
  text('label', 40),
  number('score'),
  number('weight'),
  text('unsure'),
  text('note', 40),
];

export const SINGLE_CSV_COLUMNS: Column[] = [...SUMMARY_COLUMNS, ...ANSWER_COLUMNS];

function summaryCells(a: FullAssessment, rubric: Rubric): Cell[] {
  const r = a.result;
  const rec = r?.recommendation;
  return [
    a.id,
    a.organisation.name,
    a.organisation.sector ?? null,
    sectorLabel(a),
    a.organisation.size ?? null,
    sizeLabel(a),
    a.respondent.role ?? null,
    roleLabel(a),
    rubric.id,
    rubric.version,
    rubric.title,
    a.status,
    a.createdAt,
    a.submittedAt ?? null,
    a.submittedAt ? dayOf(a.submittedAt) : null,
    r?.overall ?? null,
    r?.band ?? null,
    r?.confidence ?? null,
    rec?.code ?? null,
    rec?.title ?? null,
    rec ? rec.provisional === true : null,
    rec ? rec.speakerModel.fits : null,
    rec?.reassessBy ?? null,
    r ? r.flags.map((f) => f.id).join(' ') : null,
    r ? flagLabels(r.flags) : null,
  ];
}

/** The assessment as one table, a row per question in the rubric's order (numbered 1-N as on the form). */
export function assessmentTable(a: FullAssessment, rubric: Rubric): Table {
  const titles = titlesOf(rubric);
  const summary = summaryCells(a, rubric);
  function* rows(): Generator<Cell[]> {
    let n = 0;
    for (const q of rubric.questions) {
      const value = Object.hasOwn(a.answers, q.id) ? a.answers[q.id]! : null;
      const option = q.options.find((o) => o.value === value);
      const ds = a.result?.dimensions[q.dimension];
      const fs = ds?.facets[q.facet];
      yield [
        ...summary,
        ++n,
        q.id,
        q.dimension,
        titles.dimension(q.dimension),
        ds?.score ?? null,
        ds?.band ?? null,
        q.facet,
        titles.facet(q.dimension, q.facet),
        fs?.score ?? null,
        fs?.band ?? null,
        q.claims.join(' '),
        q.prompt,
        value,
        option?.label ?? null,
        option ? option.score : null,
        q.weight,
        option?.unsure === true,
        a.notes[q.id] ?? null,
      ];
    }
  }
  return { name: 'Assessment', columns: SINGLE_CSV_COLUMNS, size: rubric.questions.length, rows };
}

/** The table as rows for `toCsv`: the header, then a row per question. */
export function assessmentCsvRows(a: FullAssessment, rubric: Rubric): Cell[][] {
  const table = assessmentTable(a, rubric);
  return [table.columns.map((c) => c.header), ...table.rows()];
}
