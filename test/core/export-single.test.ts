import { describe, expect, it } from 'vitest';
import { assessmentCsvRows, assessmentTable, SINGLE_CSV_COLUMNS } from '../../src/core/export/single-csv.ts';
import { singleWorkbookTables } from '../../src/core/export/single-workbook.ts';
import { fixtureRubric } from './fixture-rubric.ts';
import { makeAssessment } from './export-fixtures.ts';

const rubric = fixtureRubric();
const record = (row: unknown[]) => Object.fromEntries(SINGLE_CSV_COLUMNS.map((c, i) => [c.header, row[i]]));

describe('one assessment as one table', () => {
  it('when submitted, then every question is a row of the same width, with the summary and its own dimension and facet scores', () => {
    const a = makeAssessment(rubric, { n: 1, name: 'Alpha Ltd', sector: 'retail', answers: { qa1: 'no', qa1b: 'yes', qa2: 'partly', qb1: 'yes' }, notes: { qa2: 'Half done' } });
    const rows = assessmentCsvRows(a, rubric);
    expect(rows[0]).toEqual(SINGLE_CSV_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(1 + rubric.questions.length);
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([SINGLE_CSV_COLUMNS.length]));
    const qa2 = record(rows.find((r) => r.includes('qa2'))!);
    expect(qa2).toMatchObject({
      organisation: 'Alpha Ltd', sector: 'retail', sector_label: 'Retail and consumer goods', assessed_on: '2026-11-25',
      recommendation: 'fix-alpha', recommendation_title: 'Fix alpha', flags: 'alpha-no', flag_labels: 'Alpha says no.',
      question_number: 3, question_id: 'qa2', dimension: 'alpha', dimension_title: 'Alpha', dimension_score: a.result!.dimensions.alpha!.score,
      facet: 'a2', facet_title: 'A two', facet_score: a.result!.dimensions.alpha!.facets.a2!.score, value: 'partly', label: 'Partly', score: 2, note: 'Half done',
    });
  });

  it('when a draft, then the result cells are empty and the answers are still listed', () => {
    const draft = makeAssessment(rubric, { n: 2, status: 'draft', answers: { qa1: 'yes' } });
    const rows = [...assessmentTable(draft, rubric).rows()].map(record);
    expect(rows).toHaveLength(rubric.questions.length);
    expect(rows[0]).toMatchObject({ status: 'draft', overall: null, recommendation: null, recommendation_title: null, flags: null, dimension_score: null, value: 'yes', label: 'Yes' });
    expect(rows[1]).toMatchObject({ value: null, label: null, score: null });
    const [summary, actions] = singleWorkbookTables(draft, rubric);
    expect([...summary!.rows()].map((r) => r[0])).not.toContain('recommendation');
    expect([...actions!.rows()]).toEqual([]);
  });
});
