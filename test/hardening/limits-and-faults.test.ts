import { mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { completeForm, hiddenField, openForm, textOf } from '../web/form-agent.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';

describe('rate limits', () => {
  it('when a client sends more forms than the limit, then 429 comes back with the typed answers and nothing stored', async () => {
    const { app, store } = await buildTestApp({ rateLimits: { submit: 2, signIn: 2, windowMinutes: 15 } });
    const { agent, hidden } = await openForm(app);
    for (let i = 0; i < 2; i++) await agent.post('/assessments').type('form').send({ ...hidden, nonce: `nonce-${i}-abcdef`, organisationName: `Org ${i}`, intent: 'draft' }).expect(303);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, nonce: 'nonce-3-abcdef', ...completeForm('Third Try Ltd'), intent: 'submit' }).expect(429);
    expect(textOf(res.text)).toContain('Too many forms were sent from your address');
    expect(res.text).toContain('value="Third Try Ltd"');
    expect(res.text).toMatch(/name="answer-tone-guide" value="written" checked/);
    expect(res.headers['ratelimit-policy']).toBeDefined();
    expect(await store.list()).toHaveLength(2);
  });

  // Issue 13, finding 10: forms and the API each had their own allowance (twice the documented limit).
  it('when forms and the API are both used, then they share one allowance per address, as the README says', async () => {
    const { app, store } = await buildTestApp({ rateLimits: { submit: 3, signIn: 2, windowMinutes: 15 } });
    const { agent, hidden } = await openForm(app);
    for (let i = 0; i < 2; i++) await agent.post('/assessments').type('form').send({ ...hidden, nonce: `nonce-${i}-abcdef`, organisationName: `Form ${i}`, intent: 'draft' }).expect(303);
    await request(app).post('/api/assessments').send({ organisation: { name: 'api' }, status: 'draft' }).expect(201);
    const api = await request(app).post('/api/assessments').send({ organisation: { name: 'api' }, status: 'draft' }).expect(429);
    expect(api.body.error).toMatch(/too many submissions/);
    await agent.post('/assessments').type('form').send({ ...hidden, nonce: 'nonce-9-abcdef', organisationName: 'Form 9', intent: 'draft' }).expect(429);
    expect(await store.list()).toHaveLength(3);
  });

  // Issue 13, finding 15: PDF exports were not limited at all.
  it('when one address asks for more PDFs than the limit, then 429 says to wait or print from the browser', async () => {
    const { app } = await buildTestApp({ rateLimits: { submit: 10, signIn: 2, pdf: 2, windowMinutes: 15 } });
    const { body } = await request(app).post('/api/assessments').send({ organisation: { name: 'Pdf Ltd' }, answers: WELL_PREPARED }).expect(201);
    // No Chromium in this app: each allowed request answers 503 at once, which still counts.
    for (let i = 0; i < 2; i++) await request(app).get(`/api/assessments/${body.id}/export.pdf`).expect(503);
    const limited = await request(app).get(`/api/assessments/${body.id}/export.pdf`).expect(429);
    expect(limited.body.error).toMatch(/too many PDF exports.*print the report from the browser/);
  });

  it('when sign-in is tried more often than the limit, then 429 even with the right key', async () => {
    const { app } = await buildTestApp({ rateLimits: { submit: 100, signIn: 2, windowMinutes: 15 } });
    const agent = request.agent(app);
    const page = await agent.get('/consultant/sign-in');
    const csrf = hiddenField(page.text, '_csrf');
    await agent.post('/consultant/sign-in').type('form').send({ _csrf: csrf, key: 'wrong' }).expect(401);
    await agent.post('/consultant/sign-in').type('form').send({ _csrf: csrf, key: 'wrong' }).expect(401);
    await agent.post('/consultant/sign-in').type('form').send({ _csrf: csrf, key: CONSULTANT_KEY }).expect(429);
  });

  it('when rate limits are off, then many submissions pass', async () => {
    const { app } = await buildTestApp({ rateLimits: 'off' });
    for (let i = 0; i < 70; i++) await request(app).post('/api/assessments').send({ organisation: { name: `N${i}` }, status: 'draft' }).expect(201);
  });
});

describe('when the data folder cannot be written', () => {
  it('then the form answers 503 with the typed answers, and the earlier data is intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-ro-'));
    const store = await openLowdbStore(dir, { delayMs: 60_000 });
    const { app } = await buildTestApp({ store });
    const first = await request(app).post('/api/assessments').send({ organisation: { name: 'Before Ltd' }, answers: WELL_PREPARED }).expect(201);
    await store.checkpoint();
    const orgFiles = await readdir(join(dir, 'orgs'));
    const before = await readFile(join(dir, 'orgs', orgFiles[0]!), 'utf8');

    // Root ignores permission bits, so make writes fail the way a full or read-only disk does:
    // a folder stands where the journal goes, and a plain file where the organisation files go.
    await mkdir(join(dir, 'journal.log'));
    await rename(join(dir, 'orgs'), join(dir, 'orgs-aside'));
    await writeFile(join(dir, 'orgs'), 'not a folder');

    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, ...completeForm('Disk Full plc'), intent: 'submit' }).expect(503);
    expect(textOf(res.text)).toContain('could not save just now');
    expect(res.text).toContain('value="Disk Full plc"');
    expect(res.text).toMatch(/name="answer-tone-guide" value="written" checked/);
    const api = await request(app).post('/api/assessments').send({ organisation: { name: 'Disk Full plc' }, answers: WELL_PREPARED }).expect(503);
    expect(api.body.error).toMatch(/nothing was saved/);
    // What was saved before is still served and was not touched.
    await request(app).get(`/assessments/${first.body.id}`).expect(200);
    expect((await store.list()).map((a) => a.organisation.name)).toEqual(['Before Ltd']);
    await rm(join(dir, 'orgs'));
    await rm(join(dir, 'journal.log'), { recursive: true });
    await rename(join(dir, 'orgs-aside'), join(dir, 'orgs'));
    expect(await readFile(join(dir, 'orgs', orgFiles[0]!), 'utf8')).toBe(before);
    expect(await readdir(join(dir, 'orgs'))).toEqual(orgFiles);
    const reopened = await openLowdbStore(dir);
    expect((await reopened.list()).map((a) => a.id)).toEqual([first.body.id]);
  });
});
