import { describe, expect, it } from 'vitest';
import { answersTable, hasFilters, portfolioSelection, rubricRefs, rubricTable, selectAssessments, summaryTable, workbookTables } from '../../src/core/export/bulk-rows.ts';
import { parsePortfolioQuery } from '../../src/core/portfolio/filters.ts';
import { fixtureRubric, fixtureRubricV2, rubricLookup } from './fixture-rubric.ts';
import { makeAssessment } from './export-fixtures.ts';

const v1 = fixtureRubric();
const v2 = fixtureRubricV2();
const lookup = rubricLookup;
const all = (answers: string) => ({ qa1: answers, qa1b: answers, qa2: answers, qb1: answers });
const query = (raw: Record<string, string> = {}) => parsePortfolioQuery(raw).query;
const headers = (t: { columns: Array<{ header: string }> }) => t.columns.map((c) => c.header);

describe('summaryTable', () => {
  it('when assessments are summarised, then each is one row with its scores, bands, recommendation and flags under typed columns, each code with its words beside it', () => {
    const a = makeAssessment(v1, { n: 1, name: 'Alpha Ltd', sector: 'retail', answers: { ...all('yes'), qa1: 'no' }, at: '2026-11-25T10:00:00.000Z' });
    const table = summaryTable([a], lookup([v1]));
    expect(headers(table)).toEqual([
      'assessment_id', 'organisation', 'organisation_id', 'sector', 'sector_label', 'size', 'size_label', 'rubric_id', 'rubric_version', 'status', 'created_at', 'submitted_at',
      'overall', 'overall_band',
      'alpha', 'alpha_band', 'alpha.a1', 'alpha.a1_band', 'alpha.a2', 'alpha.a2_band', 'beta', 'beta_band', 'beta.b1', 'beta.b1_band',
      'confidence', 'recommendation', 'recommendation_title', 'provisional', 'reassess_by', 'flags', 'flag_labels', 'respondent_role', 'respondent_role_label', 'round_id', 'result_kind', 'respondents',
    ]);
    const row = Object.fromEntries(headers(table).map((h, i) => [h, [...table.rows()][0]![i]]));
    expect(row).toMatchObject({
      assessment_id: a.id, organisation: 'Alpha Ltd', sector: 'retail', sector_label: 'Retail and consumer goods', size: null, size_label: null, rubric_id: 'fixture', rubric_version: '1.0.0', status: 'submitted',
      created_at: '2026-11-25T10:00:00.000Z', submitted_at: '2026-11-25T10:00:00.000Z',
      overall: a.result!.overall, overall_band: a.result!.band, 'alpha.a1': 75, 'beta.b1': 100, beta_band: 'strong',
      confidence: 100, recommendation: 'fix-alpha', recommendation_title: 'Fix alpha', provisional: 'false', reassess_by: a.result!.recommendation.reassessBy, flags: 'alpha-no', flag_labels: 'Alpha says no.',
    });
    expect(table.columns.find((c) => c.header === 'overall')!.type).toBe('number');
    expect(table.columns.find((c) => c.header === 'submitted_at')!.type).toBe('timestamp');
    expect(table.columns.find((c) => c.header === 'reassess_by')!.type).toBe('day');
    expect(table.size).toBe(1);
  });

  it('when assessments of two rubric versions are mixed, then the columns join both in id and version order whatever the row order', () => {
    const older = makeAssessment(v1, { n: 1, answers: all('yes') });
    const newer = makeAssessment(v2, { n: 2, answers: { ...all('yes'), qb2: 'no' } });
    const forwards = summaryTable([older, newer], lookup([v1, v2]));
    const backwards = summaryTable([newer, older], lookup([v1, v2]));
    expect(headers(forwards)).toEqual(headers(backwards));
    expect(headers(forwards).filter((h) => h.startsWith('beta'))).toEqual(['beta', 'beta_band', 'beta.b1', 'beta.b1_band', 'beta.b2', 'beta.b2_band']);
    const b2 = headers(forwards).indexOf('beta.b2');
    const [first, second] = [...forwards.rows()];
    expect(first![b2]).toBeNull();
    expect(second![b2]).toBe(0);
  });

  it('when the rubric is no longer known, then the score columns come from the stored result', () => {
    const a = makeAssessment(v2, { n: 3, answers: all('partly') });
    const table = summaryTable([a], lookup([]));
    expect(headers(table)).toContain('beta.b2');
    expect([...table.rows()][0]![headers(table).indexOf('alpha')]).toBe(50);
  });

  it('when a draft is summarised, then its result cells are empty', () => {
    const draft = makeAssessment(v1, { n: 4, status: 'draft', answers: { qa1: 'yes' } });
    const row = [...summaryTable([draft], lookup([v1])).rows()][0]!;
    // Every result cell is empty; only what kind of record it is remains.
    expect(row.slice(12, -2)).toEqual(Array(row.length - 14).fill(null));
    expect(row.slice(-2)).toEqual(['assessment', 1]);
  });
});

describe('answersTable', () => {
  it('when answers are listed, then there is a row per question of the rubric with its label, titles, score and note, unanswered ones empty', () => {
    const a = makeAssessment(v1, { n: 1, name: 'Beta plc', answers: { qa1: 'partly', qa1b: 'unsure', qa2: 'yes' }, notes: { qa2: 'Line one\nline two' } });
    const table = answersTable([a], lookup([v1]));
    expect(headers(table)).toEqual(['assessment_id', 'organisation', 'question_id', 'dimension', 'dimension_title', 'facet', 'facet_title', 'claims', 'value', 'label', 'score', 'note']);
    expect([...table.rows()]).toEqual([
      [a.id, 'Beta plc', 'qa1', 'alpha', 'Alpha', 'a1', 'A one', 'C1', 'partly', 'Partly', 2, null],
      [a.id, 'Beta plc', 'qa1b', 'alpha', 'Alpha', 'a1', 'A one', 'C1', 'unsure', 'Not sure', 0, null],
      [a.id, 'Beta plc', 'qa2', 'alpha', 'Alpha', 'a2', 'A two', 'C2', 'yes', 'Yes', 4, 'Line one\nline two'],
      [a.id, 'Beta plc', 'qb1', 'beta', 'Beta', 'b1', 'B one', 'C2', null, null, null, null],
    ]);
    expect(table.size).toBe(4);
  });

  it('when the rubric is no longer known, then each answer still has a row, placed by the stored result', () => {
    const a = makeAssessment(v1, { n: 1, answers: { qa1: 'yes', qa1b: 'no', qa2: 'yes', qb1: 'yes' } });
    const rows = [...answersTable([a], lookup([])).rows()];
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual([a.id, a.organisation.name, 'qa1b', 'alpha', null, 'a1', null, null, 'no', null, 0, null]);
  });
});

describe('rubricTable', () => {
  it('when a rubric is listed, then each question has its prompt, claims, weight and every option with its score', () => {
    const rows = [...rubricTable([v1]).rows()];
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual(['fixture', '1.0.0', 'qa1b', 'alpha', 'Alpha', 'a1', 'A one', 'A1b?', 'C1', 3, 'yes', 'no = 0: No\npartly = 2: Partly\nyes = 4: Yes\nunsure = 0: Not sure (not sure)']);
  });
});

describe('selectAssessments', () => {
  const made = [
    makeAssessment(v1, { n: 1, name: 'Cedar', sector: 'retail', answers: all('yes'), at: '2026-03-01T10:00:00.000Z' }),
    makeAssessment(v1, { n: 2, name: 'ash', sector: 'media', answers: all('no'), at: '2026-05-01T10:00:00.000Z' }),
    makeAssessment(v1, { n: 3, name: 'Birch', sector: 'retail', answers: all('partly'), at: '2026-04-01T10:00:00.000Z' }),
    makeAssessment(v1, { n: 4, name: 'Draft Co', status: 'draft', answers: {} }),
  ];
  const names = (raw: Record<string, string>) => selectAssessments(made, query(raw)).map((a) => a.organisation.name);

  it.each([
    ['no filter: submitted ones, newest first', {}, ['ash', 'Birch', 'Cedar']],
    ['a sector', { sector: 'retail' }, ['Birch', 'Cedar']],
    ['a recommendation', { recommendation: 'all-good' }, ['Birch', 'Cedar']],
    ['a band', { band: 'low' }, ['ash']],
    ['a date range', { from: '2026-03-15', to: '2026-04-30' }, ['Birch']],
    ['a sort by name', { sort: 'organisation', dir: 'asc' }, ['ash', 'Birch', 'Cedar']],
    ['a search', { q: 'CED' }, ['Cedar']],
  ])('when the query has %s, then the dashboard’s selection comes out in its order', (_name, raw, expected) => {
    expect(names(raw)).toEqual(expected);
  });

  it.each([
    [{}, false],
    [{ sort: 'overall', dir: 'asc' }, false],
    [{ sector: 'retail' }, true],
    [{ from: '2026-01-01' }, true],
  ])('when the query is %j, then hasFilters is %s', (raw, expected) => {
    expect(hasFilters(query(raw as Record<string, string>))).toBe(expected);
  });

  it('when a portfolio is selected without a filter, then the drafts come after the submitted ones; with a filter, only what matches', () => {
    expect(portfolioSelection(made, query()).map((a) => a.organisation.name)).toEqual(['ash', 'Birch', 'Cedar', 'Draft Co']);
    expect(portfolioSelection(made, query({ sector: 'media' })).map((a) => a.organisation.name)).toEqual(['ash']);
  });

  it('when a workbook is planned, then it has the Summary, Answers and Rubric tables', () => {
    expect(workbookTables(made, lookup([v1])).map((t) => [t.name, t.size])).toEqual([['Summary', 4], ['Answers', 16], ['Rubric', 4]]);
  });

  it('when rubric versions are listed, then each pair appears once, by id then version', () => {
    const a = makeAssessment(v2, { n: 5, answers: all('yes') });
    expect(rubricRefs([a, ...made, a])).toEqual([{ id: 'fixture', version: '1.0.0' }, { id: 'fixture', version: '1.1.0' }]);
  });
});
