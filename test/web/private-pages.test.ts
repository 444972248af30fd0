/**
 * Issue 13, finding 16 (web part): what a private page tells caches, crawlers
 * and the links it prints. Absolute links come from PUBLIC_URL, never from the
 * request's Host header; every page and record with an assessment is no-store;
 * reports, drafts, shared pages and the consultant's pages are noindex.
 */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { consultantAgent, hiddenField, openForm, textOf } from './form-agent.ts';
import { publicUrlFromEnv } from '../../src/web/public-url.ts';

const PUBLIC_URL = 'https://audit.example.org';

async function setUp() {
  const built = await buildTestApp({ publicUrl: PUBLIC_URL, rateLimits: 'off' });
  const submitted = await request(built.app).post('/api/assessments').send({ organisation: { name: 'Private Pages Ltd' }, answers: WELL_PREPARED }).expect(201);
  const draft = await request(built.app).post('/api/assessments').send({ organisation: { name: 'Draft Pages Ltd' }, status: 'draft' }).expect(201);
  const consultant = await consultantAgent(built.app);
  const report = await consultant.get(`/assessments/${submitted.body.id}`).expect(200);
  const csrf = hiddenField(report.text, '_csrf');
  await consultant.post(`/assessments/${submitted.body.id}/share-links`).type('form').send({ _csrf: csrf }).expect(303);
  const [link] = await built.store.shareLinksOf(submitted.body.id);
  return { ...built, id: submitted.body.id as string, draftId: draft.body.id as string, consultant, csrf, token: link!.token };
}

describe('private pages', () => {
  it('when a page or record carries an assessment, then it is no-store and noindex, for anyone who reads it', async () => {
    const { app, id, draftId, token, consultant } = await setUp();
    const anyone = [
      `/assessments/${id}`, `/assessments/${draftId}/edit`, `/s/${token}`,
      `/api/assessments/${id}`, `/api/assessments/${id}/export.csv`, `/api/assessments/${id}/export.json`, `/api/assessments/${id}/export.xlsx`,
      `/s/${token}/export.csv`, `/s/${token}/export.json`, `/s/${token}/export.xlsx`,
    ];
    for (const path of anyone) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
      expect(res.headers['x-robots-tag'], path).toMatch(/noindex/);
    }
    for (const path of ['/consultant', `/assessments/${id}`, '/api/export.json']) {
      const res = await consultant.get(path).expect(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
      expect(res.headers['x-robots-tag'], path).toMatch(/noindex/);
    }
    // The front door may be indexed; static files keep their own caching.
    expect((await request(app).get('/').expect(200)).headers['x-robots-tag']).toBeUndefined();
    expect((await request(app).get('/static/app.css').expect(200)).headers['cache-control']).toMatch(/max-age=3600/);
  });

  it('when a page is a draft step, an invitation, a round or any consultant page, then it says noindex; the two public pages do not', async () => {
    const { app, draftId, consultant, csrf, store, id } = await setUp();
    const orgId = (await store.get(id))!.organisationId;
    const opened = await consultant.post(`/consultant/organisations/${orgId}/rounds`).type('form').send({ _csrf: csrf, groups: 'leadership' }).expect(303);
    const roundPath = opened.headers.location!;
    const invitation = /\/r\/([\w-]{43})/.exec((await consultant.get(roundPath).expect(200)).text)![1]!;
    await consultant.post(`${roundPath}/share-links`).type('form').send({ _csrf: csrf, days: '7' }).expect(303);
    const roundShare = /\/s\/([\w-]{43})/.exec((await consultant.get(`${roundPath}/report`).expect(200)).text)![1]!;
    const steps = ['organisation', 'experience', 'mandate', 'leadership', 'review'].map((step) => `/assessments/${draftId}/edit/${step}`);
    for (const path of [...steps, `/r/${invitation}`, `/s/${roundShare}`, '/consultant/sign-in']) {
      const res = await request(app).get(path).expect(200);
      expect(res.headers['x-robots-tag'], path).toBe('noindex, nofollow');
    }
    for (const path of [roundPath, `${roundPath}/report`, `/consultant/assessments/${id}/rescore`, `/assessments/new?organisation=${orgId}`]) {
      expect((await consultant.get(path).expect(200)).headers['x-robots-tag'], path).toBe('noindex, nofollow');
    }
    for (const path of ['/', '/assessments/new']) {
      const res = await request(app).get(path).expect(200);
      expect(res.headers['x-robots-tag'], path).toBeUndefined();
      expect(res.text, path).toMatch(/<meta name="description" content="[^"]{50,}">/);
      expect(res.text, path).not.toMatch(/<meta name="robots"/);
    }
  });

  it('when a request names another host, then share and invitation links still start with PUBLIC_URL', async () => {
    const { id, token, consultant, csrf, store } = await setUp();
    const report = await consultant.get(`/assessments/${id}`).set('Host', 'evil.example').set('X-Forwarded-Host', 'evil.example').expect(200);
    expect(report.text).toContain(`${PUBLIC_URL}/s/${token}`);
    expect(report.text).not.toContain('evil.example');
    const orgId = (await store.get(id))!.organisationId;
    const opened = await consultant.post(`/consultant/organisations/${orgId}/rounds`).type('form').send({ _csrf: csrf, groups: 'leadership' }).expect(303);
    const round = await consultant.get(opened.headers.location!).set('Host', 'evil.example').expect(200);
    expect(round.text).toMatch(new RegExp(`${PUBLIC_URL}/r/[\\w-]{43}`));
    expect(round.text).not.toContain('evil.example');
  });

  it('when a draft is saved, then the address to come back to is shown whole, starting with PUBLIC_URL whatever host was asked for', async () => {
    const { app } = await setUp();
    const { agent, hidden } = await openForm(app);
    const saved = await agent.post('/assessments').type('form').set('Host', 'evil.example').send({ ...hidden, organisationName: 'Resume Ltd', intent: 'draft' }).expect(303);
    const page = await agent.get(saved.headers.location!).set('Host', 'evil.example').expect(200);
    expect(textOf(page.text)).toMatch(new RegExp(`This address is the only key back to your draft.* ${PUBLIC_URL}/assessments/[\\w-]{22}/edit`));
    expect(page.text).not.toContain('evil.example');
  });

  it.each([
    [{}, undefined],
    [{ PUBLIC_URL: 'https://audit.example.org/' }, 'https://audit.example.org'],
    [{ PUBLIC_URL: 'http://10.0.0.5:8080' }, 'http://10.0.0.5:8080'],
    [{ TRUST_PROXY: 'false' }, undefined],
  ])('when the settings are %j, then the public address is %s', (env, expected) => {
    expect(publicUrlFromEnv(env)).toBe(expected);
  });

  it.each([
    [{ TRUST_PROXY: '1' }, /PUBLIC_URL is required behind a proxy/],
    [{ PUBLIC_URL: 'audit.example.org' }, /must be an absolute http or https address/],
    [{ PUBLIC_URL: 'https://audit.example.org/app?x=1' }, /scheme and host only/],
    [{ PUBLIC_URL: 'javascript:alert(1)' }, /scheme and host only/],
  ])('when the settings are %j, then the start is refused with a message', (env, message) => {
    expect(() => publicUrlFromEnv(env)).toThrow(message);
  });
});
