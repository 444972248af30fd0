import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { answerFields, openForm, textOf } from './form-agent.ts';

describe('an organisation over time', () => {
  it('when a follow-up assessment starts from the report link, then it joins the same organisation and its report shows what changed', async () => {
    const clock = { now: new Date('2026-06-01T09:00:00Z') };
    const { app, store } = await buildTestApp({ now: () => clock.now });
    const before = SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers;
    const first = await request(app).post('/api/assessments').send({ organisation: { name: 'Growing Ltd', sector: 'retail' }, answers: before }).expect(201);
    const report = await request(app).get(`/assessments/${first.body.id}`).expect(200);
    const link = `/assessments/new?organisation=${/href="\/assessments\/new\?organisation&#x3D;([\w-]{22})"/.exec(report.text)![1]}`;
    expect(textOf(report.text)).not.toContain('What changed since the previous assessment');

    clock.now = new Date('2026-11-25T10:00:00Z');
    const { agent, hidden, page } = await openForm(app, link);
    expect(textOf(page.text)).toContain('This assessment continues the history of Growing Ltd');
    const orgId = /name="organisationId" value="([\w-]{22})"/.exec(page.text)![1]!;
    // A different typed name does not split the history: matching is by record.
    const sent = await agent.post('/assessments').type('form').send({ ...hidden, organisationId: orgId, organisationName: 'Growing Limited', ...answerFields(WELL_PREPARED), intent: 'submit' }).expect(303);
    const secondId = sent.headers.location!.split('/')[2]!;
    const second = await store.get(secondId);
    expect(second!.organisationId).toBe(first.body.result && (await store.get(first.body.id))!.organisationId);
    expect(second!.organisation.name).toBe('Growing Ltd');
    expect(await store.listOrganisations()).toHaveLength(1);

    const text = textOf((await request(app).get(`/assessments/${secondId}`).expect(200)).text);
    expect(text).toContain('What changed since the previous assessment');
    expect(text).toMatch(/Compared with the assessment of 1 June 2026/);
    expect(text).toMatch(/Leadership readiness \d+ \(low\) 100 \(strong\) \+\d+/);
    expect(text).toMatch(/Red flags cleared since then control-mindset/);
    expect(text).toMatch(/The recommendation moved from .* \( educate-leadership-first \) to .* \( assign-experienced-owner \)/);
  });

  it('when the organisation id in the form is unknown, then 422 and nothing is stored', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, organisationId: 'AAAAAAAAAAAAAAAAAAAAAA', organisationName: 'X', intent: 'draft' }).expect(422);
    expect(textOf(res.text)).toContain('unknown organisation');
    expect(await store.list()).toEqual([]);
  });
});
