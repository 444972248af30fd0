import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { answerFields, completeForm, consultantAgent, openForm, textOf } from './form-agent.ts';

describe('an organisation over time', () => {
  it('when the consultant starts a follow-up assessment from the report link, then it joins the same organisation and its report shows what changed', async () => {
    const clock = { now: new Date('2026-06-01T09:00:00Z') };
    const { app, store } = await buildTestApp({ now: () => clock.now });
    const before = SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers;
    const first = await request(app).post('/api/assessments').send({ organisation: { name: 'Growing Ltd', sector: 'retail' }, answers: before }).expect(201);
    clock.now = new Date('2026-11-25T10:00:00Z');
    const consultant = await consultantAgent(app);
    const report = await consultant.get(`/assessments/${first.body.id}`).expect(200);
    const link = `/assessments/new?organisation=${/href="\/assessments\/new\?organisation&#x3D;([\w-]{22})"/.exec(report.text)![1]}`;
    expect(textOf(report.text)).not.toContain('What changed since the previous assessment');

    const { agent, hidden, page } = await openForm(app, link, consultant);
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
    expect(text).toMatch(/Red flags cleared since then Leaders treat social media as something to control/);
    expect(text).toMatch(/The recommendation moved from Educate the leaders first, then decide ownership to Give ownership/);
    expect(text).not.toContain('control-mindset');
  });

  it('when the organisation id in the consultant\'s form is unknown, then 422 and nothing is stored', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app, '/assessments/new', await consultantAgent(app));
    const res = await agent.post('/assessments').type('form').send({ ...hidden, organisationId: 'AAAAAAAAAAAAAAAAAAAAAA', organisationName: 'X', intent: 'draft' }).expect(422);
    expect(textOf(res.text)).toContain('unknown organisation');
    expect(await store.list()).toEqual([]);
  });
});

// Issue 13, finding 4: an organisation's id printed on a public page let anyone add to its history.
describe('continuing an organisation needs the consultant', () => {
  async function clientWithTwoReports() {
    const clock = { now: new Date('2026-06-01T09:00:00Z') };
    const built = await buildTestApp({ now: () => clock.now });
    const first = await request(built.app).post('/api/assessments').send({ organisation: { name: 'Private Client Ltd', sector: 'retail' }, answers: WELL_PREPARED }).expect(201);
    const orgId = (await built.store.get(first.body.id))!.organisationId;
    clock.now = new Date('2026-11-25T10:00:00Z');
    const consultant = await consultantAgent(built.app);
    const { hidden } = await openForm(built.app, `/assessments/new?organisation=${orgId}`, consultant);
    const sent = await consultant.post('/assessments').type('form').send({ ...hidden, organisationId: orgId, ...answerFields(WELL_PREPARED), intent: 'submit' }).expect(303);
    return { ...built, orgId, firstId: first.body.id as string, secondId: sent.headers.location!.split('/')[2]! };
  }

  it('when anyone without the consultant\'s session reads a report or its API record, then neither the organisation id nor the previous report\'s address is on it', async () => {
    const { app, orgId, firstId, secondId } = await clientWithTwoReports();
    const page = await request(app).get(`/assessments/${secondId}`).expect(200);
    expect(textOf(page.text)).toContain('What changed since the previous assessment');
    expect(page.text).not.toContain(orgId);
    expect(page.text).not.toContain(firstId);
    expect(page.text).not.toContain('/assessments/new?organisation');
    const record = await request(app).get(`/api/assessments/${secondId}`).expect(200);
    expect(JSON.stringify(record.body)).not.toContain(orgId);
    for (const format of ['json', 'csv']) expect((await request(app).get(`/api/assessments/${secondId}/export.${format}`).expect(200)).text).not.toContain(orgId);
  });

  it('when an anonymous visitor opens /assessments/new?organisation=<id>, then the form is blank: no name, sector or history of that organisation', async () => {
    const { app, orgId } = await clientWithTwoReports();
    const { page } = await openForm(app, `/assessments/new?organisation=${orgId}`);
    expect(page.text).not.toContain('Private Client Ltd');
    expect(page.text).not.toContain(orgId);
    expect(textOf(page.text)).not.toContain('continues the history');
  });

  it('when an anonymous form sends an organisation id, then 403, nothing is stored and the typed answers come back', async () => {
    const { app, store, orgId } = await clientWithTwoReports();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, organisationId: orgId, ...completeForm('Intruder Ltd'), intent: 'submit' }).expect(403);
    expect(textOf(res.text)).toContain("needs the consultant to be signed in");
    expect(res.text).toContain('value="Intruder Ltd"');
    expect(res.text).not.toContain('Private Client Ltd');
    expect(await store.assessmentsOf(orgId)).toHaveLength(2);
    expect(await store.listOrganisations()).toHaveLength(1);
  });
});
