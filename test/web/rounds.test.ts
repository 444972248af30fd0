import { describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { buildTestApp, CONSULTANT_KEY, shippedRubrics } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { answerFields, hiddenField, textOf } from './form-agent.ts';

const rubric = (await shippedRubrics()).defaultRubric();
const CONTROLLING = SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers;
const STAFF_VIEW = { ...WELL_PREPARED, ...Object.fromEntries(rubric.questions.filter((q) => q.dimension === 'leadership').map((q) => [q.id, CONTROLLING[q.id]!])) };

async function setUp(groups = ['leadership', 'communications']) {
  const clock = { now: new Date('2026-11-25T10:00:00Z') };
  const built = await buildTestApp({ now: () => clock.now, rateLimits: 'off' });
  const first = await request(built.app).post('/api/assessments').send({ organisation: { name: 'Many Voices Ltd' }, answers: WELL_PREPARED }).expect(201);
  const orgId = (await built.store.get(first.body.id))!.organisationId;
  const consultant = request.agent(built.app);
  const signIn = await consultant.get('/consultant/sign-in');
  await consultant.post('/consultant/sign-in').type('form').send({ _csrf: hiddenField(signIn.text, '_csrf'), key: CONSULTANT_KEY }).expect(303);
  const report = await consultant.get(`/assessments/${first.body.id}`).expect(200);
  const csrf = hiddenField(report.text, '_csrf');
  const opened = await consultant.post(`/consultant/organisations/${orgId}/rounds`).type('form').send(`_csrf=${encodeURIComponent(csrf)}&title=Autumn&closesOn=2026-12-10&${groups.map((g) => `groups=${g}`).join('&')}`).expect(303);
  const roundPath = opened.headers.location!;
  const page = await consultant.get(roundPath).expect(200);
  const links = [...page.text.matchAll(/\/r\/([\w-]{43})/g)].map((m) => m[1]!);
  return { ...built, clock, orgId, consultant, csrf, roundPath, links };
}

/** One respondent: a fresh browser opens the link and submits. */
async function respond(app: Express, token: string, answers: Record<string, string>, intent = 'submit') {
  const agent = request.agent(app);
  const form = await agent.get(`/r/${token}`).expect(200);
  const res = await agent.post('/assessments').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), nonce: hiddenField(form.text, 'nonce'), invitation: token, organisationName: 'typed name is ignored', role: 'other', ...answerFields(answers), intent });
  return { agent, form, res };
}

describe('rounds', () => {
  it('when three leaders and three staff answer through their group links, then the round report combines them and calls out the leaders\' gap (C6)', async () => {
    const { app, consultant, roundPath, links, store, orgId } = await setUp();
    expect(links).toHaveLength(2);
    const [leaders, comms] = links as [string, string];
    const form = await request(app).get(`/r/${leaders}`).expect(200);
    expect(textOf(form.text)).toContain('You are answering for Many Voices Ltd as one of its leaders');
    expect(form.text).not.toContain('id="role"');
    for (let i = 0; i < 3; i++) expect((await respond(app, leaders, WELL_PREPARED)).res.status).toBe(303);
    for (let i = 0; i < 3; i++) expect((await respond(app, comms, STAFF_VIEW)).res.status).toBe(303);

    const inRound = (await store.assessmentsOf(orgId)).filter((a) => a.roundId);
    expect(inRound).toHaveLength(6);
    expect(inRound.map((a) => a.respondent.role).sort()).toEqual(['communications', 'communications', 'communications', 'leadership', 'leadership', 'leadership']);
    expect(inRound.every((a) => a.organisation.name === 'Many Voices Ltd')).toBe(true);

    const text = textOf((await consultant.get(roundPath).expect(200)).text);
    expect(text).toMatch(/Leaders rate their openness 100; the others rate it \d+ \(C5, C6/);
    expect(text).toContain('Leaders rate their own readiness far higher');
    expect(text).toContain('educate-leadership-first');
    expect(text).toMatch(/Leaders 3 \d+/);
    expect(text).toContain('3 answered, 0 in draft');
  });

  it('when a role group has fewer than 3 respondents, then its scores are not shown and the report says so', async () => {
    const { app, consultant, roundPath, links } = await setUp();
    const [leaders, comms] = links as [string, string];
    for (let i = 0; i < 2; i++) await respond(app, leaders, WELL_PREPARED);
    for (let i = 0; i < 3; i++) await respond(app, comms, STAFF_VIEW);
    const page = await consultant.get(roundPath).expect(200);
    const text = textOf(page.text);
    expect(text).toContain('Leaders: fewer than 3 respondents, so this group is not shown on its own');
    expect(text).not.toMatch(/Leaders rate their/);
    expect(text).not.toMatch(/Leaders 2 \d+/);
    const json = await consultant.get(`${roundPath.replace('/consultant/rounds/', '/api/rounds/')}/export.json`).expect(200);
    expect(json.body.outcome.groups.find((g: { role: string }) => g.role === 'leadership')).toEqual({ role: 'leadership', label: 'Leaders', respondents: 2, shown: false });
    expect(JSON.stringify(json.body)).not.toContain('"answers"');
    expect(json.body.respondents.map((r: { role: string }) => r.role).sort()).toEqual(['communications', 'communications', 'communications', 'leadership', 'leadership']);
  });

  it('when the round closes by date or by hand, then its links answer 410 and a draft in it can no longer be submitted', async () => {
    const { app, consultant, roundPath, links, csrf, clock } = await setUp();
    const [leaders] = links as [string];
    const { agent, res } = await respond(app, leaders, { 'tone-guide': 'written' }, 'draft');
    const editPath = res.headers.location!.replace('?saved=1', '');
    clock.now = new Date('2026-12-11T09:00:00Z'); // the day after closesOn
    expect(textOf((await request(app).get(`/r/${leaders}`).expect(410)).text)).toContain('This round has closed');
    expect(textOf((await agent.get(editPath).expect(200)).text)).toContain('The round has closed before this draft was sent');
    const csrf2 = hiddenField((await agent.get('/assessments/new')).text, '_csrf');
    await agent.post(editPath.replace('/edit', '')).type('form').send({ _csrf: csrf2, organisationName: 'x', ...answerFields(WELL_PREPARED), intent: 'submit' }).expect(409);

    clock.now = new Date('2026-11-25T12:00:00Z');
    await request(app).get(`/r/${leaders}`).expect(200);
    await consultant.post(`${roundPath}/close`).type('form').send({ _csrf: csrf }).expect(303);
    await request(app).get(`/r/${leaders}`).expect(410);
  });

  it('when a one-person invitation is opened again, then it leads back to that person\'s own draft; a withdrawn one answers 410', async () => {
    const { app, consultant, roundPath, csrf } = await setUp();
    await consultant.post(`${roundPath}/invitations`).type('form').send({ _csrf: csrf, role: 'proposed-owner', kind: 'respondent', label: 'Sam' }).expect(303);
    const page = await consultant.get(roundPath);
    const token = [...page.text.matchAll(/\/r\/([\w-]{43})/g)].map((m) => m[1]!)[2]!;
    expect(textOf(page.text)).toContain('Sam');
    const { res } = await respond(app, token, { 'tone-guide': 'written' }, 'draft');
    const draftId = res.headers.location!.split('/')[2];
    await request(app).get(`/r/${token}`).expect(303).expect('location', `/assessments/${draftId}/edit`);
    await consultant.post(`${roundPath}/invitations/${token}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expect(textOf((await request(app).get(`/r/${token}`).expect(410)).text)).toContain('This invitation was withdrawn');
  });

  it('when the invitation form is sent with bad values, then 422 names the field; without the key, 401', async () => {
    const { app, consultant, roundPath, csrf } = await setUp();
    const res = await consultant.post(`${roundPath}/invitations`).type('form').send({ _csrf: csrf, role: 'ceo', kind: 'respondent' }).expect(422);
    expect(textOf(res.text)).toContain('role: must be one of leadership, communications, proposed-owner, other; got "ceo"');
    await request(app).get(roundPath).expect(401);
    await request(app).get(`${roundPath.replace('/consultant/rounds/', '/api/rounds/')}/export.csv`).expect(401);
  });

  it('when the round is exported as CSV, then it carries the round, the roles and the gaps', async () => {
    const { app, consultant, roundPath, links } = await setUp();
    const [leaders, comms] = links as [string, string];
    for (let i = 0; i < 3; i++) await respond(app, leaders, WELL_PREPARED);
    for (let i = 0; i < 3; i++) await respond(app, comms, STAFF_VIEW);
    const csv = await consultant.get(`${roundPath.replace('/consultant/rounds/', '/api/rounds/')}/export.csv`).expect(200);
    expect(csv.text).toContain(`round_id,${roundPath.split('/').pop()}`);
    expect(csv.text).toContain('leadership (n=3)');
    expect(csv.text).toMatch(/gap_facet,facet_title,dimension,dimension_title,leaders,others,gap,claims\r\nopenness,Openness,leadership,Leadership readiness,100,\d+,\d+/);
    // Codes have their words beside them.
    expect(csv.text).toMatch(/\r\nrecommendation_title,"?[A-Z][^\r\n]+\r\n/);
    expect(csv.text).toContain('\r\nscope,id,title,combined,');
    expect(csv.text).toMatch(/\r\ndimension,leadership,Leadership readiness,\d+,/);
    // The portfolio export over time carries each respondent's round and role (never a name) ...
    const roundId = roundPath.split('/').pop()!;
    const all = await consultant.get('/api/export.csv?kind=summary&scope=all').expect(200);
    expect(all.text.split('\r\n').filter((line) => line.endsWith(`,leadership,Leadership or management,${roundId},round-response,1`))).toHaveLength(3);
    // ... and by default, as the dashboard shows it, one row per organisation: the round's combined result.
    const latest = (await consultant.get('/api/export.csv?kind=summary').expect(200)).text.trim().split('\r\n');
    expect(latest).toHaveLength(2);
    expect(latest[1]).toMatch(new RegExp(`^${roundId},Many Voices Ltd,.*,${roundId},round,6$`));
    await consultant.get('/api/export.csv?scope=everything').expect(400);
    await consultant.get('/api/export.json?scope=latest').expect(400);
  });
});

describe('the round report', () => {
  it('when the consultant reads the report, then it carries the combined recommendation, its reasons in words, the plan with dates and the gap in plain words', async () => {
    const { app, consultant, roundPath, links } = await setUp();
    const [leaders, comms] = links as [string, string];
    for (let i = 0; i < 3; i++) await respond(app, leaders, WELL_PREPARED);
    for (let i = 0; i < 3; i++) await respond(app, comms, STAFF_VIEW);
    const page = await consultant.get(`${roundPath}/report`).expect(200);
    const text = textOf(page.text);
    expect(text).toContain('educate-leadership-first');
    expect(text).toMatch(/Leaders rate their openness 100; the others rate it (\d+)/);
    const others = /the others rate it (\d+)/.exec(text)![1];
    // One number per facet: the group column shows the same mean as the gap sentence.
    expect(text).toMatch(new RegExp(`Openness \\d+ \\w+ 100 ${others}`));
    expect(text).toContain('Red flag, high severity: Leaders rate their own readiness far higher');
    expect(text).not.toContain('Red flag "');
    expect(text).toContain('Reassess by');
    expect(text).toMatch(/Respondents 6 \(Leaders 3, Communications, marketing or PR 3\)/);
    expect(text).toContain('a role group of fewer than 3 people is never shown separately');
    expect(page.text).toContain('href="/consultant/rounds/');
    await request(app).get(`${roundPath}/report`).expect(401);
    const pdf = await consultant.get(`${roundPath}/report.pdf`).expect(503);
    expect(pdf.body.printView).toBe(`${roundPath}/report`);
  });

  it('when the report is shared, then the link shows it read-only until it is revoked or expires', async () => {
    const { app, consultant, roundPath, links, csrf, clock } = await setUp();
    for (let i = 0; i < 3; i++) await respond(app, links[0]!, WELL_PREPARED);
    const bad = await consultant.post(`${roundPath}/share-links`).type('form').send({ _csrf: csrf, days: '0' }).expect(422);
    expect(textOf(bad.text)).toContain('days: must be a whole number of days from 1 to 365; got "0"');
    await consultant.post(`${roundPath}/share-links`).type('form').send({ _csrf: csrf, label: 'For the board', days: '7' }).expect(303);
    const report = await consultant.get(`${roundPath}/report`).expect(200);
    const token = /\/s\/([\w-]{43})/.exec(report.text)![1]!;
    const shared = await request(app).get(`/s/${token}`).expect(200);
    const text = textOf(shared.text);
    expect(text).toContain('A read-only copy of this report');
    expect(text).toContain('Many Voices Ltd');
    expect(shared.text).not.toContain('/consultant/rounds/');
    expect(shared.text).not.toContain('Make a share link');
    // In plain words for the reader: no recommendation code, claim ids that link to claims listed on the same page.
    const code = (await consultant.get(`${roundPath}/report`).expect(200)).text.match(/Code for exports: <code>([\w-]+)<\/code>/)![1]!;
    expect(shared.text).not.toContain(code);
    const targets = [...shared.text.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.some((t) => t.startsWith('claim-'))).toBe(true);
    for (const target of new Set(targets)) expect(shared.text, `#${target}`).toContain(`id="${target}"`);
    expect(text).toContain('Sources The post The blog post this audit is built on');
    expect(textOf((await consultant.get(`${roundPath}/report`)).text)).toMatch(/For the board .* active .* 1/);
    clock.now = new Date('2026-12-03T10:00:00Z');
    await request(app).get(`/s/${token}`).expect(410);
    clock.now = new Date('2026-11-25T11:00:00Z');
    await consultant.post(`${roundPath}/share-links/${token}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    expect(textOf((await request(app).get(`/s/${token}`).expect(410)).text)).toContain('was revoked');
    await request(app).get(`/s/${token}/report.pdf`).expect(410);
  });
});

describe('rounds on the dashboard', () => {
  it('when an organisation has a round, then the dashboard shows its combined result (not one respondent\'s), lists the round with its progress, and the default export has one row per organisation', async () => {
    const { app, roundPath, links, clock } = await setUp();
    const [leaders, comms] = links as [string, string];
    // The clock moves past a browser session's life: the key is sent with each request.
    const withKey = (path: string) => request(app).get(path).set('Authorization', `Bearer ${CONSULTANT_KEY}`).expect(200);
    clock.now = new Date('2026-11-26T10:00:00Z');
    for (let i = 0; i < 3; i++) await respond(app, leaders, WELL_PREPARED);
    for (let i = 0; i < 2; i++) await respond(app, comms, STAFF_VIEW);
    await respond(app, comms, { 'tone-guide': 'written' }, 'draft');
    // A later single assessment of another organisation, so the dashboard lists two.
    await request(app).post('/api/assessments').send({ organisation: { name: 'Solo Ltd' }, answers: WELL_PREPARED }).expect(201);

    const page = await withKey('/consultant');
    const text = textOf(page.text);
    expect(text).toMatch(/Many Voices Ltd Round, 5 respondents \(still open\)/);
    expect(text).toMatch(/Solo Ltd One assessment/);
    expect(page.text).toContain(`href="${roundPath}/report"`);
    expect(text).toContain('1 to 2 of 2 organisations matching (of 2)');
    // 10 December is 14 days away: open, not closing soon.
    expect(text).toMatch(/Open Many Voices Ltd: Autumn opened 25 November 2026, last day 10 December 2026 \(in 14 days\) 5 answers in, 1 in draft; 2 of 2 invitation links answered/);
    expect(text).not.toContain('Closing soon');
    const csv = (await withKey('/api/export.csv')).text.trim().split('\r\n');
    expect(csv).toHaveLength(3);

    clock.now = new Date('2026-12-05T10:00:00Z');
    expect(textOf((await withKey('/consultant')).text)).toMatch(/Closing soon \(within 7 days\) Many Voices Ltd: Autumn/);
    clock.now = new Date('2026-12-11T10:00:00Z');
    const closed = textOf((await withKey('/consultant')).text);
    expect(closed).toMatch(/Closed Many Voices Ltd: Autumn opened 25 November 2026, closed 10 December 2026/);
    expect(closed).toMatch(/Many Voices Ltd Round, 5 respondents (?!\(still open\))/);
    // Years on, both are due: the round's entry in the due list leads to the round's report.
    clock.now = new Date('2029-01-01T10:00:00Z');
    const due = (await withKey('/consultant')).text;
    const dueList = due.slice(due.indexOf('aria-labelledby="due-title"'), due.indexOf('</section>', due.indexOf('aria-labelledby="due-title"')));
    expect(dueList).toContain(`href="${roundPath}/report"`);
    expect(textOf(dueList)).toContain('Solo Ltd');
  });
});
