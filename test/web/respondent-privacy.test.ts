/**
 * The promise to a round's respondent, checked by crawling: from every page a
 * respondent can reach (their invitation, form, draft, thank-you page, error
 * pages), no link and no form action names another respondent's record, the
 * round, the organisation's own report or another invitation.
 */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { answerFields, hiddenField } from './form-agent.ts';

const AUTH = { Authorization: `Bearer ${CONSULTANT_KEY}` };
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=').replace(/&#x2F;/g, '/');

/** Every same-site address a page points to: links, form actions, scripts and stylesheets. */
const targets = (html: string): string[] =>
  [...html.matchAll(/\b(?:href|action|src)="([^"]*)"/g)].map((m) => decode(m[1]!)).filter((u) => u.startsWith('/') && !u.startsWith('//'));

async function crawl(agent: ReturnType<typeof request.agent>, start: string[], visited: Map<string, string>) {
  const queue = [...start];
  while (queue.length) {
    const url = queue.shift()!;
    if (visited.has(url) || url.startsWith('/static/')) continue;
    const res = await agent.get(url);
    visited.set(url, res.text ?? '');
    if (res.status >= 300 && res.status < 400 && res.headers.location) queue.push(res.headers.location);
    for (const t of targets(res.text ?? '')) if (!visited.has(t.split('#')[0]!)) queue.push(t.split('#')[0]!);
  }
}

describe('a respondent sees nobody else', () => {
  it('when a respondent crawls every page and form reachable from their invitation, then none names another respondent, the round, the organisation\'s report or another invitation', async () => {
    const { app, store } = await buildTestApp({ rateLimits: 'off' });
    const single = await request(app).post('/api/assessments').send({ organisation: { name: 'Quiet Voices Ltd' }, answers: WELL_PREPARED }).expect(201);
    const orgId = (await store.get(single.body.id))!.organisationId;
    const round = await request(app).post(`/api/organisations/${orgId}/rounds`).set(AUTH).send({ roles: ['leadership', 'communications'], closesOn: '2026-12-31' }).expect(201);
    const [leaders, comms] = round.body.invitations as Array<{ token: string }>;
    const one = await request(app).post(`/api/rounds/${round.body.id}/invitations`).set(AUTH).send({ role: 'proposed-owner' }).expect(201);
    const others: string[] = [];
    for (let i = 0; i < 3; i++) others.push((await request(app).post('/api/assessments').send({ invitation: leaders!.token, answers: WELL_PREPARED }).expect(201)).body.id);
    others.push((await request(app).post('/api/assessments').send({ invitation: comms!.token, answers: { 'tone-guide': 'written' }, status: 'draft' }).expect(201)).body.id);
    others.push((await request(app).post('/api/assessments').send({ invitation: one.body.token, answers: WELL_PREPARED }).expect(201)).body.id);

    // A new leader: opens the link, saves a draft, comes back, submits.
    const me = request.agent(app);
    const visited = new Map<string, string>();
    const form = await me.get(`/r/${leaders!.token}`).expect(200);
    visited.set(`/r/${leaders!.token}`, form.text);
    const saved = await me.post('/assessments').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), nonce: hiddenField(form.text, 'nonce'), invitation: leaders!.token, ...answerFields({ 'tone-guide': 'written' }), intent: 'draft' }).expect(303);
    const draftUrl = saved.headers.location!;
    const myId = draftUrl.split('/')[2]!;
    const draft = await me.get(draftUrl).expect(200);
    // A form sent with a missing answer: the error page of the form.
    const bad = await me.post(`/assessments/${myId}`).type('form').send({ _csrf: hiddenField(draft.text, '_csrf'), organisationName: 'x', ...answerFields({ 'tone-guide': 'written' }), intent: 'submit' }).expect(422);
    visited.set('(422 form)', bad.text);
    const sent = await me.post(`/assessments/${myId}`).type('form').send({ _csrf: hiddenField(draft.text, '_csrf'), organisationName: 'x', ...answerFields(WELL_PREPARED), intent: 'submit' }).expect(303);
    // Every page reachable from there, plus the pages a mistyped or spent link gives.
    await crawl(me, [draftUrl, sent.headers.location!, `/assessments/${myId}/edit`, `/r/${'x'.repeat(43)}`, `/assessments/${'y'.repeat(22)}`], visited);
    await request(app).post(`/api/rounds/${round.body.id}/close`).set(AUTH).expect(200);
    const closed = await me.get(`/r/${leaders!.token}`).expect(410);
    visited.set('(410 closed)', closed.text);

    expect(visited.size).toBeGreaterThan(5);
    const forbidden = [round.body.id, single.body.id, orgId, comms!.token, one.body.token, ...others];
    const leaks = [...visited].flatMap(([url, html]) => forbidden.filter((f) => url.includes(f) || targets(html).some((t) => t.includes(f))).map((f) => `${url} → ${f}`));
    expect(leaks).toEqual([]);
    // Nor is it written anywhere on those pages.
    const mentions = [...visited].flatMap(([url, html]) => forbidden.filter((f) => html.includes(f)).map((f) => `${url} mentions ${f}`));
    expect(mentions).toEqual([]);
  });
});
