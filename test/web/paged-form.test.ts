import { describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { buildTestApp, CONSULTANT_KEY, shippedRubrics } from '../helpers/app.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { answerFields, hiddenField, openForm, textOf, type Fields } from './form-agent.ts';

const rubric = (await shippedRubrics()).defaultRubric();
const [first, second, third] = rubric.dimensions.map((d) => d.id) as [string, string, string];
const questionsOf = (dimension: string) => rubric.questions.filter((q) => q.dimension === dimension);
const answersOf = (dimension: string) => Object.fromEntries(questionsOf(dimension).map((q) => [q.id, WELL_PREPARED[q.id]!]));
const ORGANISATION: Fields = { organisationName: 'Paged Bakery', sector: 'retail', size: '10-49', role: 'communications' };

/** The first `<button type="submit" ...>` of the page's form: the one Enter presses. */
const defaultButton = (html: string) => /<form method="post"[^>]*>[\s\S]*?(<button type="submit"[^>]*>)/.exec(html)![1]!;

/** A person who has filled in the first page and pressed Next: their agent, the draft's id, and the page they landed on. */
async function started(app: Express) {
  const { agent, hidden } = await openForm(app);
  const res = await agent.post('/assessments').type('form').send({ ...hidden, step: 'organisation', ...ORGANISATION, intent: 'next' }).expect(303);
  const id = /^\/assessments\/([\w-]{22})\/edit\//.exec(res.headers.location!)![1]!;
  return { agent, id, location: res.headers.location! };
}

/** Opens a page of the draft and posts it back with `fields` (the page's CSRF token and step kept). */
async function postPage(agent: ReturnType<typeof request.agent>, id: string, step: string, fields: Fields) {
  const page = await agent.get(`/assessments/${id}/edit/${step}`).expect(200);
  return agent.post(`/assessments/${id}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), step, ...fields });
}

describe('GET /assessments/new (the paged form\'s first page)', () => {
  it('when the form is opened, then it asks about the organisation only, with a step indicator of every page and Next as the default button', async () => {
    const { app } = await buildTestApp();
    const { page } = await openForm(app);
    const html = page.text;
    expect(html).not.toContain('<fieldset class="question');
    expect(html).toContain('<label for="organisationName">Organisation name');
    const steps = [...html.matchAll(/<button type="submit" name="goto" value="([\w-]+)"/g)].map((m) => m[1]);
    expect(steps).toEqual(['organisation', ...rubric.dimensions.map((d) => d.id), 'review']);
    expect(html).toMatch(/name="goto" value="organisation" class="form-step-link" aria-current="step"/);
    expect(html.match(/aria-current="step"/g)).toHaveLength(1);
    expect(defaultButton(html)).toContain('value="next"');
    expect(textOf(html)).toContain(`0 of ${rubric.questions.length} questions answered`);
    expect(textOf(html)).toContain(`Step 1 of ${rubric.dimensions.length + 2}: Your organisation`);
  });
});

describe('POST /assessments with step=organisation', () => {
  it('when Next is pressed with a name, then a draft exists at once and the browser goes to the first section', async () => {
    const { app, store } = await buildTestApp();
    const { id, location } = await started(app);
    expect(location).toBe(`/assessments/${id}/edit/${first}?saved=1`);
    expect(await store.get(id)).toMatchObject({ status: 'draft', organisation: { name: 'Paged Bakery', sector: 'retail', size: '10-49' }, respondent: { role: 'communications' }, answers: {} });
  });

  it('when Next is pressed without a name, then 422 names the field, keeps the choices and stores nothing', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, step: 'organisation', ...ORGANISATION, organisationName: '', intent: 'next' }).expect(422);
    expect(textOf(res.text)).toContain('Organisation name: enter the name of your organisation');
    expect(res.text).toMatch(/<option value="retail" selected>/);
    expect(res.text).toContain('id="error-summary" autofocus');
    expect(await store.list()).toEqual([]);
  });

  it('when the first page is sent again with its nonce (the browser\'s Back, then Next), then the same draft takes the new choices', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const once = await agent.post('/assessments').type('form').send({ ...hidden, step: 'organisation', ...ORGANISATION, intent: 'next' }).expect(303);
    const again = await agent.post('/assessments').type('form').send({ ...hidden, step: 'organisation', ...ORGANISATION, sector: 'media', intent: 'next' }).expect(303);
    expect(again.headers.location).toBe(once.headers.location);
    expect(await store.list()).toHaveLength(1);
    expect((await store.list())[0]!.organisation.sector).toBe('media');
  });

  it('when a step of the indicator is pressed on the first page, then the draft is made and the browser jumps there', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const res = await agent.post('/assessments').type('form').send({ ...hidden, step: 'organisation', ...ORGANISATION, goto: third }).expect(303);
    expect(res.headers.location).toMatch(new RegExp(`/edit/${third}\\?saved=1$`));
    expect(await store.list()).toHaveLength(1);
  });
});

describe('GET /assessments/:id/edit/:step', () => {
  it('when a section is opened, then it shows only its questions, numbered on from the sections before it, and the progress counts the whole form', async () => {
    const { app } = await buildTestApp();
    const { agent, id } = await started(app);
    const html = (await agent.get(`/assessments/${id}/edit/${second}`).expect(200)).text;
    expect(html.match(/<fieldset class="question/g)).toHaveLength(questionsOf(second).length);
    const numbers = [...html.matchAll(/<span class="question-number">(\d+)\.<\/span>/g)].map((m) => Number(m[1]));
    const before = questionsOf(first).length;
    expect(numbers).toEqual(questionsOf(second).map((_, i) => before + i + 1));
    expect(html).toMatch(new RegExp(`name="goto" value="${second}" class="form-step-link" aria-current="step"`));
    expect(defaultButton(html)).toContain('value="next"');
    expect(textOf(html)).toContain(`0 of ${rubric.questions.length} questions answered`);
  });

  it('when the step is not one of the form\'s, then 404', async () => {
    const { app } = await buildTestApp();
    const { agent, id } = await started(app);
    await agent.get(`/assessments/${id}/edit/nonsense`).expect(404);
  });

  it('when a draft is opened at its address, then it opens at the first page not complete, and shows the whole address as the only key', async () => {
    const { app } = await buildTestApp({ publicUrl: 'https://audit.example.org' });
    const { agent, id } = await started(app);
    await postPage(agent, id, first, { ...answerFields(answersOf(first)), intent: 'next' }).then((r) => expect(r.status).toBe(303));
    const html = (await agent.get(`/assessments/${id}/edit`).expect(200)).text;
    expect(html).toMatch(new RegExp(`name="goto" value="${second}" class="form-step-link" aria-current="step"`));
    expect(html).toContain(`<a href="https://audit.example.org/assessments/${id}/edit" id="resume-url">https://audit.example.org/assessments/${id}/edit</a>`);
    expect(textOf(html)).toContain('This address is the only key back to your draft');
    expect(html).toMatch(/<p class="resume-copy" hidden data-copy-row><button type="button"[^>]*data-copy-target="resume-url">Copy the address<\/button>/);
  });
});

describe('POST /assessments/:id from a page', () => {
  it('when Next is pressed with questions missing, then the answers given are saved and 422 names each missing question by its number and short title', async () => {
    const { app, store } = await buildTestApp();
    const { agent, id } = await started(app);
    const [q1, q2] = questionsOf(first) as unknown as [{ id: string }, { id: string }];
    const res = await postPage(agent, id, first, { [`answer-${q1.id}`]: WELL_PREPARED[q1.id]!, [`note-${q1.id}`]: 'Kept', intent: 'next' });
    expect(res.status).toBe(422);
    expect((await store.get(id))!.answers).toEqual({ [q1.id]: WELL_PREPARED[q1.id] });
    expect((await store.get(id))!.notes).toEqual({ [q1.id]: 'Kept' });
    const text = textOf(res.text);
    const missing = questionsOf(first).filter((q) => q.required && !q.appliesWhen).length - 1;
    expect(text).toContain(`There are ${missing} problems to fix before going on`);
    expect(text).toContain(`Question 2, ${q2.id.charAt(0).toUpperCase()}${q2.id.slice(1).replace(/-/g, ' ')}: choose an answer to this question`);
    expect(text).toContain('Your answers on this page are saved');
    expect(res.text).toContain(`<a href="#q-${q2.id}">`);
    expect(res.text).toMatch(/id="error-summary" autofocus/);
    expect(res.text).toMatch(new RegExp(`name="answer-${q1.id}" value="${WELL_PREPARED[q1.id]}" checked`));
    // Only this page's questions are named.
    expect(text).not.toContain(`Question ${questionsOf(first).length + 1},`);
  });

  it('when Next is pressed with the page complete, then it is saved and the browser goes to the next page; the other pages\' answers are kept', async () => {
    const { app, store } = await buildTestApp();
    const { agent, id } = await started(app);
    await postPage(agent, id, second, { ...answerFields(answersOf(second)), intent: 'draft' }).then((r) => expect(r.status).toBe(303));
    const res = await postPage(agent, id, first, { ...answerFields(answersOf(first)), intent: 'next' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${id}/edit/${second}?saved=1`);
    expect((await store.get(id))!.answers).toEqual({ ...answersOf(first), ...answersOf(second) });
  });

  it('when Back is pressed with questions missing, then it saves without checking and goes to the page before', async () => {
    const { app, store } = await buildTestApp();
    const { agent, id } = await started(app);
    const q = questionsOf(second)[0]!;
    const res = await postPage(agent, id, second, { [`answer-${q.id}`]: WELL_PREPARED[q.id]!, intent: 'back' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${id}/edit/${first}?saved=1`);
    expect((await store.get(id))!.answers).toEqual({ [q.id]: WELL_PREPARED[q.id] });
  });

  it('when a step of the indicator is pressed, then the page is saved without checking and the browser jumps to that step', async () => {
    const { app, store } = await buildTestApp();
    const { agent, id } = await started(app);
    const q = questionsOf(first)[0]!;
    const res = await postPage(agent, id, first, { [`answer-${q.id}`]: WELL_PREPARED[q.id]!, goto: 'review' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${id}/edit/review?saved=1`);
    expect((await store.get(id))!.answers).toEqual({ [q.id]: WELL_PREPARED[q.id] });
  });

  it('when the review page is opened, then it lists every question by number with the chosen answer or "Not answered", and each section\'s state shows in the steps', async () => {
    const { app } = await buildTestApp();
    const { agent, id } = await started(app);
    await postPage(agent, id, first, { ...answerFields(answersOf(first)), intent: 'next' });
    const q = questionsOf(second)[0]!;
    await postPage(agent, id, second, { [`answer-${q.id}`]: WELL_PREPARED[q.id]!, ['note-' + q.id]: 'A note', intent: 'draft' });
    const html = (await agent.get(`/assessments/${id}/edit/review`).expect(200)).text;
    const text = textOf(html);
    expect(html.match(/<div class="review-item/g)).toHaveLength(rubric.questions.length);
    const label = q.options.find((o) => o.value === WELL_PREPARED[q.id])!.label;
    expect(text).toContain(`${questionsOf(first).length + 1}. ${q.prompt} ${label}`);
    expect(text).toContain('Note: A note');
    expect(text).toContain('Not answered');
    expect(html).toContain(`href="/assessments/${id}/edit/${second}#q-${q.id}"`);
    expect(html).toMatch(new RegExp(`form-step-complete">\\s*<button type="submit" name="goto" value="${first}"`));
    expect(html).toMatch(new RegExp(`form-step-partly">\\s*<button type="submit" name="goto" value="${second}"`));
    expect(html).toMatch(new RegExp(`form-step-not-started">\\s*<button type="submit" name="goto" value="${third}"`));
    expect(textOf(html)).toMatch(/Experience complete|complete/);
    // Enter on the review page saves; it never submits.
    expect(defaultButton(html)).toContain('value="draft"');
  });

  it('when Submit is pressed on the review page with questions missing, then 422 lists them with links to their pages and nothing is submitted', async () => {
    const { app, store } = await buildTestApp();
    const { agent, id } = await started(app);
    await postPage(agent, id, first, { ...answerFields(answersOf(first)), intent: 'next' });
    const res = await postPage(agent, id, 'review', { intent: 'submit' });
    expect(res.status).toBe(422);
    const q = questionsOf(second)[0]!;
    expect(res.text).toContain(`<a href="/assessments/${id}/edit/${second}#q-${q.id}">Question ${questionsOf(first).length + 1}, `);
    expect(textOf(res.text)).toContain('to fix before submitting');
    expect((await store.get(id))!.status).toBe('draft');
  });

  it('when every page is done and Submit is pressed on the review page, then the assessment is submitted and the browser goes to the report', async () => {
    const { app, store } = await buildTestApp();
    const { agent, id } = await started(app);
    for (const d of [first, second, third]) expect((await postPage(agent, id, d, { ...answerFields(answersOf(d)), intent: 'next' })).status).toBe(303);
    const res = await postPage(agent, id, 'review', { intent: 'submit' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${id}`);
    const stored = await store.get(id);
    expect(stored).toMatchObject({ status: 'submitted', organisation: { name: 'Paged Bakery' }, answers: WELL_PREPARED });
    expect(stored!.result!.recommendation.code).toBe('assign-experienced-owner');
  });

  it('when a whole form is posted without a step (an old tab or a script), then it is read as before: the whole answers replace the draft\'s', async () => {
    const { app, store } = await buildTestApp();
    const { agent, id } = await started(app);
    const page = await agent.get(`/assessments/${id}/edit`).expect(200);
    const res = await agent.post(`/assessments/${id}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), ...ORGANISATION, ...answerFields(WELL_PREPARED), intent: 'submit' }).expect(303);
    expect(res.headers.location).toBe(`/assessments/${id}`);
    expect((await store.get(id))!.status).toBe('submitted');
  });
});

describe('the paged form through a round\'s invitation', () => {
  it('when a respondent opens their link and presses Next, then their draft is made in the round and they page through with the role fixed', async () => {
    const { app, store, service } = await buildTestApp({ rateLimits: 'off' });
    const created = await service.create({}, { organisation: { name: 'Many Voices Ltd' }, respondent: {}, answers: WELL_PREPARED, notes: {} }, 'submitted');
    const consultant = request.agent(app);
    const signIn = await consultant.get('/consultant/sign-in');
    await consultant.post('/consultant/sign-in').type('form').send({ _csrf: hiddenField(signIn.text, '_csrf'), key: CONSULTANT_KEY }).expect(303);
    const csrf = hiddenField((await consultant.get(`/assessments/${created.id}`).expect(200)).text, '_csrf');
    const opened = await consultant.post(`/consultant/organisations/${created.organisationId}/rounds`).type('form').send(`_csrf=${encodeURIComponent(csrf)}&title=Autumn&groups=leadership`).expect(303);
    const token = /\/r\/([\w-]{43})/.exec((await consultant.get(opened.headers.location!).expect(200)).text)![1]!;

    const respondent = request.agent(app);
    const form = await respondent.get(`/r/${token}`).expect(200);
    expect(form.text).not.toContain('<fieldset class="question');
    expect(defaultButton(form.text)).toContain('value="next"');
    const res = await respondent.post('/assessments').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), nonce: hiddenField(form.text, 'nonce'), invitation: token, step: 'organisation', organisationName: 'Many Voices Ltd', intent: 'next' }).expect(303);
    const id = /^\/assessments\/([\w-]{22})\/edit\//.exec(res.headers.location!)![1]!;
    const draft = await store.get(id);
    expect(draft).toMatchObject({ status: 'draft', respondent: { role: 'leadership' } });
    expect(draft!.roundId).toBeDefined();
    // The page after it: the invitation's token is not printed again.
    const section = await respondent.get(res.headers.location!).expect(200);
    expect(section.text).not.toContain(token);
    for (const d of [first, second, third]) expect((await postPage(respondent, id, d, { ...answerFields(answersOf(d)), intent: 'next' })).status).toBe(303);
    const done = await postPage(respondent, id, 'review', { intent: 'submit' });
    expect(done.status).toBe(303);
    expect((await store.get(id))!.status).toBe('submitted');
  });
});
