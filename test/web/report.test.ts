import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { textOf } from './form-agent.ts';

async function submitted(code: string, name = 'Harbour Bakery Ltd') {
  const built = await buildTestApp();
  const answers = SCENARIOS.find((s) => s.code === code)!.answers;
  const res = await request(built.app)
    .post('/api/assessments')
    .send({ organisation: { name, sector: 'retail', size: '10-49' }, respondent: { role: 'communications' }, answers, notes: { 'leaders-on-criticism': 'They asked us to delete the thread' } })
    .expect(201);
  return { ...built, id: res.body.id as string };
}

describe('GET /assessments/:id (the report)', () => {
  it('when the leaders show a control mindset, then the report shows scores, bands, the flag, the recommendation and its reasons in terms of the claims', async () => {
    const { app, id } = await submitted('educate-leadership-first');
    const res = await request(app).get(`/assessments/${id}`).expect(200);
    const text = textOf(res.text);
    expect(text).toContain('Harbour Bakery Ltd');
    expect(text).toContain('Retail and consumer goods');
    expect(text).toContain('Answered by Communications, marketing or PR');
    expect(text).toMatch(/Submitted 25 November 2026 \(.+\)/);
    expect(text).toMatch(/\d+ \/ 100 overall/);
    for (const t of ['Experience', 'Mandate', 'Leadership readiness', 'Business communication', 'Social fluency', 'Openness']) expect(text).toContain(t);
    expect(text).toMatch(/Leadership readiness \d+ Low/);
    expect(text).toContain('Educate the leaders first, then decide ownership');
    expect(text).toMatch(/Red flag, high severity: Leaders treat social media as something to control/);
    expect(text).not.toContain('control-mindset');
    expect(text).toMatch(/Would "whoever wants it, under a mandate from the top" work here\? No\b/);
    expect(text).toMatch(/Confidence: \d+%/);
    expect(text).toContain('Note: They asked us to delete the thread');
    expect(res.text).toMatch(/<svg [^>]*role="img"/);
    expect(res.text).toContain('<title id="chart-title">Scores for Harbour Bakery Ltd</title>');
    expect(res.text).toContain(`href="/api/assessments/${id}/export.csv"`);
    expect(res.text).toContain(`href="/api/assessments/${id}/export.json"`);
    expect(res.text).toMatch(/<link rel="stylesheet" href="\/static\/print\.css\?v=[\w-]+" media="print">/);
  });

  it('when the report lists actions, then each has an owner and a due date counted from the submission, absolute and relative', async () => {
    const { app, id } = await submitted('assign-experienced-owner');
    const text = textOf((await request(app).get(`/assessments/${id}`).expect(200)).text);
    expect(text).toContain('Action plan');
    expect(text).toMatch(/\d{1,2} (December|January|February) 20(26|27) in \d+ days/);
    expect(text).toMatch(/Reassess by 23 February 2027 \(in 90 days\)/);
  });

  it.each(SCENARIOS.map((s) => s.code))('when the answers lead to %s, then the report names that recommendation', async (code) => {
    const { app, id, service } = await submitted(code);
    const a = await service.get(id);
    expect(a.result!.recommendation.code).toBe(code);
    const text = textOf((await request(app).get(`/assessments/${id}`).expect(200)).text);
    expect(text).toContain(a.result!.recommendation.title);
  });

  it('when the assessment is a draft, then the report address sends the person back to the form', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).post('/api/assessments').send({ organisation: { name: 'Drafty' }, status: 'draft' }).expect(201);
    await request(app).get(`/assessments/${res.body.id}`).expect(303).expect('location', `/assessments/${res.body.id}/edit`);
  });

  it('when the id is unknown or malformed, then the same 404 page, without a stack trace or a path', async () => {
    const { app } = await buildTestApp();
    const unknown = await request(app).get('/assessments/AAAAAAAAAAAAAAAAAAAAAA').expect(404);
    const malformed = await request(app).get('/assessments/..%2F..%2Fetc%2Fpasswd').expect(404);
    expect(textOf(unknown.text)).toContain('There is no assessment at this address');
    expect(malformed.text).toBe(unknown.text);
    expect(unknown.text).not.toMatch(/at .*\.ts:\d+|node_modules|\/work\//);
    const page = await request(app).get('/no/such/page').expect(404);
    expect(textOf(page.text)).toContain('Page not found');
  });

  it('when any page is served, then it carries a strict Content-Security-Policy', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('GET /assessments/:id, read again later', () => {
  it('when the report is read again after time has passed, then its relative dates are current, not a stale copy', async () => {
    const clock = { now: new Date('2026-11-25T10:00:00Z') };
    const { app } = await buildTestApp({ now: () => clock.now });
    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Later Reader Ltd' }, answers: SCENARIOS[4]!.answers }).expect(201);
    expect(textOf((await request(app).get(`/assessments/${created.body.id}`).expect(200)).text)).toContain('25 November 2026 (less than a minute ago)');
    clock.now = new Date('2026-11-27T10:00:00Z');
    expect(textOf((await request(app).get(`/assessments/${created.body.id}`).expect(200)).text)).toContain('25 November 2026 (2 days ago)');
  });
});
