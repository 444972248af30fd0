import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { parse } from 'yaml';
import { parseRubric } from '../../src/core/rubric/parse-rubric.ts';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';
import { evaluate } from '../../src/core/evaluate.ts';
import { textReport } from '../../src/cli/text-report.ts';
import { buildTestApp, CONSULTANT_KEY, RUBRICS_DIR } from '../helpers/app.ts';
import { WELL_PREPARED, WELL_PREPARED_V1 } from '../fixtures/answer-sets.ts';

/** The shipped 1.0.0 rubric with its own band lines: low below 30, partial 30 to 49, strong from 50. */
async function rubricWithLines() {
  const doc = parse(await readFile(join(RUBRICS_DIR, 'social-ownership-1.0.0.yaml'), 'utf8'));
  doc.bands = { partial: 30, strong: 50 };
  const parsed = parseRubric(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rubric;
}

describe('band lines set by the rubric', () => {
  it('when a rubric sets its own lines, then the report page and the dashboard portfolio state those lines, not 40 and 70', async () => {
    const { app } = await buildTestApp({ rubrics: createRubricRegistry([await rubricWithLines()]) });
    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Lines Ltd' }, answers: WELL_PREPARED_V1 }).expect(201);
    const report = await request(app).get(`/assessments/${created.body.id}`).expect(200);
    expect(report.text).toContain('Below 30 is low, 30 to 49 partial, 50 and above strong.');
    expect(report.text).not.toContain('Below 40 is low');
    const dashboard = await request(app).get('/consultant').set({ Authorization: `Bearer ${CONSULTANT_KEY}` }).expect(200);
    expect(dashboard.text).toContain('coloured by band: below 30 low, 30 to 49 partial, 50 and above strong.');
  });

  it('when the shipped rubric is used, then the report page and the dashboard state 40 and 70 as before', async () => {
    const { app } = await buildTestApp();
    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Default Ltd' }, answers: WELL_PREPARED }).expect(201);
    const report = await request(app).get(`/assessments/${created.body.id}`).expect(200);
    expect(report.text).toContain('Below 40 is low, 40 to 69 partial, 70 and above strong.');
    const dashboard = await request(app).get('/consultant').set({ Authorization: `Bearer ${CONSULTANT_KEY}` }).expect(200);
    expect(dashboard.text).toContain('coloured by band: below 40 low, 40 to 69 partial, 70 and above strong.');
  });

  it('when a rubric sets its own lines, then the text report states them', async () => {
    const rubric = await rubricWithLines();
    const text = textReport('Lines Ltd', rubric, evaluate(rubric, WELL_PREPARED_V1, '2026-11-25'), '2026-11-25', WELL_PREPARED_V1);
    expect(text).toContain('SCORES (out of 100; below 30 is low, 30 to 49 partial, 50 and above strong)');
  });
});
