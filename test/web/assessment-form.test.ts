import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { shippedRubrics, buildTestApp } from '../helpers/app.ts';
import { answerFields, completeForm, openForm, textOf } from './form-agent.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

describe('GET /', () => {
  it('when a visitor arrives, then the page says what the audit is and offers a start button', async () => {
    const { app } = await buildTestApp();
    const page = await request(app).get('/').expect(200);
    expect(page.text).toContain('Who should own your social media?');
    expect(page.text).toMatch(/<a class="button button-primary" href="\/assessments\/new">Start the assessment<\/a>/);
  });
});

describe('GET /assessments/new', () => {
  it('when the form is opened, then its first page asks about the organisation, and each section\'s page shows its questions as fieldsets with a legend, labelled radios, help and an optional note', async () => {
    const { app, rubrics } = await buildTestApp();
    const rubric = rubrics.defaultRubric();
    const { agent, page, hidden } = await openForm(app);
    const html = page.text;
    expect(html).toContain('<label for="organisationName">Organisation name');
    for (const id of ['sector', 'size', 'role']) expect(html).toContain(`<select id="${id}" name="${id}"`);
    expect(textOf(html)).toContain(`0 of ${rubric.questions.length} questions answered`);
    for (const d of rubric.dimensions) expect(textOf(html)).toContain(d.title);
    const next = await agent.post('/assessments').type('form').send({ ...hidden, step: 'organisation', organisationName: 'Fieldset Ltd', intent: 'next' }).expect(303);
    const id = next.headers.location!.split('/')[2]!;
    const pages = await Promise.all(rubric.dimensions.map(async (d) => (await agent.get(`/assessments/${id}/edit/${d.id}`).expect(200)).text));
    const all = pages.join('');
    expect(all.match(/<fieldset class="question/g)).toHaveLength(rubric.questions.length);
    for (const q of rubric.questions) {
      expect(all).toContain(`id="q-${q.id}"`);
      q.options.forEach((o, i) => {
        expect(all).toContain(`<input type="radio" id="q-${q.id}-${i}" name="answer-${q.id}" value="${o.value}"`);
        expect(all).toContain(`<label for="q-${q.id}-${i}">`);
      });
      expect(all).toContain(`<textarea id="note-${q.id}" name="note-${q.id}"`);
    }
  });
});

describe('GET /assessments/new, twice', () => {
  it('when two people open the blank form, then each page has its own nonce and CSRF token', async () => {
    const { app } = await buildTestApp();
    const a = await openForm(app);
    const b = await openForm(app);
    expect(a.hidden.nonce).not.toBe(b.hidden.nonce);
    expect(a.hidden._csrf).not.toBe(b.hidden._csrf);
    expect(a.page.text).not.toMatch(/slot0x7f3a/);
  });
});

describe('POST /assessments', () => {
  it('when every required answer is sent with Submit, then it is stored as submitted and the browser goes to the report', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, ...completeForm(), 'note-tone-guide': 'Written in 2025', intent: 'submit' }).expect(303);
    const id = /^\/assessments\/([\w-]{22})$/.exec(res.headers.location!)![1]!;
    const stored = await store.get(id);
    expect(stored).toMatchObject({ status: 'submitted', rubricId: 'social-ownership', rubricVersion: '2.0.0', organisation: { name: 'Harbour Bakery Ltd', sector: 'retail', size: '10-49' }, respondent: { role: 'leadership' } });
    expect(stored!.notes).toEqual({ 'tone-guide': 'Written in 2025' });
    expect(stored!.result!.recommendation.code).toBe('assign-experienced-owner');
    expect(stored!.submittedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('when Save draft is pressed with some answers, then a draft is stored and its resume page shows what was typed', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent
      .post('/assessments')
      .type('form')
      .send({ ...hidden, organisationName: 'Draft & Co', 'answer-owner-comms-background': 'some', 'note-owner-comms-background': 'Ten years in PR <b>really</b>', intent: 'draft' })
      .expect(303);
    expect(res.headers.location).toMatch(/^\/assessments\/[\w-]{22}\/edit\?saved=1$/);
    const id = res.headers.location!.split('/')[2]!;
    const draft = await store.get(id);
    expect(draft).toMatchObject({ status: 'draft', answers: { 'owner-comms-background': 'some' } });
    expect(draft!.result).toBeUndefined();

    // The draft's address opens at the first page not finished: here the one with the answer and the note.
    const resume = await agent.get(res.headers.location!).expect(200);
    expect(resume.text).toMatch(/name="answer-owner-comms-background" value="some" checked/);
    expect(resume.text).toContain('Ten years in PR &lt;b&gt;really&lt;/b&gt;</textarea>');
    expect(textOf(resume.text)).toMatch(/Draft saved at .* Keep its address to come back to it/);
    expect(textOf(resume.text)).toContain(`1 of ${(await shippedRubrics()).defaultRubric().questions.length} questions answered`);
    const organisation = await agent.get(`/assessments/${id}/edit/organisation`).expect(200);
    expect(organisation.text).toContain('value="Draft &amp; Co"');
  });

  it('when a draft is finished from its resume page, then the same record becomes submitted', async () => {
    const { app, store } = await buildTestApp();
    const first = await openForm(app);
    const saved = await first.agent.post('/assessments').type('form').send({ ...first.hidden, organisationName: 'Later Ltd', intent: 'draft' }).expect(303);
    const editPath = saved.headers.location!.replace('?saved=1', '');
    const id = editPath.split('/')[2]!;
    const resume = await openForm(app, editPath);
    const done = await resume.agent.post(`/assessments/${id}`).type('form').send({ ...resume.hidden, ...completeForm('Later Ltd'), intent: 'submit' }).expect(303);
    expect(done.headers.location).toBe(`/assessments/${id}`);
    expect((await store.list()).map((a) => [a.id, a.status])).toEqual([[id, 'submitted']]);
    // The draft link now leads to the report.
    await resume.agent.get(editPath).expect(303).expect('location', `/assessments/${id}`);
  });

  it('when Submit is pressed with answers missing, then the form comes back (422) with errors beside the fields, a summary, and everything typed', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const fields = { ...hidden, organisationName: 'Half Done <Ltd>', sector: 'media', 'answer-owner-register': 'friendly-professional', 'note-owner-register': 'We have a style guide', intent: 'submit' };
    const res = await agent.post('/assessments').type('form').send(fields).expect(422);
    const html = res.text;
    expect(html).toContain('id="error-summary"');
    expect(textOf(html)).toMatch(/There are 2\d problems to fix/);
    expect(html).toContain('<a href="#q-owner-comms-background">');
    expect(html).toMatch(/<fieldset class="question has-error" id="q-owner-comms-background" aria-describedby="q-owner-comms-background-error q-owner-comms-background-help"/);
    expect(html).toContain('id="q-owner-comms-background-error"');
    // kept: the name, the sector, the chosen radio, the note
    expect(html).toContain('value="Half Done &lt;Ltd&gt;"');
    expect(html).toMatch(/<option value="media" selected>/);
    expect(html).toMatch(/name="answer-owner-register" value="friendly-professional" checked/);
    expect(html).toContain('We have a style guide</textarea>');
    expect(html).not.toContain('id="q-owner-register-error"');
    expect(await store.list()).toEqual([]);
  });

  it('when the organisation name is missing on a draft, then 422 names the field and keeps the answers', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, organisationName: '', 'answer-tone-guide': 'written', intent: 'draft' }).expect(422);
    expect(textOf(res.text)).toContain('Organisation name: enter the name of your organisation');
    expect(res.text).toMatch(/name="answer-tone-guide" value="written" checked/);
    expect(await store.list()).toEqual([]);
  });

  it('when an answer value is not in the rubric, then 422 says what was expected and what came', async () => {
    const { app } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, ...completeForm(), 'answer-tone-guide': 'carved-in-stone', intent: 'submit' }).expect(422);
    expect(textOf(res.text)).toContain('answer for "tone-guide" must be one of none, discussed, written, unsure; got "carved-in-stone"');
  });

  it('when the CSRF token is missing, then 403 keeps what was typed, stores nothing, and says to send again', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ nonce: hidden.nonce, ...completeForm('No Token plc'), intent: 'submit' }).expect(403);
    expect(textOf(res.text)).toContain('nothing was saved');
    expect(res.text).toContain('value="No Token plc"');
    expect(res.text).toMatch(/name="answer-tone-guide" value="written" checked/);
    expect(await store.list()).toEqual([]);
    // The re-rendered form carries a fresh token that works.
    const again = await agent.post('/assessments').type('form').send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(res.text)![1], nonce: hidden.nonce, ...completeForm('No Token plc'), intent: 'submit' });
    expect(again.status).toBe(303);
  });

  it('when Submit is sent twice with the same form nonce, then one assessment is stored and both answers lead to the same report', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const body = { ...hidden, ...completeForm(), intent: 'submit' };
    const [a, b] = await Promise.all([agent.post('/assessments').type('form').send(body), agent.post('/assessments').type('form').send(body)]);
    expect(a.headers.location).toBe(b.headers.location);
    expect(await store.list()).toHaveLength(1);
  });

  it('when the body is larger than the limit, then 413', async () => {
    const { app } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, organisationName: 'x'.repeat(120_000) });
    expect(res.status).toBe(413);
    expect(textOf(res.text)).toMatch(/larger than the limit of 100kb/);
  });

  it('when every field holds script and markup, then every page shows it as text', async () => {
    const { app } = await buildTestApp();
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'';
    const { agent, hidden } = await openForm(app);
    const notes = Object.fromEntries(Object.keys(answerFields(SCENARIOS[0]!.answers)).map((k) => [k.replace('answer-', 'note-'), payload]));
    const sent = await agent.post('/assessments').type('form').send({ ...hidden, ...completeForm(payload), ...notes, intent: 'submit' }).expect(303);
    const report = await agent.get(sent.headers.location!).expect(200);
    for (const html of [report.text]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    const bad = await agent.post('/assessments').type('form').send({ ...hidden, nonce: 'another-nonce-123', organisationName: payload, 'answer-tone-guide': payload, intent: 'submit' }).expect(422);
    expect(bad.text).not.toContain('<script>alert');
    expect(bad.text).not.toContain('<img src=x');
  });
});

describe('POST /assessments/:id', () => {
  it('when a submitted assessment is sent again as a draft, then 409 and it is unchanged', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const sent = await agent.post('/assessments').type('form').send({ ...hidden, ...completeForm(), intent: 'submit' }).expect(303);
    const id = sent.headers.location!.split('/')[2]!;
    const before = await store.get(id);
    await agent.post(`/assessments/${id}`).type('form').send({ ...hidden, organisationName: 'Changed', intent: 'draft' }).expect(409);
    expect(await store.get(id)).toEqual(before);
  });

  it('when the id is unknown, then 404', async () => {
    const { app } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    await agent.post('/assessments/AAAAAAAAAAAAAAAAAAAAAA').type('form').send({ ...hidden, organisationName: 'X', intent: 'draft' }).expect(404);
  });
});
