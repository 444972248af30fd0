import { describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { buildTestApp, CONSULTANT_KEY, shippedRubrics } from '../helpers/app.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaled } from '../helpers/timing.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import type { Assessment } from '../../src/core/assessment/assessment.ts';
import { select } from '../../src/core/portfolio/filters.ts';
import { latestPerOrganisation, summariseAll } from '../../src/core/portfolio/summary.ts';
import { summaryTable, workbookTables, type RubricLookup } from '../../src/core/export/bulk-rows.ts';
import type { AnyTable } from '../../src/core/export/table.ts';
import { writeCsv } from '../../src/formats/csv-stream.ts';
import { writeWorkbook } from '../../src/formats/xlsx.ts';
import { exportQuery } from '../../src/web/routes/exports.ts';
import { makeAssessment, makeOrganisation, seed } from '../core/export-fixtures.ts';

const AUTH = `Bearer ${CONSULTANT_KEY}`;
/** Far fewer than the organisations: nearly every record an export needs is read from its document. */
const DOCUMENTS_HELD = 4;
const ORGANISATIONS = 150;

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Many organisations on a store that holds few documents, some with an older
 * assessment beside the latest; the store's reads of an organisation's records
 * are counted, and can be held back from the `holdAfter`-th on.
 */
async function portfolio() {
  const store = createMemoryStore({ maxDocuments: DOCUMENTS_HELD });
  const { app, rubrics, services } = await buildTestApp({ store });
  const rubric = rubrics.defaultRubric();
  await seed(store, rubric, ORGANISATIONS);
  for (let n = 0; n < ORGANISATIONS; n += 7) {
    const org = makeOrganisation(n, `Client ${String(n).padStart(5, '0')}`, ['retail', 'media', 'education'][n % 3]);
    await store.create(makeAssessment(rubric, { n: 10_000 + n, org, at: '2026-11-20T08:00:00.000Z', answers: makeAssessment(rubric, { n: n + 1 }).answers }));
  }
  const reads = { started: 0, inFlight: 0, holdAfter: Infinity, release: () => {} };
  let released = Promise.resolve();
  const assessmentsOf = store.assessmentsOf;
  store.assessmentsOf = async (orgId, options) => {
    reads.inFlight++;
    try {
      if (++reads.started > reads.holdAfter) await released;
      return await assessmentsOf(orgId, options);
    } finally {
      reads.inFlight--;
    }
  };
  const holdReads = (after: number) => {
    reads.holdAfter = after;
    released = new Promise((resolve) => (reads.release = () => resolve()));
  };
  const rubricOf: RubricLookup = (id, version) => rubrics.get(id, version);
  /** What the export was before documents moved to disk: every record in memory, in the dashboard's order, written in one go. */
  const expected = async (raw: Record<string, string>, make: (records: Assessment[]) => AnyTable[]) => {
    const all = await services.assessments.list();
    const byId = new Map(all.map((a) => [a.id, a]));
    return make(select(latestPerOrganisation(summariseAll(all)), exportQuery(raw).query).map((s) => byId.get(s.id)!));
  };
  return { app, store, reads, holdReads, rubricOf, expected };
}

const csvBytes = async (table: AnyTable): Promise<Buffer> => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCsv(out, table);
  return Buffer.concat(chunks);
};

const sheets = async (bytes: Buffer) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets.map((s) => ({ name: s.name, rows: s.getSheetValues() }));
};

describe('bulk exports over documents read on demand', () => {
  it.each([
    ['', {}],
    ['&sort=organisation&dir=asc', { sort: 'organisation', dir: 'asc' }],
    ['&sort=overall&band=partial', { sort: 'overall', band: 'partial' }],
  ])('when the summary CSV is exported (query "%s"), then the bytes are those of the records in memory, in the dashboard order, made without reading a document', async (query, raw) => {
    const { app, store, reads, rubricOf, expected } = await portfolio();
    const res = await request(app).get(`/api/export.csv?kind=summary${query}`).set('Authorization', AUTH).buffer(true).parse(binary).expect(200);
    const [table] = await expected(raw, (records) => [summaryTable(records, rubricOf)]);
    expect((res.body as Buffer).toString('utf8').split('\r\n').length).toBeGreaterThan(10);
    expect((res.body as Buffer).equals(await csvBytes(table!))).toBe(true);
    // Each organisation's latest single assessment keeps its row's detail in memory (summary-detail.ts).
    expect(reads.started).toBe(0);
    expect(store.documentsHeld()).toBeLessThanOrEqual(DOCUMENTS_HELD);
  });

  it('when the summaries carry no detail (an older index, or another store), then each record is read from its document and the bytes are the same', async () => {
    const { app, store, reads, rubricOf, expected } = await portfolio();
    const summaries = store.summaries;
    store.summaries = async () => (await summaries()).map(({ detail: _detail, ...s }) => s);
    const res = await request(app).get('/api/export.csv?kind=summary&sort=organisation').set('Authorization', AUTH).buffer(true).parse(binary).expect(200);
    const [table] = await expected({ sort: 'organisation' }, (records) => [summaryTable(records, rubricOf)]);
    expect((res.body as Buffer).equals(await csvBytes(table!))).toBe(true);
    expect(reads.started).toBe(ORGANISATIONS);
  });

  it('when the workbook is exported, then its sheets hold what the records in memory give', async () => {
    const { app, store, rubricOf, expected } = await portfolio();
    const res = await request(app).get('/api/export.xlsx').set('Authorization', AUTH).buffer(true).parse(binary).expect(200);
    const tables = await expected({}, (records) => workbookTables(records, rubricOf));
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeWorkbook(out, tables, { created: new Date(0) });
    expect(await sheets(res.body as Buffer)).toEqual(await sheets(Buffer.concat(chunks)));
    expect(store.documentsHeld()).toBeLessThanOrEqual(DOCUMENTS_HELD);
  });

  it('when a store opened on a data folder exports, then the bytes are those of the records in memory and no document read for it is kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-export-'));
    const first = await openLowdbStore(dir);
    const rubrics = await shippedRubrics();
    await seed(first, rubrics.defaultRubric(), 40);
    await first.close();
    const store = await openLowdbStore(dir, { maxDocuments: 10 });
    const { app, services } = await buildTestApp({ store, rubrics });
    const res = await request(app).get('/api/export.csv?kind=summary').set('Authorization', AUTH).buffer(true).parse(binary).expect(200);
    expect(store.documentsHeld()).toBe(0);
    const all = await services.assessments.list();
    const byId = new Map(all.map((a) => [a.id, a]));
    const records = select(latestPerOrganisation(summariseAll(all)), exportQuery({}).query).map((s) => byId.get(s.id)!);
    expect((res.body as Buffer).equals(await csvBytes(summaryTable(records, (id, version) => rubrics.get(id, version))))).toBe(true);
    await store.close();
  });

  it('when the reader disconnects mid-stream, then the export stops reading organisations', async () => {
    const { app, reads, holdReads } = await portfolio();
    // The answers CSV is about 10 KB per organisation: 30 organisations make several writes to the socket.
    holdReads(30);
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    let responseClosed = false;
    server.on('request', (_req, res) => res.once('close', () => (responseClosed = true)));
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const req = get({ port, path: '/api/export.csv?kind=answers', headers: { authorization: AUTH } }, (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      });
      await vi.waitFor(() => expect(responseClosed).toBe(true), { timeout: scaled(5_000) });
      reads.release();
      await vi.waitFor(() => expect(reads.inFlight).toBe(0), { timeout: scaled(5_000) });
      // The held reads finish; at most one more starts before the rows stop.
      expect(reads.started).toBeLessThan(ORGANISATIONS / 2);
    } finally {
      reads.release();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
