import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { textOf } from './form-agent.ts';
import { ordinal } from '../../src/web/presenters/report-page-query.ts';

const AUTH = { Authorization: `Bearer ${CONSULTANT_KEY}` };
const EDUCATE = SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers;

describe("the consultant's benchmark on a report", () => {
  it('when five other organisations scored lower, then the consultant reads the 100th percentile among 5, the public reader sees no benchmark, and a new submission joins the cohort at once', async () => {
    const { app } = await buildTestApp();
    const submit = async (name: string, answers: Record<string, string>) =>
      (await request(app).post('/api/assessments').send({ organisation: { name, sector: 'retail', size: '10-49' }, respondent: { role: 'communications' }, answers }).expect(201)).body.id as string;
    for (let i = 1; i <= 4; i++) await submit(`Peer ${i}`, EDUCATE);
    const id = await submit('Harbour Bakery Ltd', WELL_PREPARED);
    // Four peers: too few to compare against.
    expect(textOf((await request(app).get(`/assessments/${id}`).set(AUTH).expect(200)).text)).toContain('Not enough other assessments with this rubric version yet');
    await submit('Peer 5', EDUCATE);
    const consultant = textOf((await request(app).get(`/assessments/${id}`).set(AUTH).expect(200)).text);
    expect(consultant).toContain('Among 5 other submitted assessments with this rubric version');
    expect(consultant).toMatch(/Overall: 100th percentile/);
    expect(textOf((await request(app).get(`/assessments/${id}`).expect(200)).text)).not.toMatch(/percentile/);
    // A peer's report ranks it below the well-prepared one and level with the other four.
    const peer = await submit('Peer 6', EDUCATE);
    expect(textOf((await request(app).get(`/assessments/${peer}`).set(AUTH).expect(200)).text)).toMatch(/Among 6 other submitted assessments[\s\S]*Overall: 42nd percentile/);
  });
});

describe('ordinal', () => {
  it.each([[1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'], [21, '21st'], [42, '42nd'], [63, '63rd'], [100, '100th'], [0, '0th']])('%i is written %s', (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});
