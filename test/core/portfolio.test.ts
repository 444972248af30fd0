import { describe, expect, it } from 'vitest';
import type { AssessmentSummary } from '../../src/core/portfolio/summary.ts';
import { binOf, portfolioStats } from '../../src/core/portfolio/portfolio-stats.ts';
import { findDue, type DueCandidate } from '../../src/core/portfolio/due.ts';
import { checkChoices, parsePortfolioQuery } from '../../src/core/portfolio/filters.ts';
import { bandOf } from '../../src/core/scoring/bands.ts';

let n = 0;
function summary(over: Partial<AssessmentSummary> & { scores?: Record<string, number> } = {}): AssessmentSummary {
  const { scores = { experience: 50, mandate: 50 }, ...rest } = over;
  n++;
  return {
    id: `a${String(n).padStart(3, '0')}`,
    organisationId: `o${n}`,
    organisation: `Org ${n}`,
    sector: null,
    size: null,
    rubricId: 'social-ownership',
    rubricVersion: '1.0.0',
    submittedAt: '2026-11-01T10:00:00.000Z',
    overall: 50,
    band: 'partial',
    confidence: 100,
    dimensions: Object.fromEntries(Object.entries(scores).map(([id, score]) => [id, { score, band: bandOf(score) }])),
    recommendation: 'formalise-mandate',
    kind: 'assessment',
    respondents: 1,
    reassessBy: '2027-01-30',
    flags: [],
    ...rest,
  };
}

describe('binOf', () => {
  it.each([
    [0, 0],
    [9, 0],
    [10, 1],
    [39, 3],
    [40, 4],
    [69, 6],
    [70, 7],
    [99, 9],
    [100, 9],
  ])('when the score is %i, then it falls in bin %i (100 joins the top bin)', (score, bin) => {
    expect(binOf(score)).toBe(bin);
  });
});

describe('portfolioStats', () => {
  it('when there is nothing, then every count is empty and nothing divides by zero', () => {
    expect(portfolioStats([])).toEqual({ total: 0, recommendations: [], dimensions: [], flags: [], flagKinds: 0, unflagged: 0 });
  });

  it.each([
    { name: 'one each', codes: ['a', 'b'], expected: [{ id: 'a', count: 1 }, { id: 'b', count: 1 }] },
    { name: 'most first', codes: ['b', 'a', 'a', 'c', 'a', 'c'], expected: [{ id: 'a', count: 3 }, { id: 'c', count: 2 }, { id: 'b', count: 1 }] },
    { name: 'ties by code', codes: ['z', 'y', 'x', 'y', 'z'], expected: [{ id: 'y', count: 2 }, { id: 'z', count: 2 }, { id: 'x', count: 1 }] },
  ])('when recommendations are counted ($name), then each code has its count, most first', ({ codes, expected }) => {
    expect(portfolioStats(codes.map((c) => summary({ recommendation: c }))).recommendations).toEqual(expected);
  });

  it('when dimensions are spread, then each has ten 10-point bins, min, median and max, in the order of the first summary', () => {
    const stats = portfolioStats([
      summary({ scores: { experience: 0, mandate: 100 } }),
      summary({ scores: { experience: 45, mandate: 95 } }),
      summary({ scores: { experience: 49, mandate: 71 } }),
      summary({ scores: { experience: 100, mandate: 70 } }),
    ]);
    expect(stats.dimensions.map((d) => d.id)).toEqual(['experience', 'mandate']);
    expect(stats.dimensions[0]).toEqual({ id: 'experience', count: 4, bins: [1, 0, 0, 0, 2, 0, 0, 0, 0, 1], min: 0, median: 47, max: 100 });
    expect(stats.dimensions[1]).toEqual({ id: 'mandate', count: 4, bins: [0, 0, 0, 0, 0, 0, 0, 2, 0, 2], min: 70, median: 83, max: 100 });
  });

  it.each([
    { values: [30], median: 30 },
    { values: [30, 40], median: 35 },
    { values: [90, 10, 50], median: 50 },
    { values: [1, 2, 3, 10], median: 2.5 },
  ])('when the scores are $values, then the median is $median', ({ values, median }) => {
    expect(portfolioStats(values.map((v) => summary({ scores: { d: v } }))).dimensions[0]!.median).toBe(median);
  });

  it('when a dimension exists in only some summaries (another rubric), then it counts only those', () => {
    const stats = portfolioStats([summary({ scores: { a: 10 } }), summary({ scores: { a: 20, b: 80 } })]);
    expect(stats.dimensions.map((d) => [d.id, d.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('when flags are raised, then the ten most common come first with counts, each organisation counting a flag once', () => {
    const many = Array.from({ length: 12 }, (_, i) => `flag-${String.fromCharCode(97 + i)}`);
    const summaries = [
      summary({ flags: ['flag-l', 'flag-l', 'flag-k'] }),
      summary({ flags: ['flag-l', 'flag-k'] }),
      summary({ flags: ['flag-l'] }),
      summary({ flags: many }),
      summary({ flags: [] }),
    ];
    const stats = portfolioStats(summaries);
    expect(stats.flags).toHaveLength(10);
    expect(stats.flags.slice(0, 3)).toEqual([
      { id: 'flag-l', count: 4 },
      { id: 'flag-k', count: 3 },
      { id: 'flag-a', count: 1 },
    ]);
    expect(stats.flagKinds).toBe(12);
    expect(stats.unflagged).toBe(1);
    expect(portfolioStats(summaries, 2).flags.map((f) => f.id)).toEqual(['flag-l', 'flag-k']);
  });

  it('when the summaries are frozen (as the store hands them out), then counting does not change them', () => {
    const s = summary({ scores: { a: 30, b: 20 } });
    for (const d of Object.values(s.dimensions)) Object.freeze(d);
    Object.freeze(s.dimensions);
    Object.freeze(s);
    expect(() => portfolioStats([s])).not.toThrow();
  });
});

const candidate = (organisation: string, reassessBy: string, dues: string[] = []): DueCandidate => ({
  id: `id-${organisation}`,
  organisationId: `org-${organisation}`,
  organisation,
  reassessBy,
  actions: dues.map((due, i) => ({ title: `Action ${i + 1}`, owner: 'Chief executive', due })),
});

describe('findDue', () => {
  const today = '2026-11-25';

  it.each([
    { reassessBy: '2026-10-01', due: true, daysLeft: -55 },
    { reassessBy: '2026-11-24', due: true, daysLeft: -1 },
    { reassessBy: '2026-11-25', due: true, daysLeft: 0 },
    { reassessBy: '2026-12-09', due: true, daysLeft: 14 },
    { reassessBy: '2026-12-10', due: false, daysLeft: 15 },
    { reassessBy: '2027-02-23', due: false, daysLeft: 90 },
  ])('when reassess-by is $reassessBy (today 2026-11-25), then it is due: $due', ({ reassessBy, due, daysLeft }) => {
    const found = findDue([candidate('A', reassessBy)], today).reassessments;
    expect(found).toEqual(due ? [{ assessmentId: 'id-A', organisationId: 'org-A', organisation: 'A', reassessBy, daysLeft }] : []);
  });

  it.each([
    { due: '2026-11-24', overdue: true, days: 1 },
    { due: '2026-11-25', overdue: false, days: 0 },
    { due: '2026-11-26', overdue: false, days: 0 },
    { due: '2025-11-25', overdue: true, days: 365 },
  ])('when an action is due $due (today 2026-11-25), then it is overdue: $overdue', ({ due, overdue, days }) => {
    const found = findDue([candidate('A', '2027-06-01', [due])], today).overdueActions;
    expect(found).toEqual(overdue ? [{ assessmentId: 'id-A', organisationId: 'org-A', organisation: 'A', title: 'Action 1', owner: 'Chief executive', due, daysOverdue: days }] : []);
  });

  it('when several are due, then the most overdue come first, then by organisation name', () => {
    const due = findDue(
      [candidate('beta', '2026-12-01', ['2026-11-01', '2026-11-20']), candidate('Alpha', '2026-12-01', ['2026-11-20']), candidate('gamma', '2026-11-01', ['2026-12-20'])],
      today,
    );
    expect(due.reassessments.map((r) => [r.organisation, r.daysLeft])).toEqual([
      ['gamma', -24],
      ['Alpha', 6],
      ['beta', 6],
    ]);
    expect(due.overdueActions.map((a) => [a.organisation, a.due])).toEqual([
      ['beta', '2026-11-01'],
      ['Alpha', '2026-11-20'],
      ['beta', '2026-11-20'],
    ]);
  });

  it('when the window is given, then it replaces the 14 days', () => {
    expect(findDue([candidate('A', '2026-12-20')], today, 30).reassessments).toHaveLength(1);
    expect(findDue([candidate('A', '2026-12-20')], today, 7).reassessments).toHaveLength(0);
  });
});

describe('checkChoices', () => {
  const known = { recommendations: ['formalise-mandate', 'build-blended-team'], sectors: ['retail', 'media'] };
  const check = (raw: Record<string, string>) => checkChoices(parsePortfolioQuery(raw).query, known).map((e) => e.field);

  it.each<{ raw: Record<string, string>; fields: string[] }>([
    { raw: {}, fields: [] },
    { raw: { recommendation: 'formalise-mandate', sector: 'media' }, fields: [] },
    { raw: { recommendation: 'nope' }, fields: ['recommendation'] },
    { raw: { sector: 'space' }, fields: ['sector'] },
    { raw: { from: '2026-11-01', to: '2026-11-01' }, fields: [] },
    { raw: { from: '2026-11-02', to: '2026-11-01' }, fields: ['to'] },
    { raw: { from: 'soon', to: '2026-11-01' }, fields: [] },
  ])('when the query is $raw, then the fields in error are $fields', ({ raw, fields }) => {
    expect(check(raw)).toEqual(fields);
  });
});
