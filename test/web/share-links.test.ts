import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { consultantAgent, hiddenField, textOf } from './form-agent.ts';

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

  // Issue 13, finding 1: the shared page linked to /api/assessments/<id>/export.*, handing out the report's own address.
  it('when a link is shared, then its page and exports live under /s/<token>/ and never print the report\'s or the organisation\'s id; revoking ends them all', async () => {
    const { app, id, consultant, csrf, store } = await setUp();
    const orgId = (await store.get(id))!.organisationId;
    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: csrf }).expect(303);
    const [link] = await store.shareLinksOf(id);
    const base = `/s/${link!.token}`;
    const page = await request(app).get(base).expect(200);
    for (const format of ['csv', 'json', 'xlsx', 'pdf']) expect(page.text).toContain(`href="${base}/export.${format}"`);
    expect(page.text).not.toContain(id);
    expect(page.text).not.toContain(orgId);
    expect(page.text).not.toContain('/api/assessments');
    for (const format of ['csv', 'json', 'xlsx']) {
      const file = await request(app).get(`${base}/export.${format}`).buffer(true).parse(rawBody).expect(200);
      const body = (file.body as Buffer).toString('latin1');
      expect(body, format).not.toContain(id);
      expect(body, format).not.toContain(orgId);
    }
    expect(JSON.parse((await request(app).get(`${base}/export.json`)).text).assessment.organisation.name).toBe('Shared Co');
    // No Chromium here: the PDF route answers for the link and points back to the shared page, not the report's address.
    expect((await request(app).get(`${base}/export.pdf`).expect(503)).body.printView).toBe(base);

    await consultant.post(`/assessments/${id}/share-links/${link!.token}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    await request(app).get(base).expect(410);
    for (const format of ['csv', 'json', 'xlsx', 'pdf']) {
      const gone = await request(app).get(`${base}/export.${format}`).expect(410);
      expect(gone.text, format).not.toContain('Shared Co');
    }
    // Downloads are not views: only the page was counted.
    expect((await store.getShareLink(link!.token))!.views).toHaveLength(1);
  });

  it('when a link has expired, then its exports answer 410 too', async () => {
    const { app, id, consultant, csrf, clock, store } = await setUp();
    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: csrf, days: '1' }).expect(303);
    const [link] = await store.shareLinksOf(id);
    await request(app).get(`/s/${link!.token}/export.csv`).expect(200);
    clock.now = new Date('2026-11-26T10:00:00Z');
    for (const format of ['csv', 'json', 'xlsx', 'pdf']) await request(app).get(`/s/${link!.token}/export.${format}`).expect(410);
  });

  it('when the shared report follows an earlier one of the same organisation, then the change shows without the earlier report\'s address', async () => {
    const { app, id, store, service, clock } = await setUp();
    const orgId = (await store.get(id))!.organisationId;
    clock.now = new Date('2026-12-01T10:00:00Z');
    const later = await service.create({}, { organisation: { name: 'Shared Co' }, respondent: {}, answers: SCENARIOS[2]!.answers, notes: {} }, 'submitted', { organisationId: orgId });
    const consultant = await consultantAgent(app); // a new session: the first one is days old
    await consultant.post(`/assessments/${later.id}/share-links`).type('form').send({ _csrf: hiddenField((await consultant.get(`/assessments/${later.id}`)).text, '_csrf') }).expect(303);
    const [link] = await store.shareLinksOf(later.id);
    const page = await request(app).get(`/s/${link!.token}`).expect(200);
    expect(textOf(page.text)).toContain('What changed since the previous assessment');
    expect(page.text).not.toContain(id);
    expect(page.text).not.toContain(later.id);
  });
});

function rawBody(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
