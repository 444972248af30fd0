/**
 * The consultant's report page and dashboard are kept rendered per store
 * revision (web/page-cache.ts): these tests fail if a kept page outlives a
 * write, reaches a reader who is not the consultant, or carries another
 * browser's CSRF token.
 */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { consultantAgent, hiddenField, textOf } from './form-agent.ts';
import { TOKEN_SLOT } from '../../src/web/page-cache.ts';

const AUTH = { Authorization: `Bearer ${CONSULTANT_KEY}` };

async function setUp() {
  const clock = { now: new Date('2026-11-25T10:00:00Z') };
  const built = await buildTestApp({ now: () => clock.now });
  const submit = async (name: string) => (await request(built.app).post('/api/assessments').send({ organisation: { name }, answers: SCENARIOS[1]!.answers }).expect(201)).body.id as string;
  const id = await submit('Kept Page Co');
  const consultant = await consultantAgent(built.app);
  return { ...built, clock, id, submit, consultant };
}

/** The row of the share-links table that holds this token's address. */
const linkRow = (html: string, token: string) => {
  const at = html.indexOf(`/s/${token}`);
  return at < 0 ? '' : html.slice(html.lastIndexOf('<tr>', at), html.indexOf('</tr>', at));
};

describe("GET /assessments/:id as the consultant (kept per store revision)", () => {
  it('when a link is made, viewed and revoked between visits, then each visit shows it at once', async () => {
    const { app, id, consultant, store } = await setUp();
    const first = await consultant.get(`/assessments/${id}`).expect(200);
    expect(textOf(first.text)).toContain('No share link yet.');
    // The same page again, now kept, before any write.
    await consultant.get(`/assessments/${id}`).expect(200);

    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: hiddenField(first.text, '_csrf'), label: 'For the board' }).expect(303);
    const [link] = await store.shareLinksOf(id);
    const made = (await consultant.get(`/assessments/${id}`).expect(200)).text;
    expect(textOf(linkRow(made, link!.token))).toMatch(/For the board.*active.* 0 /);

    // A view is kept in memory before it is written: no store revision, yet the count moves.
    await request(app).get(`/s/${link!.token}`).expect(200);
    const viewed = (await consultant.get(`/assessments/${id}`).expect(200)).text;
    expect(textOf(linkRow(viewed, link!.token))).toContain('25/11/2026 10:00 UTC');

    await consultant.post(`/assessments/${id}/share-links/${link!.token}/revoke`).type('form').send({ _csrf: hiddenField(viewed, '_csrf') }).expect(303);
    const revoked = linkRow((await consultant.get(`/assessments/${id}`).expect(200)).text, link!.token);
    expect(revoked).toContain('state-revoked');
    expect(revoked).not.toContain('Revoke</button>');
  });

  it('when a round is opened for the organisation, then the kept report lists it at once', async () => {
    const { app, id, consultant, service } = await setUp();
    expect((await consultant.get(`/assessments/${id}`).expect(200)).text).not.toContain('/consultant/rounds/');
    const { organisationId } = await service.get(id);
    const round = await request(app).post(`/api/organisations/${organisationId}/rounds`).set(AUTH).send({ roles: ['leadership'], label: 'Spring voices' }).expect(201);
    const after = (await consultant.get(`/assessments/${id}`).expect(200)).text;
    expect(after).toContain(`/consultant/rounds/${round.body.id}`);
    expect(textOf(after)).toContain('Spring voices opened');
  });

  it('when the public and the consultant read the same report in turn, then neither is given the other one\'s page', async () => {
    const { app, id, consultant, store } = await setUp();
    await consultant.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: hiddenField((await consultant.get(`/assessments/${id}`)).text, '_csrf') }).expect(303);
    const [link] = await store.shareLinksOf(id);
    for (let round = 0; round < 2; round++) {
      const asConsultant = (await consultant.get(`/assessments/${id}`).expect(200)).text;
      const byBearer = (await request(app).get(`/assessments/${id}`).set(AUTH).expect(200)).text;
      for (const page of [asConsultant, byBearer]) expect(page).toContain('Make a share link');
      const publicCopy = (await request(app).get(`/assessments/${id}`).expect(200)).text;
      const wrongKey = (await request(app).get(`/assessments/${id}`).set({ Authorization: 'Bearer not-the-key-0123456789abcdef' })).text;
      const shared = (await request(app).get(`/s/${link!.token}`).expect(200)).text;
      for (const page of [publicCopy, wrongKey, shared]) {
        expect(page).not.toContain('For the consultant');
        expect(page).not.toContain(`/assessments/${id}/share-links`);
        expect(page).not.toContain('percentile');
      }
    }
  });

  it("when two of the consultant's browsers read the kept page, then each gets its own CSRF token, which only its own forms accept", async () => {
    const { app, id, store } = await setUp();
    const [a, b] = [await consultantAgent(app), await consultantAgent(app)];
    const pageA = (await a.get(`/assessments/${id}`).expect(200)).text;
    const pageB = (await b.get(`/assessments/${id}`).expect(200)).text;
    const [tokenA, tokenB] = [hiddenField(pageA, '_csrf'), hiddenField(pageB, '_csrf')];
    expect(tokenA).not.toBe(tokenB);
    for (const page of [pageA, pageB]) expect(page).not.toContain(TOKEN_SLOT);
    // Every form of the page carries the reader's own token.
    expect([...pageB.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1])).toEqual(expect.arrayContaining([tokenB]));
    expect(new Set([...pageB.matchAll(/name="_csrf" value="([^"]*)"/g)].map((m) => m[1])).size).toBe(1);
    await a.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: tokenB, label: 'Crossed' }).expect(403);
    expect(await store.shareLinksOf(id)).toEqual([]);
    await b.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: tokenB, label: 'Own' }).expect(303);
    expect((await store.shareLinksOf(id)).map((l) => l.label)).toEqual(['Own']);
  });
});

describe('GET /consultant (kept per store revision, day and query)', () => {
  it('when an organisation is submitted or a round opened after the page was kept, then the next page shows it', async () => {
    const { app, consultant, submit, service, id } = await setUp();
    const before = textOf((await consultant.get('/consultant').expect(200)).text);
    expect(before).not.toContain('Second Client');
    expect(before).toContain('No round yet.');
    await submit('Second Client');
    expect(textOf((await consultant.get('/consultant').expect(200)).text)).toContain('Second Client');
    const { organisationId } = await service.get(id);
    await request(app).post(`/api/organisations/${organisationId}/rounds`).set(AUTH).send({ roles: ['leadership'], label: 'Autumn voices' }).expect(201);
    expect(textOf((await consultant.get('/consultant').expect(200)).text)).toContain('Autumn voices');
  });

  it('when different queries are asked in turn, then each gets its own page', async () => {
    const { consultant, submit } = await setUp();
    await submit('Birch Ltd');
    const only = async (q: string) => textOf((await consultant.get(`/consultant?q=${q}`).expect(200)).text);
    for (let round = 0; round < 2; round++) {
      expect(await only('birch')).toContain('Birch Ltd');
      expect(await only('birch')).not.toContain('Kept Page Co');
      expect(await only('kept')).toContain('Kept Page Co');
      expect(await only('kept')).not.toContain('Birch Ltd');
    }
  });

  it('when someone without the key asks after the page was kept, then 401 and no organisation is named', async () => {
    const { app, consultant } = await setUp();
    await consultant.get('/consultant').expect(200);
    await consultant.get('/consultant').expect(200);
    const anon = await request(app).get('/consultant').expect(401);
    expect(anon.text).not.toContain('Kept Page Co');
  });

  it("when two of the consultant's browsers read the kept page, then each signs out only with its own token", async () => {
    const { app } = await setUp();
    const [a, b] = [await consultantAgent(app), await consultantAgent(app)];
    const [pageA, pageB] = [(await a.get('/consultant').expect(200)).text, (await b.get('/consultant').expect(200)).text];
    expect(pageB).not.toContain(TOKEN_SLOT);
    expect(hiddenField(pageA, '_csrf')).not.toBe(hiddenField(pageB, '_csrf'));
    await a.post('/consultant/sign-out').type('form').send({ _csrf: hiddenField(pageB, '_csrf') }).expect(403);
    await b.post('/consultant/sign-out').type('form').send({ _csrf: hiddenField(pageB, '_csrf') }).expect(303);
  });
});
