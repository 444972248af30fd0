import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.ts';
import { compactRecord } from '../../src/core/assessment/compact-result.ts';
import type { Assessment } from '../../src/core/assessment/assessment.ts';
import { summarise } from '../../src/core/portfolio/summary.ts';
import { mergedLayout, rubricRefs, summaryRow } from '../../src/core/export/bulk-rows.ts';
import { recordOfSummary, summaryDetail } from '../../src/core/export/summary-detail.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { fakeId } from './export-fixtures.ts';

describe('summaryDetail and recordOfSummary', () => {
  it('when a summary row is made from a summary and its detail (kept as JSON, as the start-up index keeps it), then it is the row made from the stored record', async () => {
    const rubrics = await shippedRubrics();
    const rubric = rubrics.defaultRubric();
    // Every recommendation, and one answered "not sure" throughout: a provisional result with its own title.
    const unsure = Object.fromEntries(rubric.questions.map((q) => [q.id, (q.options.find((o) => o.unsure) ?? q.options[0]!).value]));
    const answerSets = [...SCENARIOS.map((s) => s.answers), unsure];
    const roles = [undefined, 'leadership', 'communications', 'proposed-owner', 'other'];
    const records: Assessment[] = answerSets.map((answers, n) =>
      compactRecord({
        id: fakeId('asm', n), rubricId: rubric.id, rubricVersion: rubric.version, organisationId: fakeId('org', n),
        organisation: { name: `Client ${n}`, ...(n % 2 ? { sector: 'retail' } : {}), ...(n % 3 ? { size: '10-49' } : {}) },
        respondent: roles[n % roles.length] ? { role: roles[n % roles.length] } : {}, answers, notes: {}, status: 'submitted',
        createdAt: '2026-10-01T09:00:00.000Z', updatedAt: '2026-10-02T09:00:00.000Z', submittedAt: '2026-10-02T09:00:00.000Z',
        result: evaluate(rubric, answers, '2026-10-02'),
      }),
    );
    expect(records.some((a) => a.result!.recommendation.provisional === true)).toBe(true);
    expect(records.some((a) => a.result!.flags.length > 1)).toBe(true);
    const layout = mergedLayout(rubricRefs(records), (id, version) => rubrics.get(id, version), () => undefined);
    for (const a of records) {
      const detail = JSON.parse(JSON.stringify(summaryDetail(a)));
      expect(summaryRow(recordOfSummary(summarise(a)!, detail), layout)).toEqual(summaryRow(a, layout));
    }
  });

  it("when the record is a round's response or has no result, then it has no detail (its rows are read from the record)", async () => {
    const rubric = (await shippedRubrics()).defaultRubric();
    const base: Assessment = {
      id: fakeId('asm', 1), rubricId: rubric.id, rubricVersion: rubric.version, organisationId: fakeId('org', 1), organisation: { name: 'Client' },
      respondent: {}, answers: {}, notes: {}, status: 'draft', createdAt: '2026-10-01T09:00:00.000Z', updatedAt: '2026-10-01T09:00:00.000Z',
    };
    expect(summaryDetail(base)).toBeNull();
    expect(summaryDetail({ ...base, roundId: fakeId('rnd', 1), status: 'submitted', result: evaluate(rubric, SCENARIOS[0]!.answers, '2026-10-01') })).toBeNull();
  });
});
