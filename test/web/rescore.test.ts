import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY, RUBRICS_DIR } from '../helpers/app.ts';
import { SCENARIOS_V1 as SCENARIOS, WELL_PREPARED_V1 as WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { textOf } from './form-agent.ts';
import { rubricVersions } from '../fixtures/next-rubric-version.ts';
import { loadRubrics } from '../../src/rubric-files/load-rubrics.ts';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';

const AUTH = { Authorization: `Bearer ${CONSULTANT_KEY}` };

const nextVersion = () => rubricVersions().v2;

/** Rubric 1.0.0 and a 1.1.0 made from it: these tests are about re-scoring, not about what 2.0.0 decides. */
async function twoVersions() {
  const rubrics = createRubricRegistry([await version1(), nextVersion()]);
  return buildTestApp({ rubrics });
}

async function version1() {
  return (await loadRubrics(RUBRICS_DIR)).find((r) => r.version === '1.0.0')!;
}

async function submit(app: Parameters<typeof request>[0], answers: Record<string, string>, version = '1.0.0', name = 'Harbour Bakery Ltd') {
  const res = await request(app).post('/api/assessments').send({ rubricId: 'social-ownership', rubricVersion: version, organisation: { name, sector: 'retail' }, answers }).expect(201);
  return res.body.id as string;
}

describe('GET /consultant/assessments/:id/rescore', () => {
  it('when there is no consultant key, then 401 and nothing of the assessment is shown', async () => {
    const { app } = await twoVersions();
    const id = await submit(app, WELL_PREPARED);
    const res = await request(app).get(`/consultant/assessments/${id}/rescore`).expect(401);
    expect(textOf(res.text)).not.toContain('Harbour Bakery');
  });

  it('when a newer version exists, then the page shows the original and the re-scored result side by side, and nothing is stored', async () => {
    const { app, store } = await twoVersions();
    const id = await submit(app, { ...SCENARIOS[2]!.answers, 'tone-guide': 'discussed', 'owner-register': 'varies' });
    const before = structuredClone(await store.get(id));
    const listBefore = (await store.list()).length;

    const res = await request(app).get(`/consultant/assessments/${id}/rescore`).set(AUTH).expect(200);
    const text = textOf(res.text);
    expect(text).toContain('Re-score Harbour Bakery Ltd');
    expect(text).toContain('scored with social-ownership version 1.0.0');
    expect(text).toContain('Nothing here is saved');
    expect(res.text).toMatch(/<option value="1.1.0" selected>1.1.0 \(newest\)<\/option>/);
    expect(text).toContain('Version 1.0.0 and version 1.1.0 side by side');
    expect(text).toMatch(/Scores under each version Score Version 1\.0\.0 \(original\) Version 1\.1\.0 \(re-scored\) Change Overall \d+ (Low|Partial|Strong) \d+ (Low|Partial|Strong) (\+\d+|±0|−\d+)/);
    for (const row of ['Experience', 'Business communication', 'Social fluency', 'Mandate', 'Leadership readiness', 'Openness', 'Confidence', 'Recommendation']) expect(text).toContain(row);
    expect(text).toMatch(/Social fluency \d+ \w+ \d+ \w+ −\d+/);
    expect(text).toMatch(/Recommendation Pair the proposed owner with someone who brings the missing half build-blended-team .+ (moved|same)/);
    expect(text).toMatch(/Red flags under each version Red flag Severity Version 1\.0\.0 Version 1\.1\.0 The proposed owner .+ medium Raised Raised \(In both\)/);
    // A flag is named by what it means, never by its id.
    expect(text).not.toContain('friends-register');
    expect(text).toContain('28 of the 30 questions in version 1.1.0 carried their answer over');
    expect(text).toMatch(/Dropped: in version 1\.0\.0, not in version 1\.1\.0 Has the proposed owner had any training or coaching .+ owner-social-training : answered "None"/);
    expect(text).toMatch(/Newly unanswered in version 1\.1\.0 Is there a guide to the tone .+ tone-guide : the answer given is not an option any more \(was "Not written, but the people involved have talked it through"\)/);
    expect(text).toMatch(/Does the proposed owner read the accounts’ statistics\? owner-analytics : not asked in version 1\.0\.0/);

    expect(await store.get(id)).toEqual(before);
    expect((await store.list()).length).toBe(listBefore);
    const report = textOf((await request(app).get(`/assessments/${id}`).expect(200)).text);
    expect(report).toContain(`${before!.result!.overall} / 100 overall`);
    expect(report).toContain('version 1.0.0');
  });

  it('when the report is seen by the consultant, then it links to re-scoring under the newer version', async () => {
    const { app } = await twoVersions();
    const id = await submit(app, WELL_PREPARED);
    const res = await request(app).get(`/assessments/${id}`).set(AUTH).expect(200);
    expect(res.text).toContain(`href="/consultant/assessments/${id}/rescore"`);
  });

  it.each([
    { version: '1.1.0', status: 200, expect: 'Version 1.0.0 and version 1.1.0 side by side' },
    { version: '9.9.9', status: 400, expect: 'must be one of 1.1.0; got "9.9.9"' },
    { version: '1.0.0', status: 400, expect: 'must be one of 1.1.0; got "1.0.0"' },
  ])('when version=$version is asked for, then $status', async ({ version, status, expect: shown }) => {
    const { app } = await twoVersions();
    const id = await submit(app, WELL_PREPARED);
    const res = await request(app).get(`/consultant/assessments/${id}/rescore?version=${version}`).set(AUTH).expect(status);
    expect(textOf(res.text)).toContain(shown);
    if (status === 400) {
      expect(res.text).toContain('<a href="#rescore-version">Rubric version (<code>version</code>)');
      expect(res.text).not.toContain('side by side');
    }
  });

  it('when the assessment already uses the newest version, then nothing is re-scored until an older version is chosen', async () => {
    const { app } = await twoVersions();
    const { 'owner-social-training': _gone, ...answers } = WELL_PREPARED;
    const id = await submit(app, { ...answers, 'owner-analytics': 'weekly' }, '1.1.0');
    const plain = textOf((await request(app).get(`/consultant/assessments/${id}/rescore`).set(AUTH).expect(200)).text);
    expect(plain).toContain('already scored with the newest version');
    expect(plain).not.toContain('side by side');
    const older = textOf((await request(app).get(`/consultant/assessments/${id}/rescore?version=1.0.0`).set(AUTH).expect(200)).text);
    expect(older).toContain('Version 1.1.0 and version 1.0.0 side by side');
    expect(older).toMatch(/Dropped: in version 1\.1\.0, not in version 1\.0\.0 Does the proposed owner read the accounts’ statistics\? owner-analytics : answered "Weekly, and acts on them"/);
    expect(older).toMatch(/Newly unanswered in version 1\.0\.0 Has the proposed owner had any training .+ owner-social-training : not asked in version 1\.1\.0/);
  });

  it('when there is no other version of the rubric, then the page says so', async () => {
    const { app } = await buildTestApp({ rubrics: createRubricRegistry([await version1()]) });
    const id = await submit(app, WELL_PREPARED);
    const res = await request(app).get(`/consultant/assessments/${id}/rescore`).set(AUTH).expect(200);
    expect(textOf(res.text)).toContain('There is no other version of this rubric to re-score under');
    expect(res.text).not.toContain('<select');
    const asked = await request(app).get(`/consultant/assessments/${id}/rescore?version=1.1.0`).set(AUTH).expect(400);
    expect(textOf(asked.text)).toContain('there is no other version of social-ownership to re-score under; got "1.1.0"');
  });

  it('when the assessment is a draft or unknown, then 404', async () => {
    const { app } = await twoVersions();
    const draft = await request(app).post('/api/assessments').send({ organisation: { name: 'Drafty' }, status: 'draft' }).expect(201);
    await request(app).get(`/consultant/assessments/${draft.body.id}/rescore`).set(AUTH).expect(404);
    await request(app).get('/consultant/assessments/AAAAAAAAAAAAAAAAAAAAAA/rescore').set(AUTH).expect(404);
  });

  it('when the page is served, then it has no inline script or style, labelled controls, captioned tables and headings in order', async () => {
    const { app } = await twoVersions();
    const id = await submit(app, SCENARIOS[0]!.answers);
    const html = (await request(app).get(`/consultant/assessments/${id}/rescore`).set(AUTH).expect(200)).text;
    expect(html).not.toMatch(/\sstyle=|<style|<script(?![^>]*\ssrc=)|\son[a-z]+=/i);
    expect(html).toContain('<label for="rescore-version">');
    expect([...html.matchAll(/<table/g)].length).toBe([...html.matchAll(/<caption/g)].length);
    expect(html).not.toMatch(/<th(?=[\s>])(?![^>]*scope=)[^>]*>/);
    const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i > 0 && expect(level).toBeLessThanOrEqual(levels[i - 1]! + 1));
  });
});
