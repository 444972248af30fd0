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
  it('when exported, then it is UTF-8 CSV with a byte-order mark and ONE table: a row per answer, every row the same columns, the summary repeated on each', async () => {
    const { app, id, service, rubrics } = await oneAssessment('Café Zoë, "Best" Bakery', { 'owner-register': 'Line one\nline two' });
    const res = await request(app).get(`/api/assessments/${id}/export.csv`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=cafe-zoe-best-bakery-2026-11-25.csv');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toContain('\r\n');
    // The whole file parses strictly: no blank line, no second table, the same column count on every row.
    const records = parse(text) as string[][];
    const rubric = rubrics.defaultRubric();
    expect(records).toHaveLength(1 + rubric.questions.length);
    expect(new Set(records.map((r) => r.length))).toEqual(new Set([records[0]!.length]));
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    const stored = await service.get(id);
    const r = stored.result!;
    for (const row of rows) {
      expect(row).toMatchObject({
        assessment_id: id,
        organisation: 'Café Zoë, "Best" Bakery',
        sector: 'media',
        sector_label: 'Media and entertainment',
        rubric_id: 'social-ownership',
        rubric_version: '2.0.0',
        assessed_on: '2026-11-25',
        overall: String(r.overall),
        recommendation: 'build-blended-team',
        recommendation_title: r.recommendation.title,
        provisional: String(r.recommendation.provisional === true),
        reassess_by: '2027-02-23',
        flags: r.flags.map((f) => f.id).join(' '),
        flag_labels: r.flags.map((f) => f.message).join(' | '),
      });
    }
    expect(rows.map((row) => row.question_number)).toEqual(rubric.questions.map((_, i) => String(i + 1)));
    const experience = rubric.dimensions.find((d) => d.id === 'experience')!;
    expect(rows.find((row) => row.question_id === 'owner-register')).toMatchObject({
      dimension: 'experience',
      dimension_title: experience.title,
      dimension_score: String(r.dimensions.experience!.score),
      facet: 'social-fluency',
      facet_title: experience.facets.find((f) => f.id === 'social-fluency')!.title,
      facet_score: String(r.dimensions.experience!.facets['social-fluency']!.score),
      value: 'stiff',
      label: rubric.questions.find((q) => q.id === 'owner-register')!.options.find((o) => o.value === 'stiff')!.label,
      score: '1',
      note: 'Line one\nline two',
    });
  });

  it('when a share link’s reader exports the CSV, then the report’s own id is not in it', async () => {
    const { app, id, services } = await oneAssessment('Shared Ltd');
    const link = await services.sharing.create(id, {});
    const res = await request(app).get(`/s/${link.token}/export.csv`).expect(200);
    const rows = parse(res.text.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows.every((row) => row.assessment_id === '' && row.organisation === 'Shared Ltd')).toBe(true);
    expect(res.text).not.toContain(id);
  });

  it('when a value starts like a spreadsheet formula, then the cell cannot run as one', async () => {
    const { app, id } = await oneAssessment('=HYPERLINK("http://evil","x")', { 'tone-guide': '+SUM(A1)', 'owner-register': '@cmd', 'scope-what': '-2+3' });
    const res = await request(app).get(`/api/assessments/${id}/export.csv`).expect(200);
    const cells = (parse(res.text.slice(1)) as string[][]).flat();
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
