import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { hiddenField, textOf } from './form-agent.ts';

async function setUp() {
  const clock = { now: new Date('2026-11-25T10:00:00Z') };
  const built = await buildTestApp({ now: () => clock.now });
  const created = await request(built.app).post('/api/assessments').send({ organisation: { name: 'Shared Co' }, answers: SCENARIOS[1]!.answers }).expect(201);
  const id = created.body.id as string;
  const consultant = request.agent(built.app);
  const signIn = await consultant.get('/consultant/sign-in');
  await consultant.post('/consultant/sign-in').type('form').send({ _csrf: hiddenField(signIn.text, '_csrf'), key: CONSULTANT_KEY }).expect(303);
  const report = await consultant.get(`/assessments/${id}`).expect(200);
  return { ...built, clock, id, consultant, csrf: hiddenField(report.text, '_csrf') };
}


describe('share links', () => {
  it('when the consultant makes a link with a label, then it lists with its expiry (30 days by default) and opens the report read-only', async () => {
    const { app, id, consultant, csrf, store } = await setUp();
    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: csrf, label: 'For the board' }).expect(303).expect('location', `/assessments/${id}#share-links`);
    const [link] = await store.shareLinksOf(id);
    expect(link).toMatchObject({ assessmentId: id, label: 'For the board', createdAt: '2026-11-25T10:00:00.000Z', expiresAt: '2026-12-25T10:00:00.000Z', views: [] });
    expect(link!.token).toMatch(/^[\w-]{43}$/);
    const report = textOf((await consultant.get(`/assessments/${id}`)).text);
    expect(report).toContain('For the board');
    expect(report).toContain(`/s/${link!.token}`);

    const shared = await request(app).get(`/s/${link!.token}`).expect(200);
    expect(textOf(shared.text)).toContain('Shared Co');
    expect(textOf(shared.text)).toContain('A read-only copy of this report');
    expect(shared.text).not.toContain('Make a share link');
    expect(shared.text).not.toContain('/edit');
    expect(shared.headers['referrer-policy']).toBe('no-referrer');
  });

  it('when a share link is opened, then each view is recorded with its time and shown to the consultant', async () => {
    const { app, id, consultant, csrf, clock, store } = await setUp();
    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: csrf }).expect(303);
    const [link] = await store.shareLinksOf(id);
    await request(app).get(`/s/${link!.token}`).expect(200);
    clock.now = new Date('2026-11-25T20:30:00Z');
    await request(app).get(`/s/${link!.token}`).expect(200);
    expect((await store.getShareLink(link!.token))!.views).toEqual([{ at: '2026-11-25T10:00:00.000Z' }, { at: '2026-11-25T20:30:00.000Z' }]);
    const listed = await consultant.get(`/api/assessments/${id}/share-links`).expect(200);
    expect(listed.body[0]).toMatchObject({ token: link!.token, state: 'active', views: [{ at: '2026-11-25T10:00:00.000Z' }, { at: '2026-11-25T20:30:00.000Z' }] });
    expect(textOf((await consultant.get(`/assessments/${id}`)).text)).toContain('25/11/2026 20:30 UTC');
  });

  it('when the expiry has passed, then the link answers 410 with a page that says so, and no view is recorded', async () => {
    const { app, id, consultant, csrf, clock, store } = await setUp();
    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: csrf, days: '7' }).expect(303);
    const [link] = await store.shareLinksOf(id);
    clock.now = new Date('2026-12-02T09:59:59Z');
    await request(app).get(`/s/${link!.token}`).expect(200);
    clock.now = new Date('2026-12-02T10:00:00Z');
    const gone = await request(app).get(`/s/${link!.token}`).expect(410);
    expect(textOf(gone.text)).toContain('This share link has expired');
    expect(gone.text).not.toContain('Shared Co');
    expect((await store.getShareLink(link!.token))!.views).toHaveLength(1);
  });

  it('when the consultant revokes a link, then it answers 410 and says it was revoked', async () => {
    const { app, id, consultant, csrf, store } = await setUp();
    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: csrf }).expect(303);
    const [link] = await store.shareLinksOf(id);
    await consultant.post(`/assessments/${id}/share-links/${link!.token}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expect(textOf((await request(app).get(`/s/${link!.token}`).expect(410)).text)).toContain('This share link was revoked');
    expect((await consultant.get(`/api/assessments/${id}/share-links`)).body[0].state).toBe('revoked');
  });

  it('when someone without the key tries to make or revoke a link, then 401 and nothing changes', async () => {
    const { app, id, store } = await setUp();
    const anon = request.agent(app);
    const page = await anon.get(`/assessments/${id}`);
    expect(page.text).not.toContain('Make a share link');
    await anon.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: 'x' }).expect(401);
    expect(await store.shareLinksOf(id)).toEqual([]);
  });

  it('when the days are not a whole number from 1 to 365, then 422 names the field and no link is made', async () => {
    const { id, consultant, csrf, store } = await setUp();
    const res = await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: csrf, label: 'Keep me', days: '9999' }).expect(422);
    expect(textOf(res.text)).toContain('days: must be a whole number of days from 1 to 365; got "9999"');
    expect(res.text).toContain('value="Keep me"');
    expect(await store.shareLinksOf(id)).toEqual([]);
  });

  it('when an unknown or malformed token is opened, then 404', async () => {
    const { app } = await setUp();
    await request(app).get(`/s/${'A'.repeat(43)}`).expect(404);
    await request(app).get('/s/short').expect(404);
  });
});
