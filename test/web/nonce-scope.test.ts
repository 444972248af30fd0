/**
 * A form's nonce makes a double click one record, within one organisation
 * only: the same nonce sent with another organisation's body is a new record,
 * and never hands back the first organisation's id or result.
 */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { answerFields, openForm } from './form-agent.ts';

const NONCE = 'form-nonce-0123456789';

describe('nonces are per organisation', () => {
  it('when a nonce is sent again with another organisation\'s body, then a new assessment is stored for that organisation and the first one is not returned', async () => {
    const { app, store } = await buildTestApp();
    const first = await request(app).post('/api/assessments').send({ organisation: { name: 'First Org' }, answers: SCENARIOS[0]!.answers, nonce: NONCE }).expect(201);
    const other = await request(app).post('/api/assessments').send({ organisation: { name: 'Second Org' }, answers: SCENARIOS[1]!.answers, nonce: NONCE }).expect(201);
    expect(other.body.id).not.toBe(first.body.id);
    expect(other.body.result.recommendation.code).toBe(SCENARIOS[1]!.code);
    expect((await store.get(other.body.id))?.organisation.name).toBe('Second Org');
    expect((await store.listOrganisations()).map((o) => o.name).sort()).toEqual(['First Org', 'Second Org']);
  });

  it('when the same form is sent twice for one organisation, at once or one after the other, then one assessment is stored and both answers name it', async () => {
    const { app, store } = await buildTestApp();
    const body = { organisation: { name: 'Double Click Ltd' }, answers: SCENARIOS[0]!.answers, nonce: NONCE };
    const [a, b] = await Promise.all([request(app).post('/api/assessments').send(body), request(app).post('/api/assessments').send(body)]);
    const c = await request(app).post('/api/assessments').send(body).expect(201);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    expect(await store.list()).toHaveLength(1);
  });
});

describe('a nonce that is not of the page\'s shape', () => {
  // Found by the fuzz test: a form nonce over 100 characters was stored, and the data file then failed its check on the next start.
  it('when a hand-made form sends a 150-character nonce, then the assessment is stored without it and the data folder opens again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-nonce-'));
    const { app } = await buildTestApp({ store: await openLowdbStore(dir) });
    const { agent, hidden } = await openForm(app);
    const sent = await agent.post('/assessments').type('form').send({ ...hidden, nonce: 'n'.repeat(150), organisationName: 'Long Nonce Ltd', ...answerFields(SCENARIOS[0]!.answers), intent: 'submit' }).expect(303);
    const reopened = await openLowdbStore(dir);
    const stored = await reopened.get(sent.headers.location!.split('/')[2]!);
    expect(stored).toMatchObject({ status: 'submitted', organisation: { name: 'Long Nonce Ltd' } });
    const files = await readdir(join(dir, 'orgs'));
    for (const f of files) expect(await readFile(join(dir, 'orgs', f), 'utf8')).not.toContain('n'.repeat(101));
  });

  it('when the API is sent a nonce over 100 characters, then 422 names the field and nothing is stored', async () => {
    const { app, store } = await buildTestApp();
    const res = await request(app).post('/api/assessments').send({ organisation: { name: 'Long Nonce Ltd' }, answers: SCENARIOS[0]!.answers, nonce: 'n'.repeat(150) }).expect(422);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['nonce']);
    expect(await store.list()).toEqual([]);
  });
});
