import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { hiddenField, textOf } from './form-agent.ts';
import { STALE_MESSAGES } from '../../src/web/csrf-guard.ts';

describe('the CSRF guard on the consultant\'s forms', () => {
  it('when a form arrives without its token, then 403 says the page was open too long and nothing changes; with the token it goes through', async () => {
    const { app, store } = await buildTestApp({ rateLimits: 'off' });
    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Guarded Ltd' }, answers: SCENARIOS[1]!.answers }).expect(201);
    const id = created.body.id as string;
    const consultant = request.agent(app);
    const signIn = await consultant.get('/consultant/sign-in');
    await consultant.post('/consultant/sign-in').type('form').send({ _csrf: hiddenField(signIn.text, '_csrf'), key: CONSULTANT_KEY }).expect(303);
    const orgId = (await store.get(id))!.organisationId;

    const noLink = await consultant.post(`/assessments/${id}/share-links`).type('form').send({ label: 'For the board' }).expect(403);
    expect(textOf(noLink.text)).toContain(STALE_MESSAGES.createShareLink);
    const noRound = await consultant.post(`/consultant/organisations/${orgId}/rounds`).type('form').send('groups=leadership').expect(403);
    expect(textOf(noRound.text)).toContain(STALE_MESSAGES.round);
    expect(await store.shareLinksOf(id)).toEqual([]);
    expect(await store.roundsOf(orgId)).toEqual([]);

    const csrf = hiddenField((await consultant.get(`/assessments/${id}`)).text, '_csrf');
    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: csrf, label: 'For the board' }).expect(303);
    expect(await store.shareLinksOf(id)).toHaveLength(1);
  });
});
