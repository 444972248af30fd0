import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';

describe('one composition root', () => {
  it('when the id source is injected, then assessments, organisations and rounds all take their ids from it, and the app serves them', async () => {
    let n = 0;
    const newId = () => `id${String(++n).padStart(20, '0')}`;
    const { app, services } = await buildTestApp({ newId, rateLimits: 'off' });
    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Known Ids Ltd' }, answers: WELL_PREPARED }).expect(201);
    // The organisation is made first, then the assessment.
    expect(created.body.id).toBe('id00000000000000000002');
    const round = await services.rounds.open('id00000000000000000001', { groups: ['leadership'] });
    expect(round.id).toBe('id00000000000000000003');
    const page = await request(app).get(`/consultant/rounds/${round.id}`).set('Authorization', `Bearer ${CONSULTANT_KEY}`).set('Accept', 'text/html').expect(200);
    expect(page.text).toContain('Known Ids Ltd');
  });
});
