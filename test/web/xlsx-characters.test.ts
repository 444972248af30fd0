/**
 * A workbook stays well-formed whatever a note holds: XML 1.0 has no place for
 * U+FFFE, U+FFFF, most control characters or lone surrogates, and one of them
 * in a cell makes Excel refuse the whole file. The test reads the workbooks
 * back with exceljs, whose XML parser is strict.
 */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const QUESTION = 'owner-comms-background';
const NOTE = 'before\uFFFE\uFFFF\u0001\u001F\uD800after, tab\tand line\nkept, emoji 👍 kept';
const CLEAN = 'before\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDafter, tab\tand line\nkept, emoji 👍 kept';

async function noteCellsOf(body: Buffer): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as Parameters<typeof book.xlsx.load>[0]);
  const answers = book.getWorksheet('Answers')!;
  const header = (answers.getRow(1).values as unknown[]).indexOf('note');
  const notes: string[] = [];
  answers.eachRow((row, n) => {
    const value = row.getCell(header).value;
    if (n > 1 && typeof value === 'string') notes.push(value);
  });
  return notes;
}

describe('XLSX exports with characters XML does not allow', () => {
  it('when a note holds U+FFFE, U+FFFF, control characters or a lone surrogate, then both workbooks parse and show each such character as U+FFFD, keeping the rest', async () => {
    const { app } = await buildTestApp();
    const created = await request(app)
      .post('/api/assessments')
      .send({ organisation: { name: 'Odd Characters' }, answers: WELL_PREPARED, notes: { [QUESTION]: NOTE } })
      .expect(201);
    const one = await request(app).get(`/api/assessments/${created.body.id}/export.xlsx`).buffer(true).parse(binary).expect(200);
    const bulk = await request(app).get('/api/export.xlsx').set('Authorization', `Bearer ${CONSULTANT_KEY}`).buffer(true).parse(binary).expect(200);
    for (const res of [one, bulk]) expect(await noteCellsOf(res.body as Buffer)).toEqual([CLEAN]);
  });
});
