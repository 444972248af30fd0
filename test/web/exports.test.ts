import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

async function oneAssessment(name: string, notes: Record<string, string> = {}) {
  const built = await buildTestApp();
  const res = await request(built.app).post('/api/assessments').send({ organisation: { name, sector: 'media' }, answers: SCENARIOS[2]!.answers, notes }).expect(201);
  return { ...built, id: res.body.id as string };
}

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('GET /api/assessments/:id/export.csv', () => {
  it('when exported, then it is UTF-8 CSV with a byte-order mark, a summary block and one row per answer that a CSV parser reads back', async () => {
    const { app, id, service, rubrics } = await oneAssessment('Café Zoë, "Best" Bakery', { 'owner-register': 'Line one\nline two' });
    const res = await request(app).get(`/api/assessments/${id}/export.csv`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=cafe-zoe-best-bakery-2026-11-25.csv');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toContain('\r\n');
    const [summaryPart, answersPart] = text.split('\r\n\r\n');
    const summary = Object.fromEntries(parse(summaryPart!, { from_line: 2 }) as string[][]);
    const stored = await service.get(id);
    expect(summary).toMatchObject({
      assessment_id: id,
      organisation: 'Café Zoë, "Best" Bakery',
      sector: 'media',
      rubric_id: 'social-ownership',
      rubric_version: '2.0.0',
      overall: String(stored.result!.overall),
      'experience.social-fluency': String(stored.result!.dimensions.experience!.facets['social-fluency']!.score),
      recommendation: 'build-blended-team',
      reassess_by: '2027-02-23',
    });
    const rows = parse(answersPart!, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(rubrics.defaultRubric().questions.length);
    expect(rows.find((r) => r.question_id === 'owner-register')).toMatchObject({ dimension: 'experience', facet: 'social-fluency', value: 'stiff', score: '1', note: 'Line one\nline two' });
  });

  it('when a value starts like a spreadsheet formula, then the cell cannot run as one', async () => {
    const { app, id } = await oneAssessment('=HYPERLINK("http://evil","x")', { 'tone-guide': '+SUM(A1)', 'owner-register': '@cmd', 'scope-what': '-2+3' });
    const res = await request(app).get(`/api/assessments/${id}/export.csv`).expect(200);
    const cells = (parse(res.text.slice(1), { relax_column_count: true }) as string[][]).flat();
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells).toContain(`'=HYPERLINK("http://evil","x")`);
    expect(cells).toContain("'+SUM(A1)");
    expect(cells).toContain("'@cmd");
  });
});

describe('GET /api/assessments/:id/export.json', () => {
  it('when exported, then it holds the schema version, the rubric pin, the record (the organisation id for the consultant only) and the answers with labels', async () => {
    const { app, id, service } = await oneAssessment('Json Ltd');
    const res = await request(app).get(`/api/assessments/${id}/export.json`).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=json-ltd-2026-11-25.json');
    expect(res.body.schemaVersion).toBe(1);
    expect(res.body.rubric).toMatchObject({ id: 'social-ownership', version: '2.0.0' });
    const stored = JSON.parse(JSON.stringify(await service.get(id)));
    expect(res.body.assessment).toEqual({ ...stored, organisationId: '' });
    const forConsultant = await request(app).get(`/api/assessments/${id}/export.json`).set('Authorization', `Bearer ${CONSULTANT_KEY}`).expect(200);
    expect(forConsultant.body.assessment).toEqual(stored);
    expect(res.body.answers[0]).toMatchObject({ questionId: 'owner-comms-background', value: 'extensive', label: expect.any(String), score: 4, claims: ['C1', 'C3'] });
  });

  it('when the id is unknown, then 404', async () => {
    const { app } = await buildTestApp();
    await request(app).get('/api/assessments/AAAAAAAAAAAAAAAAAAAAAA/export.json').expect(404);
    await request(app).get('/api/assessments/AAAAAAAAAAAAAAAAAAAAAA/export.csv').expect(404);
  });
});
