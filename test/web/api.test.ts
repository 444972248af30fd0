import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { evaluate } from '../../src/core/evaluate.ts';

const ok = { organisation: { name: 'Acme Foods' }, answers: WELL_PREPARED };

describe('GET /api/rubrics', () => {
  it('when rubrics are listed, then each has id, version, title and whether it is the default', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).get('/api/rubrics').expect(200);
    expect(res.body).toEqual([
      { id: 'social-ownership', version: '2.0.0', title: expect.any(String), default: true },
      { id: 'social-ownership', version: '1.0.0', title: expect.any(String), default: false },
    ]);
  });

  it('when one rubric is fetched, then it has dimensions with facets, questions with options, and claims', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).get('/api/rubrics/social-ownership').expect(200);
    expect(res.body.dimensions[0]).toEqual({ id: 'experience', title: 'Experience', weight: 1, facets: [{ id: 'business-communication', title: expect.any(String), weight: 1 }, { id: 'social-fluency', title: expect.any(String), weight: 1 }] });
    const q = res.body.questions[0];
    expect(Object.keys(q).sort()).toEqual(['claims', 'dimension', 'facet', 'help', 'id', 'options', 'prompt', 'required', 'rolePrompts', 'weight', 'whoKnows']);
    expect(q.options.find((o: { unsure?: boolean }) => o.unsure)).toMatchObject({ value: 'unsure', score: 0, unsure: true });
    expect(res.body.claims.map((c: { id: string }) => c.id)).toEqual(['P1', 'P2', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9']);
    const owner = res.body.questions.find((x: { id: string }) => x.id === 'mandate-names-owner');
    expect(owner.appliesWhen).toEqual({ when: { answer: 'mandate-exists', in: ['spoken', 'email', 'written'] }, note: expect.any(String) });
    expect(res.body.confidenceThreshold).toBe(70);
    expect(res.body.flags.find((f: { id: string }) => f.id === 'no-staff-policy').informational).toEqual(expect.any(String));
    await request(app).get('/api/rubrics/nope').expect(404);
  });
});

describe('POST /api/assessments', () => {
  it('when a complete assessment is posted, then 201 with id, status, url and the result in the documented shape', async () => {
    const { app, store } = await buildTestApp();
    const res = await request(app).post('/api/assessments').send({ rubricId: 'social-ownership', ...ok, respondent: { role: 'leadership' }, notes: { 'tone-guide': 'v2' } }).expect(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^[\w-]{22}$/), status: 'submitted', url: `/assessments/${res.body.id}` });
    const r = res.body.result;
    expect(r).toMatchObject({ overall: 100, confidence: 100, flags: [] });
    expect(Object.keys(r.dimensions)).toEqual(['experience', 'mandate', 'leadership']);
    expect(r.dimensions.leadership).toMatchObject({ score: 100, band: 'strong', facets: { openness: { score: 100, band: 'strong' } } });
    expect(r.recommendation).toMatchObject({
      code: 'assign-experienced-owner',
      title: expect.any(String),
      summary: expect.any(String),
      rationale: expect.arrayContaining([expect.any(String)]),
      speakerModel: { fits: true, explanation: expect.any(String) },
      reassessBy: '2027-02-23',
    });
    for (const a of r.recommendation.actions) expect(a).toMatchObject({ title: expect.any(String), owner: expect.any(String), due: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(await store.get(res.body.id)).toMatchObject({ status: 'submitted', notes: { 'tone-guide': 'v2' } });
  });

  it('when status is draft, then missing answers are allowed and there is no result yet', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).post('/api/assessments').send({ organisation: { name: 'Acme' }, answers: { 'tone-guide': 'none' }, status: 'draft' }).expect(201);
    expect(res.body).toMatchObject({ status: 'draft', url: `/assessments/${res.body.id}/edit`, result: null });
  });

  it.each([
    ['an unknown rubric', { ...ok, rubricId: 'other' }, 'rubricId', /unknown rubric "other"/],
    ['an unknown question', { ...ok, answers: { ...WELL_PREPARED, 'shoe-size': 'x' } }, 'answers.shoe-size', /unknown question/],
    ['a value not among the options', { ...ok, answers: { ...WELL_PREPARED, 'tone-guide': 'maybe' } }, 'answers.tone-guide', /must be one of none, discussed, written, unsure; got "maybe"/],
    ['no organisation name', { ...ok, organisation: { name: '' } }, 'organisation.name', /enter the name/],
    ['no organisation at all', { answers: WELL_PREPARED }, 'organisation', /required/],
    ['a missing required answer on submit', { ...ok, answers: { ...WELL_PREPARED, 'tone-guide': undefined } }, 'answers.tone-guide', /choose an answer/],
    ['an unknown field', { ...ok, colour: 'red' }, '(body)', /unknown field colour/],
    ['a number where text belongs', { ...ok, organisation: { name: 42 } }, 'organisation.name', /string/],
    ['an array where answers belong', { ...ok, answers: ['x'] }, 'answers', /record|object/],
    ['a bad status', { ...ok, status: 'final' }, 'status', /draft|submitted/],
  ])('when the body has %s, then 422 with the field named', async (_name, body, field, message) => {
    const { app, store } = await buildTestApp();
    const res = await request(app).post('/api/assessments').send(body).expect(422);
    expect(res.body.error).toEqual(expect.any(String));
    const detail = res.body.details.find((d: { field: string }) => d.field === field);
    expect(detail, JSON.stringify(res.body.details)).toBeDefined();
    expect(detail.message).toMatch(message);
    expect(await store.list()).toEqual([]);
  });

  it('when the body is not valid JSON, then 400', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).post('/api/assessments').set('content-type', 'application/json').send('{"organisation": ').expect(400);
    expect(res.body.error).toMatch(/not valid JSON/);
  });

  it('when the body is not JSON at all, then 415', async () => {
    const { app } = await buildTestApp();
    await request(app).post('/api/assessments').type('form').send({ organisation: 'x' }).expect(415);
  });

  it('when the body is over the limit, then 413', async () => {
    const { app } = await buildTestApp();
    await request(app).post('/api/assessments').send({ ...ok, notes: { 'tone-guide': 'x'.repeat(150_000) } }).expect(413);
  });
});

describe('GET /api/assessments/:id', () => {
  it('when a stored assessment is fetched, then the record has its rubric pin, answers, timestamps and result', async () => {
    const { app } = await buildTestApp();
    const answers = SCENARIOS[0]!.answers;
    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Pinned' }, answers }).expect(201);
    const res = await request(app).get(`/api/assessments/${created.body.id}`).expect(200);
    expect(res.body).toMatchObject({
      id: created.body.id, rubricId: 'social-ownership', rubricVersion: '2.0.0', status: 'submitted', answers,
      createdAt: '2026-11-25T10:00:00.000Z', submittedAt: '2026-11-25T10:00:00.000Z',
      result: { recommendation: { code: 'educate-leadership-first' } },
    });
    expect(res.body.result.flags[0]).toEqual(expect.objectContaining({ id: 'control-mindset', severity: 'high', message: expect.any(String), claims: ['C6'] }));
  });

  it('when the record is stored compact, then the API still gives the whole result, byte for byte as scored at submission', async () => {
    const { app, store, rubrics } = await buildTestApp();
    const answers = SCENARIOS[0]!.answers;
    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Pinned' }, answers }).expect(201);
    const stored = (await store.get(created.body.id))!;
    expect(stored.result!.compact).toBeDefined();
    expect(Object.values(stored.result!.dimensions)[0]!.facets).not.toHaveProperty(['business-communication', 'contributions']);
    const scored = evaluate(rubrics.defaultRubric(), answers, '2026-11-25');
    const res = await request(app).get(`/api/assessments/${created.body.id}`).expect(200);
    expect(JSON.stringify(res.body.result)).toBe(JSON.stringify(scored));
    expect(JSON.stringify(created.body.result)).toBe(JSON.stringify(scored));
  });

  it('when the id is unknown, then 404 JSON', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).get('/api/assessments/AAAAAAAAAAAAAAAAAAAAAA').expect(404);
    expect(res.body).toEqual({ error: expect.stringMatching(/no assessment/) });
  });
});

// Issue 13, findings 12 and 16: odd input that was silently dropped, miscounted or answered at length.
describe('POST /api/assessments with odd input', () => {
  it('when answers hold a "__proto__" key, then 422 names answers.__proto__ and nothing is stored', async () => {
    const { app, store } = await buildTestApp();
    const body = `{"organisation":{"name":"Proto Ltd"},"answers":{"__proto__":"x","tone-guide":"written"},"status":"draft"}`;
    const res = await request(app).post('/api/assessments').set('content-type', 'application/json').send(body).expect(422);
    expect(res.body.details).toEqual([{ field: 'answers.__proto__', message: expect.stringMatching(/not an allowed field/) }]);
    expect(await store.list()).toEqual([]);
  });

  it('when the name is only zero-width and invisible characters, then 422 asks for the name', async () => {
    const { app, store } = await buildTestApp();
    const res = await request(app).post('/api/assessments').send({ ...ok, organisation: { name: '\u200B\u200C\u200D\u2060\uFEFF \u200E' } }).expect(422);
    expect(res.body.details).toEqual([{ field: 'organisation.name', message: 'enter the name of your organisation' }]);
    expect(await store.list()).toEqual([]);
  });

  it('when the name is 200 characters of which some take two UTF-16 units, then it is accepted; at 201 characters the message counts characters', async () => {
    const { app, store } = await buildTestApp();
    const name = `${'😀'.repeat(100)}${'a'.repeat(100)}`; // 200 characters, 300 UTF-16 units
    const created = await request(app).post('/api/assessments').send({ ...ok, organisation: { name } }).expect(201);
    expect((await store.get(created.body.id))!.organisation.name).toBe(name);
    const long = await request(app).post('/api/assessments').send({ ...ok, organisation: { name: `${name}😀` } }).expect(422);
    expect(long.body.details).toEqual([{ field: 'organisation.name', message: 'must be at most 200 characters; got 201' }]);
  });

  it('when a body has 10,000 unknown answers, then the 422 lists the first fields and says how many more, in a few kilobytes', async () => {
    const { app } = await buildTestApp();
    const answers = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [i.toString(36), 'x'])); // just under the 100 kB body limit
    const res = await request(app).post('/api/assessments').send({ ...ok, answers, status: 'draft' }).expect(422);
    expect(res.text.length).toBeLessThan(20_000);
    expect(res.body.details).toHaveLength(51);
    expect(res.body.details[0]).toEqual({ field: 'answers.0', message: expect.stringMatching(/unknown question "0"/) });
    expect(res.body.details.at(-1)).toEqual({ field: '(more)', message: expect.stringMatching(/^9950 more fields need attention/) });
  });

  it('when a body has thousands of unknown top-level fields, then the one message names ten and counts the rest', async () => {
    const { app } = await buildTestApp();
    const body = { ...ok, ...Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`extra${i}`, 1])) };
    const res = await request(app).post('/api/assessments').send(body).expect(422);
    expect(res.text.length).toBeLessThan(2_000);
    expect(res.body.details[0].message).toMatch(/^unknown fields extra0, .*, extra9 and 4990 more$/);
  });
});
