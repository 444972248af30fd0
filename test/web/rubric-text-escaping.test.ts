import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { parse } from 'yaml';
import { parseRubric } from '../../src/core/rubric/parse-rubric.ts';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';
import { buildTestApp, CONSULTANT_KEY, RUBRICS_DIR } from '../helpers/app.ts';
import { WELL_PREPARED_V1 as WELL_PREPARED } from '../fixtures/answer-sets.ts';

const PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>';

/** The shipped rubric with markup in every kind of text a rubric author writes. */
async function hostileRubric() {
  const doc = parse(await readFile(join(RUBRICS_DIR, 'social-ownership-1.0.0.yaml'), 'utf8'));
  doc.title = `Audit ${PAYLOAD}`;
  doc.description = `About ${PAYLOAD}`;
  doc.claims[0].text = `Claim ${PAYLOAD}`;
  for (const d of doc.dimensions) {
    d.title = `${d.title} ${PAYLOAD}`;
    for (const f of d.facets) f.title = `${f.title} ${PAYLOAD}`;
  }
  for (const q of doc.questions) {
    q.prompt = `${q.prompt} ${PAYLOAD}`;
    q.help = `${q.help} ${PAYLOAD}`;
    for (const o of q.options) o.label = `${o.label} ${PAYLOAD}`;
  }
  for (const f of doc.flags) f.message = `${f.message} ${PAYLOAD}`;
  for (const r of doc.recommendations) {
    r.title = `${r.title} ${PAYLOAD}`;
    r.summary = `${r.summary} ${PAYLOAD}`;
    r.rationale = r.rationale.map((x: string) => `${x} ${PAYLOAD}`);
    r.speakerModel.explanation = `${r.speakerModel.explanation} ${PAYLOAD}`;
    for (const a of r.actions) Object.assign(a, { title: `${a.title} ${PAYLOAD}`, owner: `${a.owner} ${PAYLOAD}` });
  }
  const parsed = parseRubric(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return createRubricRegistry([parsed.rubric]);
}

const noLiveMarkup = (html: string) => {
  expect(html).not.toContain('<script>alert');
  expect(html).not.toContain('<img src=x');
};

describe('rubric text is data', () => {
  it('when every rubric text holds script and HTML, then the form, the report, the charts and the consultant pages show it as text', async () => {
    const { app } = await buildTestApp({ rubrics: await hostileRubric() });
    const form = await request(app).get('/assessments/new').expect(200);
    noLiveMarkup(form.text);
    expect(form.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Escaped Ltd' }, answers: { ...WELL_PREPARED, 'escalation-path': 'none' } }).expect(201);
    const report = await request(app).get(`/assessments/${created.body.id}`).expect(200);
    noLiveMarkup(report.text);
    expect(report.text).toMatch(/<svg[^>]*>.*&lt;script&gt;/s);

    const auth = { Authorization: `Bearer ${CONSULTANT_KEY}` };
    noLiveMarkup((await request(app).get(`/assessments/${created.body.id}`).set(auth).expect(200)).text);
    noLiveMarkup((await request(app).get('/consultant').set(auth).expect(200)).text);
  });
});
