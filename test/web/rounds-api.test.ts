import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY, shippedRubrics } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';

const AUTH = `Bearer ${CONSULTANT_KEY}`;
const rubric = (await shippedRubrics()).defaultRubric();
const CONTROLLING = SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers;
const STAFF_VIEW = { ...WELL_PREPARED, ...Object.fromEntries(rubric.questions.filter((q) => q.dimension === 'leadership').map((q) => [q.id, CONTROLLING[q.id]!])) };

async function setUp() {
  const clock = { now: new Date('2026-11-25T10:00:00Z') };
  const built = await buildTestApp({ now: () => clock.now, rateLimits: 'off' });
  const first = await request(built.app).post('/api/assessments').send({ organisation: { name: 'Many Voices Ltd' }, answers: WELL_PREPARED }).expect(201);
  const orgId = (await built.store.get(first.body.id))!.organisationId;
  const api = {
    post: (path: string, body: object) => request(built.app).post(path).set('Authorization', AUTH).send(body),
    get: (path: string) => request(built.app).get(path).set('Authorization', AUTH),
  };
  return { ...built, clock, orgId, api };
}

const answer = (app: Parameters<typeof request>[0], invitation: string, answers: Record<string, string>, status = 'submitted') =>
  request(app).post('/api/assessments').send({ invitation, answers, status });

describe('the rounds API', () => {
  it('when a script opens a round, invites, answers and reads it, then every route answers in the documented shape', async () => {
    const { app, api, orgId } = await setUp();
    const opened = await api.post(`/api/organisations/${orgId}/rounds`, { roles: ['leadership', 'communications'], closesOn: '2026-12-10', label: 'Autumn' }).expect(201);
    expect(Object.keys(opened.body).sort()).toEqual(['id', 'invitations', 'organisationId', 'url']);
    expect(opened.body.organisationId).toBe(orgId);
    expect(opened.body.invitations.map((i: { role: string }) => i.role)).toEqual(['leadership', 'communications']);
    const [leaders, comms] = opened.body.invitations as Array<{ token: string; url: string }>;
    expect(leaders!.url).toMatch(new RegExp(`/r/${leaders!.token}$`));

    const sam = await api.post(`/api/rounds/${opened.body.id}/invitations`, { role: 'proposed-owner', label: 'Sam' }).expect(201);
    expect(sam.body).toMatchObject({ role: 'proposed-owner', label: 'Sam', url: expect.stringMatching(/\/r\//) });

    for (let i = 0; i < 3; i++) {
      const res = await answer(app, leaders!.token, WELL_PREPARED).expect(201);
      // A respondent gets no result of their own.
      expect(res.body.result).toBeNull();
    }
    for (let i = 0; i < 3; i++) await answer(app, comms!.token, STAFF_VIEW).expect(201);
    await answer(app, sam.body.token, { 'tone-guide': 'written' }, 'draft').expect(201);

    const round = await api.get(`/api/rounds/${opened.body.id}`).expect(200);
    expect(round.body).toMatchObject({ id: opened.body.id, organisationId: orgId, state: 'open' });
    expect(round.body.invitations.map((i: { role: string; status: string; label: string | null }) => [i.role, i.status, i.label])).toEqual([
      ['leadership', 'submitted', null],
      ['communications', 'submitted', null],
      ['proposed-owner', 'draft', 'Sam'],
    ]);
    const result = round.body.result;
    expect(result).toMatchObject({ respondents: 6, recommendation: { code: 'educate-leadership-first' } });
    for (const key of ['overall', 'confidence', 'dimensions', 'flags', 'recommendation', 'groups', 'gaps']) expect(result).toHaveProperty(key);
    expect(result.groups.map((g: { role: string; respondents: number }) => [g.role, g.respondents])).toEqual([['leadership', 3], ['communications', 3]]);
    const openness = result.gaps.find((g: { facet: string }) => g.facet === 'openness');
    expect(openness.leaders).toBeGreaterThan(openness.others);
    // The gap and the groups use the same means: one number per facet.
    expect(openness.leaders).toBe(result.groups[0].facets.openness);
    expect(JSON.stringify(round.body)).not.toContain('"answers"');

    const closed = await api.post(`/api/rounds/${opened.body.id}/close`, {}).expect(200);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.result.recommendation.code).toBe('educate-leadership-first');
  });

  it('when the key is wrong or missing, then 401 on every route and nothing is opened', async () => {
    const { app, orgId, store } = await setUp();
    const wrong = (r: request.Test) => r.set('Authorization', 'Bearer not-the-key').expect(401);
    await wrong(request(app).post(`/api/organisations/${orgId}/rounds`).send({ roles: ['leadership'] }));
    await request(app).post(`/api/organisations/${orgId}/rounds`).send({ roles: ['leadership'] }).expect(401);
    const id = 'A'.repeat(22);
    await wrong(request(app).post(`/api/rounds/${id}/invitations`).send({ role: 'leadership' }));
    await wrong(request(app).get(`/api/rounds/${id}`));
    await wrong(request(app).post(`/api/rounds/${id}/close`).send({}));
    expect(await store.roundsOf(orgId)).toEqual([]);
  });

  it('when a role or the organisation is unknown, then 422 names the field; an unknown round is 404', async () => {
    const { api, orgId } = await setUp();
    const badRole = await api.post(`/api/organisations/${orgId}/rounds`, { roles: ['leadership', 'ceo'] }).expect(422);
    expect(badRole.body.details).toEqual([{ field: 'roles', message: 'must be among leadership, communications, proposed-owner, other; got "ceo"' }]);
    const badOrg = await api.post(`/api/organisations/${'B'.repeat(22)}/rounds`, { roles: ['leadership'] }).expect(422);
    expect(badOrg.body.details[0].field).toBe('orgId');
    await api.post('/api/organisations/not-an-id/rounds', { roles: ['leadership'] }).expect(422);
    const badDate = await api.post(`/api/organisations/${orgId}/rounds`, { roles: ['leadership'], closesOn: 'soon' }).expect(422);
    expect(badDate.body.details[0]).toEqual({ field: 'closesOn', message: 'must be a date like 2026-12-31; got "soon"' });
    const id = 'C'.repeat(22);
    await api.get(`/api/rounds/${id}`).expect(404);
    await api.post(`/api/rounds/${id}/invitations`, { role: 'leadership' }).expect(404);
    await api.post(`/api/rounds/${id}/close`, {}).expect(404);
    const opened = await api.post(`/api/organisations/${orgId}/rounds`, { roles: ['leadership'] }).expect(201);
    const badInvite = await api.post(`/api/rounds/${opened.body.id}/invitations`, { role: 'intern' }).expect(422);
    expect(badInvite.body.details[0].field).toBe('role');
  });

  it('when a round is closed, then answers get 410, drafts cannot be submitted (409) and no invitation is added (409)', async () => {
    const { app, api, orgId, store } = await setUp();
    const opened = await api.post(`/api/organisations/${orgId}/rounds`, { roles: ['leadership'] }).expect(201);
    const token = opened.body.invitations[0].token;
    const draft = await answer(app, token, { 'tone-guide': 'written' }, 'draft').expect(201);
    // Closing needs no body.
    await request(app).post(`/api/rounds/${opened.body.id}/close`).set('Authorization', AUTH).expect(200);
    const before = (await store.assessmentsOf(orgId)).length;
    await answer(app, token, WELL_PREPARED).expect(410);
    await api.post(`/api/rounds/${opened.body.id}/invitations`, { role: 'other' }).expect(409);
    expect((await store.assessmentsOf(orgId)).length).toBe(before);
    expect((await store.get(draft.body.id))!.status).toBe('draft');
  });

  it('when a one-person invitation is answered twice, or ten times at once, then one answer is stored and the rest get 409', async () => {
    const { app, api, orgId, store } = await setUp();
    const opened = await api.post(`/api/organisations/${orgId}/rounds`, { roles: ['leadership'] }).expect(201);
    const one = await api.post(`/api/rounds/${opened.body.id}/invitations`, { role: 'proposed-owner', label: 'Sam' }).expect(201);
    await answer(app, one.body.token, WELL_PREPARED).expect(201);
    const again = await answer(app, one.body.token, WELL_PREPARED).expect(409);
    expect(again.body.error).toContain('already been answered');

    const other = await api.post(`/api/rounds/${opened.body.id}/invitations`, { role: 'other', label: 'Kim' }).expect(201);
    const statuses = await Promise.all(Array.from({ length: 10 }, () => answer(app, other.body.token, WELL_PREPARED).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const inRound = (await store.assessmentsOf(orgId)).filter((a) => a.roundId === opened.body.id);
    expect(inRound).toHaveLength(2);
    // A group link takes one answer per person.
    const group = opened.body.invitations[0].token;
    await answer(app, group, WELL_PREPARED).expect(201);
    await answer(app, group, WELL_PREPARED).expect(201);
  });

  it('when a group has fewer than three respondents, then neither its scores nor a gap against it is ever shown', async () => {
    const { app, api, orgId } = await setUp();
    const opened = await api.post(`/api/organisations/${orgId}/rounds`, { roles: ['leadership', 'communications'] }).expect(201);
    const [leaders, comms] = opened.body.invitations as Array<{ token: string }>;
    for (let i = 0; i < 2; i++) await answer(app, leaders!.token, WELL_PREPARED).expect(201);
    for (let i = 0; i < 3; i++) await answer(app, comms!.token, STAFF_VIEW).expect(201);
    const { body } = await api.get(`/api/rounds/${opened.body.id}`).expect(200);
    expect(body.result.groups.map((g: { role: string }) => g.role)).toEqual(['communications']);
    expect(body.result.gaps).toEqual([]);
    expect(body.result.anonymityNote).toContain('Leaders: fewer than 3 respondents');
  });

  it('when a response came through an invitation, then no token is in its record, its API view or any export, and it has no result of its own', async () => {
    const { app, api, orgId } = await setUp();
    const opened = await api.post(`/api/organisations/${orgId}/rounds`, { roles: ['leadership'] }).expect(201);
    const token = opened.body.invitations[0].token as string;
    const saved = await answer(app, token, WELL_PREPARED).expect(201);
    const own = await request(app).get(`/api/assessments/${saved.body.id}`).expect(200);
    expect(JSON.stringify(own.body)).not.toContain(token);
    expect(own.body.result).toBeNull();
    expect(own.body.respondent.role).toBe('leadership');
    for (const ext of ['json', 'csv', 'xlsx', 'pdf']) await request(app).get(`/api/assessments/${saved.body.id}/export.${ext}`).expect(404);
    for (const path of ['/api/export.csv?scope=all', `/api/rounds/${opened.body.id}/export.json`, `/api/rounds/${opened.body.id}/export.csv`]) {
      expect((await api.get(path).expect(200)).text).not.toContain(token);
    }
    // The full backup is the consultant's own and must restore the round's invitations (their
    // tokens included, or the links sent out would stop working), but no response carries one.
    const backup = (await api.get('/api/export.json').expect(200)).body;
    expect(JSON.stringify(backup.assessments)).not.toContain(token);
    expect(backup.rounds[0].invitations.map((i: { token: string }) => i.token)).toContain(token);
  });
});
