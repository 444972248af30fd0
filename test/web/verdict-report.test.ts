/** What rubric 2.0.0's verdicts look like to a reader: the report, the form, the API, the exports, the dashboard. */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { buildTestApp, CONSULTANT_KEY, shippedRubrics } from '../helpers/app.ts';
import { WELL_PREPARED, WELL_PREPARED_V1 } from '../fixtures/answer-sets.ts';
import { answerFields, draftPages, openForm, startDraft, textOf } from './form-agent.ts';

const AUTH = { Authorization: `Bearer ${CONSULTANT_KEY}` };
const rubric = (await shippedRubrics()).defaultRubric();

/** Every question answered "not sure" where it can be, the rest at their best. */
const MOSTLY_UNKNOWN = Object.fromEntries(rubric.questions.map((q) => [q.id, q.options.find((o) => o.unsure)?.value ?? WELL_PREPARED[q.id]!]));

async function submit(answers: Record<string, string>, name = 'Unknown Quantity Ltd') {
  const built = await buildTestApp();
  const res = await request(built.app).post('/api/assessments').send({ organisation: { name }, answers }).expect(201);
  const body = (await request(built.app).get(`/api/assessments/${res.body.id}`).expect(200)).body;
  return { ...built, id: res.body.id as string, body };
}

describe('a provisional verdict', () => {
  it('when most answers are "not sure", then the API, the report and the exports say provisional and never that the model fits', async () => {
    const { app, id, body } = await submit(MOSTLY_UNKNOWN);
    expect(body.result.confidence).toBeLessThan(rubric.confidence!.threshold);
    expect(body.result.recommendation).toMatchObject({ provisional: true, speakerModel: { fits: false } });
    expect(body.result.recommendation.title).toMatch(/^Provisional: /);

    const text = textOf((await request(app).get(`/assessments/${id}`).expect(200)).text);
    expect(text).toMatch(/Provisional: .+ This recommendation is provisional: only \d+% of the answers/);
    expect(text).toContain('Not known yet: too many answers are unknown to say whether the speaker\'s model fits.');
    // Not knowing is not evidence: no sentence states the leaders are not ready as a fact.
    expect(text).not.toMatch(/The leaders have not yet had the education/);
    expect(text).toMatch(/What to find out first .*The leaders .*In the last two years, have the senior leaders learned about social media .*not sure/);
    expect(text).toMatch(/HR .*What is the organisation's rule on staff using social media at work\? not sure/);

    const csv = parse((await request(app).get(`/api/assessments/${id}/export.csv`).expect(200)).text, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(csv.length).toBeGreaterThan(0);
    for (const row of csv) expect(row).toMatchObject({ provisional: 'true', speaker_model_fits: 'false' });
    const json = (await request(app).get(`/api/assessments/${id}/export.json`).expect(200)).body;
    expect(json.assessment.result.recommendation.provisional).toBe(true);
    const bulk = parse((await request(app).get('/api/export.csv?kind=summary').set(AUTH).expect(200)).text, { columns: true }) as Array<Record<string, string>>;
    expect(bulk.map((r) => r.provisional)).toEqual(['true']);
  });

  it('when every answer is known, then the verdict is firm, no "find out" list is shown, and each dimension shows how much of it is known', async () => {
    const { app, id, body } = await submit(WELL_PREPARED, 'Known Quantity Ltd');
    expect(body.result.recommendation).toMatchObject({ code: 'assign-experienced-owner', provisional: false, speakerModel: { fits: true } });
    expect(Object.values(body.result.dimensions).map((d) => (d as { confidence: number }).confidence)).toEqual([100, 100, 100]);
    const text = textOf((await request(app).get(`/assessments/${id}`).expect(200)).text);
    expect(text).not.toContain('What to find out first');
    expect(text).toMatch(/Experience 100 .*Strong all 8 answered/);
  });
});

describe('flags that do not change the verdict', () => {
  it('when only the staff policy is missing, then the flag is listed under its own heading with the reason, and ownership is still given', async () => {
    const { app, id, body } = await submit({ ...WELL_PREPARED, 'staff-policy': 'none' }, 'No Policy Ltd');
    expect(body.result.flags.map((f: { id: string }) => f.id)).toEqual(['no-staff-policy']);
    expect(body.result.recommendation.code).toBe('assign-experienced-owner');
    const text = textOf((await request(app).get(`/assessments/${id}`).expect(200)).text);
    expect(text).toMatch(/Noted, but not changing the recommendation low There is no agreed social media policy .* the post's test is the owner and the leaders/);
  });
});

describe('a question that applies only after another answer', () => {
  it('when no decision has been made, then the follow-up questions are not demanded on submit and are shown as not applying', async () => {
    const { app, store } = await buildTestApp();
    const { agent, hidden } = await openForm(app);
    const { 'mandate-names-owner': _who, 'mandate-origin': _how, ...rest } = WELL_PREPARED;
    const answers = { ...rest, 'mandate-exists': 'none' };
    const draft = await startDraft(app, { organisationName: 'Looking Ltd' });
    const form = await draftPages(draft.agent, draft.id);
    expect(textOf(form)).toMatch(/Whom does that decision name as owner\? \(if it applies\) Answer this only if a decision has been made/);

    const sent = await agent.post('/assessments').type('form').send({ ...hidden, organisationName: 'No Decision Ltd', ...answerFields(answers), intent: 'submit' }).expect(303);
    const stored = (await store.get(sent.headers.location!.split('/')[2]!))!;
    expect(stored.status).toBe('submitted');
    expect(stored.result!.recommendation.code).toBe('formalise-mandate');
    const report = textOf((await agent.get(sent.headers.location!).expect(200)).text);
    expect(report).toMatch(/Whom does that decision name as owner\? Did not apply 0 \/ 4/);
  });

  it('when a decision has been made but the follow-up is left out, then submitting asks for it', async () => {
    const { app } = await buildTestApp();
    const { 'mandate-origin': _how, ...answers } = WELL_PREPARED;
    const res = await request(app).post('/api/assessments').send({ organisation: { name: 'Half Told Ltd' }, answers }).expect(422);
    expect(res.body.details).toEqual([{ field: 'answers.mandate-origin', message: 'choose an answer to this question' }]);
  });
});

describe('the dashboard and older rubric versions', () => {
  it('when assessments were scored under 1.0.0 and 2.0.0, then the dashboard filters by rubric version and each keeps its pinned result', async () => {
    const { app } = await buildTestApp();
    const old = await request(app).post('/api/assessments').send({ rubricId: 'social-ownership', rubricVersion: '1.0.0', organisation: { name: 'Old Report Ltd' }, answers: WELL_PREPARED_V1 }).expect(201);
    const oldRecord = (await request(app).get(`/api/assessments/${old.body.id}`).expect(200)).body;
    expect(oldRecord.result.recommendation).toMatchObject({ code: 'assign-experienced-owner', speakerModel: { fits: true } });
    expect(oldRecord.result.recommendation.provisional).toBeUndefined();
    await request(app).post('/api/assessments').send({ organisation: { name: 'New Report Ltd' }, answers: WELL_PREPARED }).expect(201);

    const page = (await request(app).get('/consultant?rubric=social-ownership@1.0.0').set(AUTH).expect(200)).text;
    expect(page).toMatch(/<select id="filter-rubric" name="rubric">.*<option value="social-ownership@1.0.0" selected>/s);
    const table = textOf(page);
    expect(table).toContain('Old Report Ltd');
    expect(table).not.toContain('New Report Ltd');
    const newer = textOf((await request(app).get('/consultant?rubric=social-ownership@2.0.0').set(AUTH).expect(200)).text);
    expect(newer).toContain('New Report Ltd');
    expect(newer).not.toContain('Old Report Ltd');
  });

  it('when a 1.0.0 report is re-scored under 2.0.0, then both show side by side, the new questions are unknown, and the stored result is kept', async () => {
    const { app, store } = await buildTestApp();
    const old = await request(app).post('/api/assessments').send({ rubricId: 'social-ownership', rubricVersion: '1.0.0', organisation: { name: 'Old Report Ltd' }, answers: WELL_PREPARED_V1 }).expect(201);
    const before = structuredClone(await store.get(old.body.id));
    const page = textOf((await request(app).get(`/consultant/assessments/${old.body.id}/rescore?version=2.0.0`).set(AUTH).expect(200)).text);
    expect(page).toContain('Version 1.0.0 and version 2.0.0 side by side');
    expect(page).toMatch(/Is it agreed who holds the log-ins to each account and who may open a new one\?/);
    expect(await store.get(old.body.id)).toEqual(before);
  });
});
