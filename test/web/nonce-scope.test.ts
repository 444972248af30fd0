/**
 * A form's nonce makes a double click one record, within one organisation
 * only: the same nonce sent with another organisation's body is a new record,
 * and never hands back the first organisation's id or result.
 */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

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
