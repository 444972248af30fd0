import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buildTestApp, CONSULTANT_KEY, FIXED_NOW } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { PassThrough } from 'node:stream';
import type { Assessment, FullAssessment } from '../../src/core/assessment/assessment.ts';
import type { Table } from '../../src/core/export/table.ts';
import { writeWorkbook } from '../../src/formats/xlsx.ts';
import { seed } from '../core/export-fixtures.ts';
import { withFullResult } from '../../src/core/assessment/compact-result.ts';

const AUTH = `Bearer ${CONSULTANT_KEY}`;

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** An app with one submitted assessment per scenario, on days a week apart, and one draft. */
async function portfolio(now = () => FIXED_NOW) {
  let clock = new Date('2026-10-01T09:00:00.000Z');
  const built = await buildTestApp({ now: () => clock });
  const sectors = ['retail', 'media', 'education', 'retail', 'media'];
  const ids: string[] = [];
  for (const [i, s] of SCENARIOS.entries()) {
    clock = new Date(Date.UTC(2026, 9, 1 + 7 * i, 9));
    const res = await request(built.app).post('/api/assessments').send({ organisation: { name: `Client ${i} ${s.code}`, sector: sectors[i] }, answers: s.answers }).expect(201);
    ids.push(res.body.id);
  }
  await request(built.app).post('/api/assessments').send({ organisation: { name: 'Draft Ltd' }, answers: { 'tone-guide': 'none' }, status: 'draft' }).expect(201);
  clock = now();
  return { ...built, ids };
}

const csvOf = (res: request.Response) => {
  const bytes = res.body as Buffer;
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.toString('utf8').slice(1), { columns: true }) as Array<Record<string, string>>;
  // An id may start with "-", which the CSV neutralises like any other cell: take the guard off to compare.
  for (const r of rows) for (const key of ['assessment_id', 'organisation_id']) if (r[key]) r[key] = r[key].replace(/^'(?=-)/, '');
  return rows;
};

const getCsv = (app: Parameters<typeof request>[0], query: string) => request(app).get(`/api/export.csv${query}`).set('Authorization', AUTH).buffer(true).parse(binary);

describe('bulk exports: access', () => {
  it.each([
    ['get', '/api/export.csv'],
    ['get', '/api/export.csv?kind=answers'],
    ['get', '/api/export.json'],
    ['get', '/api/export.xlsx'],
    ['post', '/api/import'],
  ] as const)('when %s %s is asked without the key, then 401 and nothing listed', async (method, path) => {
    const { app } = await portfolio();
    const res = await request(app)[method](path).set('Authorization', 'Bearer wrong-key').send({});
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('Client 0');
  });
});

describe('GET /api/export.csv?kind=summary', () => {
  it('when exported, then every submitted assessment is one row with its scores, bands and flags, each code with its words, and a CSV parser reads it back', async () => {
    const { app, store, rubrics, ids } = await portfolio();
    const res = await getCsv(app, '').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=social-audit-summary-2026-11-25.csv');
    expect((res.body as Buffer).toString('utf8')).toContain('\r\n');
    const rows = csvOf(res);
    expect(rows.map((r) => r.assessment_id).sort()).toEqual([...ids].sort());
    // Newest first, as on the dashboard.
    expect(rows.map((r) => r.submitted_at)).toEqual([...rows.map((r) => r.submitted_at)].sort().reverse());
    const rubric = rubrics.defaultRubric();
    const expectedColumns = rubric.dimensions.flatMap((d) => [d.id, `${d.id}_band`, ...d.facets.flatMap((f) => [`${d.id}.${f.id}`, `${d.id}.${f.id}_band`])]);
    expect(Object.keys(rows[0]!)).toEqual([
      'assessment_id', 'organisation', 'organisation_id', 'sector', 'sector_label', 'size', 'size_label', 'rubric_id', 'rubric_version', 'status', 'created_at', 'submitted_at',
      'overall', 'overall_band', ...expectedColumns, 'confidence', 'recommendation', 'recommendation_title', 'provisional', 'reassess_by', 'flags', 'flag_labels',
      'respondent_role', 'respondent_role_label', 'round_id', 'result_kind', 'respondents',
    ]);
    for (const row of rows) {
      const a = (await store.get(row.assessment_id!))!;
      const r = a.result!;
      expect(row).toMatchObject({
        organisation: a.organisation.name, sector: a.organisation.sector, rubric_id: 'social-ownership', rubric_version: '2.0.0',
        created_at: a.createdAt, submitted_at: a.submittedAt, overall: String(r.overall), overall_band: r.band, confidence: String(r.confidence),
        recommendation: r.recommendation.code, recommendation_title: r.recommendation.title, provisional: String(r.recommendation.provisional), reassess_by: r.recommendation.reassessBy,
        flags: r.flags.map((f) => f.id).join(' '), flag_labels: r.flags.map((f) => f.message).join(' | '),
        'experience.social-fluency': String(r.dimensions.experience!.facets['social-fluency']!.score),
        leadership_band: r.dimensions.leadership!.band,
      });
    }
    const educate = rows.find((r) => r.recommendation === 'educate-leadership-first')!;
    expect(educate.flags).toMatch(/control-mindset/);
    expect(educate.flag_labels).toContain(rubric.flags.find((f) => f.id === 'control-mindset')!.message);
    expect(rows.find((r) => r.sector === 'education')!.sector_label).toBe('Education');
  });

  it.each([
    ['a recommendation', '?recommendation=formalise-mandate', (a: Assessment) => a.result!.recommendation.code === 'formalise-mandate'],
    ['a sector', '?sector=retail', (a: Assessment) => a.organisation.sector === 'retail'],
    ['a band', '?band=strong', (a: Assessment) => a.result!.band === 'strong'],
    ['a date range', '?from=2026-10-08&to=2026-10-22', (a: Assessment) => a.submittedAt! >= '2026-10-08' && a.submittedAt! < '2026-10-23'],
    ['paging, which exports ignore', '?page=2&perPage=1', () => true],
  ])('when filtered by %s, then exactly the matching assessments are exported', async (_name, query, keep) => {
    const { app, store } = await portfolio();
    const expected = (await store.list()).filter((a) => a.status === 'submitted' && keep(a)).map((a) => a.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    const rows = csvOf(await getCsv(app, query).expect(200));
    expect(rows.map((r) => r.assessment_id).sort()).toEqual(expected);
  });

  it('when many assessments are exported, then every format is streamed (chunked, no length) and holds every one', async () => {
    const { app, store, rubrics } = await buildTestApp();
    await seed(store, rubrics.defaultRubric(), 400);
    for (const path of ['/api/export.csv', '/api/export.csv?kind=answers', '/api/export.json', '/api/export.xlsx']) {
      const res = await request(app).get(path).set('Authorization', AUTH).buffer(true).parse(binary).expect(200);
      expect(res.headers['transfer-encoding'], path).toBe('chunked');
      expect(res.headers['content-length'], path).toBeUndefined();
    }
    const rows = csvOf(await getCsv(app, '').expect(200));
    expect(rows).toHaveLength(400);
  });

  it('when sorted by organisation, then the rows follow that order', async () => {
    const { app } = await portfolio();
    const rows = csvOf(await getCsv(app, '?sort=organisation&dir=desc').expect(200));
    expect(rows.map((r) => r.organisation)).toEqual(rows.map((r) => r.organisation).sort().reverse());
  });

  it.each([
    ['kind', '?kind=everything', /must be one of summary, answers; got "everything"/],
    ['band', '?band=purple', /must be one of low, partial, strong/],
    ['from', '?from=2026-13-45', /date like/],
    ['sort', '?sort=shoe-size', /must be one of/],
  ])('when the query has a bad %s, then 400 names it', async (field, query, message) => {
    const { app } = await portfolio();
    const res = await request(app).get(`/api/export.csv${query}`).set('Authorization', AUTH).expect(400);
    expect(res.body.error).toEqual(expect.any(String));
    expect(res.body.details.find((d: { field: string }) => d.field === field).message).toMatch(message);
  });
});

describe('GET /api/export.csv?kind=answers', () => {
  it('when exported, then there is one row per question of every assessment, in long format, with the dimension and facet titles beside their ids', async () => {
    const { app, rubrics, ids, store } = await portfolio();
    const res = await getCsv(app, '?kind=answers').expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=social-audit-answers-2026-11-25.csv');
    const rows = csvOf(res);
    const rubric = rubrics.defaultRubric();
    expect(rows).toHaveLength(ids.length * rubric.questions.length);
    expect(Object.keys(rows[0]!)).toEqual(['assessment_id', 'organisation', 'question_id', 'dimension', 'dimension_title', 'facet', 'facet_title', 'claims', 'value', 'label', 'score', 'note']);
    const a = (await store.get(ids[2]!))!;
    const row = rows.find((r) => r.assessment_id === a.id && r.question_id === 'owner-register')!;
    const option = rubric.questions.find((q) => q.id === 'owner-register')!.options.find((o) => o.value === 'stiff')!;
    const experience = rubric.dimensions.find((d) => d.id === 'experience')!;
    expect(row).toEqual({
      assessment_id: a.id, organisation: a.organisation.name, question_id: 'owner-register', dimension: 'experience', dimension_title: experience.title,
      facet: 'social-fluency', facet_title: experience.facets.find((f) => f.id === 'social-fluency')!.title, claims: expect.stringMatching(/^C\d( C\d)*$/), value: 'stiff', label: option.label, score: String(option.score), note: '',
    });
  });
});

describe('CSV formula injection', () => {
  it('when an organisation name or a note starts like a formula, then no exported cell can run as one', async () => {
    const { app } = await buildTestApp();
    await request(app).post('/api/assessments').send({
      organisation: { name: '=HYPERLINK("http://evil","x")' },
      answers: SCENARIOS[0]!.answers,
      notes: { 'tone-guide': '+SUM(A1)', 'owner-register': '@cmd', 'scope-what': '-2+3', 'scope-when': '\tTabbed', 'staff-policy': '\rCarriage' },
    }).expect(201);
    for (const kind of ['summary', 'answers']) {
      const res = await getCsv(app, `?kind=${kind}`).expect(200);
      const cells = (parse((res.body as Buffer).toString('utf8').slice(1)) as string[][]).flat();
      for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
      expect(cells).toContain(`'=HYPERLINK("http://evil","x")`);
      if (kind === 'answers') expect(cells).toEqual(expect.arrayContaining(["'+SUM(A1)", "'@cmd", "'-2+3", "'\tTabbed", "'\rCarriage"]));
    }
  });
});

describe('GET /api/export.json', () => {
  it('when exported without a filter, then it holds every record exactly as stored, its result in full, drafts included', async () => {
    const { app, store, rubrics } = await portfolio();
    const res = await request(app).get('/api/export.json').set('Authorization', AUTH).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=social-audit-2026-11-25.json');
    expect(res.body).toMatchObject({ format: 'social-ownership-audit/portfolio', schemaVersion: 2, exportedAt: FIXED_NOW.toISOString(), rubrics: [{ id: 'social-ownership', version: '2.0.0' }] });
    const stored = await store.list();
    expect(res.body.assessments).toHaveLength(stored.length);
    for (const a of res.body.assessments) expect(a).toEqual(JSON.parse(JSON.stringify(withFullResult((await store.get(a.id))!, rubrics))));
    // Stored compact, exported whole: an earlier version of the app imports it as before.
    expect(stored.some((a) => a.result?.compact)).toBe(true);
    expect(res.body.assessments.filter((a: Assessment) => a.result).every((a: FullAssessment) => Object.values(a.result!.dimensions).every((d) => Object.values(d.facets).every((f) => f.contributions.length > 0)))).toBe(true);
    expect(res.body.assessments.at(-1).status).toBe('draft');
    expect(res.body.organisations.map((o: { id: string }) => o.id).sort()).toEqual((await store.listOrganisations()).map((o) => o.id).sort());
  });

  it('when filtered, then only the matching submitted assessments and their organisations are in it', async () => {
    const { app } = await portfolio();
    const res = await request(app).get('/api/export.json?sector=media').set('Authorization', AUTH).expect(200);
    expect(res.body.assessments.map((a: Assessment) => a.organisation.sector)).toEqual(['media', 'media']);
    expect(res.body.organisations).toHaveLength(2);
  });

  it('when the filter is bad, then 400', async () => {
    const { app } = await portfolio();
    const res = await request(app).get('/api/export.json?to=tomorrow').set('Authorization', AUTH).expect(400);
    expect(res.body.details[0].field).toBe('to');
  });
});

describe('POST /api/import', () => {
  const exportFrom = async (app: Parameters<typeof request>[0], query = '') => (await request(app).get(`/api/export.json${query}`).set('Authorization', AUTH).expect(200)).body;

  it('when an export is imported into an empty app, then exporting again gives the same organisations and assessments, and the reports show', async () => {
    const source = await portfolio();
    const exported = await exportFrom(source.app);
    const target = await buildTestApp();
    const res = await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(200);
    expect(res.body).toEqual({ imported: 6, skipped: 0, organisations: { imported: 6, skipped: 0 } });
    const again = await exportFrom(target.app);
    const byId = (xs: Array<{ id: string }>) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(again.assessments)).toEqual(byId(exported.assessments));
    expect(byId(again.organisations)).toEqual(byId(exported.organisations));
    expect(again.rubrics).toEqual(exported.rubrics);
    for (const id of source.ids) expect(await target.store.get(id)).toEqual(await source.store.get(id));
    const report = await request(target.app).get(`/assessments/${source.ids[0]}`).expect(200);
    expect(report.text).toContain('Client 0');
  });

  it('when the same export is imported twice, then the second time everything is skipped', async () => {
    const source = await portfolio();
    const exported = await exportFrom(source.app, '?sector=retail');
    const target = await buildTestApp();
    await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(200);
    const res = await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(200);
    expect(res.body).toEqual({ imported: 0, skipped: 2, organisations: { imported: 0, skipped: 2 } });
    expect(await target.store.list()).toHaveLength(2);
  });

  it.each<[string, (doc: any) => void, string, RegExp]>([
    ['an unknown schema version', (d) => (d.schemaVersion = 7), 'schemaVersion', /expected 2; got 7/],
    ['a broken score deep in a record', (d) => (d.assessments[1].result.overall = 'high'), 'assessments[1].result.overall', /number/],
    ['an unsafe id', (d) => (d.organisations[0].id = '../../../tmp/x'), 'organisations[0].id', /must be an id/],
    ['a rubric this app does not know', (d) => (d.rubrics[0].id = 'elsewhere'), 'rubrics[0]', /unknown rubric elsewhere@2.0.0; this app knows social-ownership@2.0.0, social-ownership@1.0.0/],
  ])('when the document has %s, then 422 names the path and nothing is stored', async (_name, spoil, field, message) => {
    const exported = await exportFrom((await portfolio()).app, '?sector=media');
    spoil(exported);
    const target = await buildTestApp();
    const res = await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(422);
    expect(res.body.error).toMatch(/nothing was stored/);
    expect(res.body.details.find((d: { field: string }) => d.field === field)?.message, JSON.stringify(res.body.details)).toMatch(message);
    expect(await target.store.list()).toEqual([]);
    expect(await target.store.listOrganisations()).toEqual([]);
  });

  it('when the body is not JSON, then 415', async () => {
    const { app } = await buildTestApp();
    await request(app).post('/api/import').set('Authorization', AUTH).type('form').send({ a: 1 }).expect(415);
  });
});

async function workbookOf(res: request.Response) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as Parameters<typeof book.xlsx.load>[0]);
  return book;
}

const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

describe('GET /api/export.xlsx', () => {
  it('when exported, then the workbook has Summary, Answers and Rubric sheets with typed cells and frozen headers', async () => {
    const { app, store, ids, rubrics } = await portfolio();
    const res = await request(app).get('/api/export.xlsx?sort=date&dir=asc').set('Authorization', AUTH).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename=social-audit-2026-11-25.xlsx');
    const book = await workbookOf(res);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Answers', 'Rubric']);
    for (const sheet of book.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }
    const summary = book.getWorksheet('Summary')!;
    const header = rowValues(summary, 1) as string[];
    expect(summary.rowCount).toBe(1 + ids.length);
    const first = (await store.get(ids[0]!))!;
    const row = Object.fromEntries(header.map((h, i) => [h, rowValues(summary, 2)[i]]));
    expect(row).toMatchObject({ assessment_id: first.id, organisation: first.organisation.name, overall: first.result!.overall, recommendation: first.result!.recommendation.code });
    expect(row.submitted_at).toBeInstanceOf(Date);
    expect((row.submitted_at as Date).toISOString()).toBe(first.submittedAt);
    expect((row.reassess_by as Date).toISOString().slice(0, 10)).toBe(first.result!.recommendation.reassessBy);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(summary.getRow(2).getCell(col('overall')).type).toBe(ExcelJS.ValueType.Number);
    expect(summary.getRow(2).getCell(col('experience.social-fluency')).type).toBe(ExcelJS.ValueType.Number);
    expect(summary.getRow(2).getCell(col('submitted_at')).type).toBe(ExcelJS.ValueType.Date);
    expect(summary.getRow(2).getCell(col('submitted_at')).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(summary.getRow(2).getCell(col('reassess_by')).numFmt).toBe('yyyy-mm-dd');

    const rubric = rubrics.defaultRubric();
    const answers = book.getWorksheet('Answers')!;
    expect(answers.rowCount).toBe(1 + ids.length * rubric.questions.length);
    const q0 = rubric.questions[0]!;
    const d0 = rubric.dimensions.find((d) => d.id === q0.dimension)!;
    expect(rowValues(answers, 2)).toEqual([first.id, first.organisation.name, q0.id, q0.dimension, d0.title, q0.facet, d0.facets.find((f) => f.id === q0.facet)!.title, q0.claims.join(' '), first.answers[q0.id], expect.any(String), expect.any(Number)]);

    const sheet = book.getWorksheet('Rubric')!;
    expect(sheet.rowCount).toBe(1 + rubric.questions.length);
    const q = rubric.questions[0]!;
    const rubricRow = rowValues(sheet, 2);
    expect(rubricRow.slice(0, 10)).toEqual(['social-ownership', '2.0.0', q.id, q.dimension, expect.any(String), q.facet, expect.any(String), q.prompt, q.claims.join(' '), q.weight]);
    expect(rubricRow[11]).toContain(`${q.options[0]!.value} = ${q.options[0]!.score}: ${q.options[0]!.label}`);
  });

  it('when the filter is bad, then 400 and no workbook', async () => {
    const { app } = await portfolio();
    const res = await request(app).get('/api/export.xlsx?band=great').set('Authorization', AUTH).expect(400);
    expect(res.body.details[0].field).toBe('band');
  });
});

describe('GET /api/assessments/:id/export.xlsx', () => {
  it('when one assessment is exported, then anyone with its address gets a workbook named after the organisation, with Summary, Actions, Answers and Rubric sheets', async () => {
    const { app, ids, store, rubrics } = await portfolio();
    const res = await request(app).get(`/api/assessments/${ids[1]}/export.xlsx`).buffer(true).parse(binary).expect(200);
    const a = withFullResult((await store.get(ids[1]!))!, rubrics);
    const r = a.result!;
    expect(res.headers['content-disposition']).toBe(`attachment; filename=client-1-develop-owner-capability-${a.submittedAt!.slice(0, 10)}.xlsx`);
    const book = await workbookOf(res);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Actions', 'Answers', 'Rubric']);
    for (const sheet of book.worksheets) expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // Summary: a field per row, its words in `value` and the code beside them.
    const summary = book.getWorksheet('Summary')!;
    expect(rowValues(summary, 1)).toEqual(['field', 'label', 'value', 'code']);
    const fields = Array.from({ length: summary.rowCount - 1 }, (_, i) => rowValues(summary, i + 2));
    const field = (name: string) => fields.filter((f) => f[0] === name);
    expect(field('organisation')[0]![2]).toBe(a.organisation.name);
    expect(field('assessment_id')[0]![2]).toBe(a.id);
    expect(field('sector')[0]!.slice(2)).toEqual(['Media and entertainment', 'media']);
    expect(field('recommendation')[0]!.slice(2)).toEqual([r.recommendation.title, r.recommendation.code]);
    expect(field('rationale').map((f) => f[2])).toEqual(r.recommendation.rationale);
    expect(field('speaker_model_fits')[0]![2]).toBe(r.recommendation.speakerModel.fits ? 'yes' : 'no');
    expect(field('speaker_model_explanation')[0]![2]).toBe(r.recommendation.speakerModel.explanation);
    expect(field('provisional')[0]![2]).toBe(r.recommendation.provisional ? 'yes' : 'no');
    const overallRow = fields.findIndex((f) => f[0] === 'overall') + 2;
    expect(summary.getRow(overallRow).getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(summary.getRow(overallRow).getCell(3).value).toBe(r.overall);
    expect(field('experience')[0]![2]).toBe(r.dimensions.experience!.score);
    expect(field('flag').map((f) => f[3])).toEqual(r.flags.map((f) => f.id));

    // Actions: the plan, each due date a real date cell.
    const actions = book.getWorksheet('Actions')!;
    expect(rowValues(actions, 1)).toEqual(['number', 'title', 'owner', 'due', 'claims']);
    expect(actions.rowCount).toBe(1 + r.recommendation.actions.length);
    const firstAction = r.recommendation.actions[0]!;
    expect(rowValues(actions, 2).slice(0, 3)).toEqual([1, firstAction.title, firstAction.owner]);
    const due = actions.getRow(2).getCell(4);
    expect(due.type).toBe(ExcelJS.ValueType.Date);
    expect((due.value as Date).toISOString().slice(0, 10)).toBe(firstAction.due);
    expect(due.numFmt).toBe('yyyy-mm-dd');

    // Answers: numbered as on the form, the question's text, the answer's code and words, its score.
    const rubric = rubrics.defaultRubric();
    const answers = book.getWorksheet('Answers')!;
    expect((rowValues(answers, 1) as string[]).slice(0, 6)).toEqual(['question_number', 'question_id', 'prompt', 'value', 'label', 'score']);
    expect(answers.rowCount).toBe(1 + rubric.questions.length);
    const q = rubric.questions[4]!;
    const option = q.options.find((o) => o.value === a.answers[q.id])!;
    expect(rowValues(answers, 6).slice(0, 6)).toEqual([5, q.id, q.prompt, option.value, option.label, option.score]);
  });

  it('when a share link’s reader exports the workbook, then it does not carry the report’s own id', async () => {
    const { app, ids, services } = await portfolio();
    const link = await services.sharing.create(ids[1]!, {});
    const res = await request(app).get(`/s/${link.token}/export.xlsx`).buffer(true).parse(binary).expect(200);
    const summary = (await workbookOf(res)).getWorksheet('Summary')!;
    const cells = Array.from({ length: summary.rowCount }, (_, i) => rowValues(summary, i + 1)).flat();
    expect(cells).not.toContain(ids[1]);
    expect(cells).not.toContain('assessment_id');
  });

  it('when the id is unknown, then 404', async () => {
    const { app } = await buildTestApp();
    await request(app).get('/api/assessments/AAAAAAAAAAAAAAAAAAAAAA/export.xlsx').expect(404);
  });
});

describe('writeWorkbook', () => {
  it('when a table is longer than a sheet may be, then it goes on in a numbered sheet with its own header', async () => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    const table: Table = {
      name: 'Answers',
      columns: [{ header: 'n', type: 'number' }, { header: 'day', type: 'day' }],
      size: 5,
      rows: function* () {
        for (let i = 1; i <= 5; i++) yield [i, `2026-01-0${i}`];
      },
    };
    await writeWorkbook(out, [table], { created: FIXED_NOW, maxRowsPerSheet: 2 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(chunks) as unknown as Parameters<typeof book.xlsx.load>[0]);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Answers', 'Answers (2)', 'Answers (3)']);
    expect(book.worksheets.map((s) => s.getColumn(1).values.slice(1))).toEqual([['n', 1, 2], ['n', 3, 4], ['n', 5]]);
    expect(book.getWorksheet('Answers (3)')!.getCell('B2').value).toEqual(new Date('2026-01-05T00:00:00.000Z'));
    expect(book.creator).toBe('Social Ownership Audit');
  });
});
