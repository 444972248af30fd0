import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { writerRunning } from '../../src/storage/background-writer.ts';
import { buildTestApp } from '../helpers/app.ts';
import { startServer } from '../helpers/start-server.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';
import type { Assessment, Organisation } from '../../src/core/assessment/assessment.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'sao-data-'));

const AT = '2026-11-25T10:00:00.000Z';
const ORG = 'org-aaaaaaaaaaaaaaaaaa';
const organisation: Organisation = { id: ORG, name: 'Acme', createdAt: AT };
const record = (id: string): Assessment => ({
  id: `assessment-${id}-xxxxxxxxxxxx`.slice(0, 22), rubricId: 'social-ownership', rubricVersion: '1.0.0', organisationId: ORG, organisation: { name: 'Acme' }, respondent: {},
  answers: {}, notes: {}, status: 'draft', createdAt: AT, updatedAt: AT,
});
const orgFile = (dir: string) => join(dir, 'orgs', `${ORG}.json`);
const idsOnDisk = async (dir: string) => JSON.parse(await readFile(orgFile(dir), 'utf8')).assessments.map((a: Assessment) => a.id);

describe('lowdb store', () => {
  it('when the app is restarted on the same data folder, then submitted reports and drafts are still there', async () => {
    const dir = await tempDir();
    const first = await buildTestApp({ store: await openLowdbStore(dir) });
    const submitted = await request(first.app).post('/api/assessments').send({ organisation: { name: 'Kept Ltd' }, answers: WELL_PREPARED }).expect(201);
    const draft = await request(first.app).post('/api/assessments').send({ organisation: { name: 'Kept Draft' }, status: 'draft' }).expect(201);

    const second = await buildTestApp({ store: await openLowdbStore(dir) });
    const report = await request(second.app).get(`/assessments/${submitted.body.id}`).expect(200);
    expect(report.text).toContain('Kept Ltd');
    const api = await request(second.app).get(`/api/assessments/${submitted.body.id}`).expect(200);
    expect(api.body.result).toEqual(submitted.body.result);
    await request(second.app).get(`/assessments/${draft.body.id}/edit`).expect(200);
  });

  it('when a write is acknowledged, then it is already on disk: a copy of the folder taken at that moment opens with it', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir, { delayMs: 60_000 });
    await store.create(record('a1'), organisation);
    const copy = await tempDir();
    await cp(dir, copy, { recursive: true });
    expect((await (await openLowdbStore(copy)).list()).map((a) => a.id)).toEqual([record('a1').id]);
    // Once checkpointed, the organisation's own file holds it too.
    await store.checkpoint();
    expect(JSON.parse(await readFile(orgFile(dir), 'utf8'))).toMatchObject({ schemaVersion: 2, organisation: { id: ORG, name: 'Acme' }, assessments: [{ id: record('a1').id }] });
  });

  it('when a write fails, then the record is not kept in memory and the next write does not carry it', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir, { delayMs: 60_000 });
    await store.create(record('good-1'), organisation);
    await store.checkpoint();
    // A folder where the journal should be created makes the next write fail.
    const blocker = join(dir, 'journal.log');
    await mkdir(blocker);
    await expect(store.create(record('failed'))).rejects.toThrow();
    expect(await store.get(record('failed').id)).toBeUndefined();
    await rm(blocker, { recursive: true });
    await store.create(record('good-2'));
    await store.checkpoint();
    expect(await idsOnDisk(dir)).toEqual([record('good-1').id, record('good-2').id]);
    // The file before the last write is kept as the backup.
    const backup = JSON.parse(await readFile(`${orgFile(dir)}.bak`, 'utf8'));
    expect(backup.assessments.map((a: Assessment) => a.id)).toEqual([record('good-1').id]);
  });

  it('when the journal is removed while the app runs, then the next checkpoint writes every acknowledged change to the files', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir, { delayMs: 60_000 });
    await store.create(record('j1'), organisation);
    // The journal stays open between checkpoints: removed, its records and the next ones are still in memory.
    await rm(join(dir, 'journal.log'));
    await store.create(record('j2'));
    await store.checkpoint();
    expect(await idsOnDisk(dir)).toEqual([record('j1').id, record('j2').id]);
    // The next write starts a new journal, and nothing is lost across a restart.
    await store.create(record('j3'));
    await store.close();
    expect((await (await openLowdbStore(dir)).list()).map((a) => a.id)).toEqual([record('j1').id, record('j2').id, record('j3').id]);
  });

  it('when writes keep arriving, then the organisation files wait for a pause, and meanwhile every write is in the journal', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir, { delayMs: 50, quietMs: 60_000, maxDelayMs: 600_000 });
    await store.create(record('b1'), organisation);
    await store.create(record('b2'));
    // Well past delayMs, but writes have not paused for quietMs: no file yet, and a copy of the folder opens with both.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(readFile(orgFile(dir))).rejects.toMatchObject({ code: 'ENOENT' });
    const copy = await tempDir();
    await cp(dir, copy, { recursive: true });
    expect((await (await openLowdbStore(copy)).list()).map((a) => a.id)).toEqual([record('b1').id, record('b2').id]);
    await store.close();
    expect(await idsOnDisk(dir)).toEqual([record('b1').id, record('b2').id]);
  });

  it('when a write is acknowledged, then the store says its files are pending until the checkpoint has written them', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir, { delayMs: 60_000 });
    expect(store.checkpointPending()).toBe(false);
    await store.create(record('p1'), organisation);
    expect(store.checkpointPending()).toBe(true);
    await store.checkpoint();
    expect(store.checkpointPending()).toBe(false);
    expect(await idsOnDisk(dir)).toEqual([record('p1').id]);
    await store.close();
  });

  it('when writes never pause, then the files are still brought up to date within maxDelayMs of the first', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir, { delayMs: 20, quietMs: 60_000, maxDelayMs: 300 });
    await store.create(record('c0'), organisation);
    let written = false;
    for (let i = 1; i < 400 && !written; i++) {
      await store.create(record(`c${i}`));
      await new Promise((resolve) => setTimeout(resolve, 25));
      written = await readFile(orgFile(dir)).then(() => true, () => false);
    }
    expect(written).toBe(true);
    await store.close();
  });

  it('when the file-writing thread has stopped for being idle, then the next checkpoint starts it again and writes the files', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir, { delayMs: 60_000 });
    await store.create(record('w1'), organisation);
    await store.checkpoint();
    await vi.waitFor(() => expect(writerRunning()).toBe(false), { timeout: 30_000, interval: 100 });
    await store.create(record('w2'));
    await store.checkpoint();
    expect(await idsOnDisk(dir)).toEqual([record('w1').id, record('w2').id]);
    await store.close();
  });

  it('when the same nonce is used twice, then one record is stored', async () => {
    const store = await openLowdbStore(await tempDir());
    const [a, b] = await Promise.all([
      store.create(record('n1'), organisation, 'nonce-123456'),
      store.create(record('n2'), { ...organisation, id: 'org-bbbbbbbbbbbbbbbbbb' }, 'nonce-123456'),
    ]);
    expect(b.id).toBe(a.id);
    const c = await store.create({ ...record('n3') }, undefined, 'nonce-123456');
    expect(c.id).toBe(a.id);
    expect((await store.list()).map((x) => x.id)).toEqual([record('n1').id]);
  });

  it.each([
    ['invalid JSON', '{"schemaVersion": 2, "assessments": [', /not valid JSON/],
    ['an empty file', '', /the file is empty/],
    ['a truncated file', '{"schemaVersion":2,"organisation":{"id":"org-aaaaaaaaaaaaaaaaaa","na', /not valid JSON/],
    ['another schema version', '{"schemaVersion": 99, "organisation": {}, "assessments": []}', /expected schemaVersion 2; got 99/],
    ['a record that does not fit the schema', JSON.stringify({ schemaVersion: 2, organisation: { id: ORG, name: '', createdAt: AT }, assessments: [], shareLinks: [] }), /does not fit the schema \(organisation\.name/],
  ])('when a data file holds %s, then opening fails naming the file and the file is left as it was', async (_name, content, message) => {
    const dir = await tempDir();
    await mkdir(join(dir, 'orgs'), { recursive: true });
    await writeFile(orgFile(dir), content);
    await expect(openLowdbStore(dir)).rejects.toThrow(new RegExp(`${ORG}\\.json: .*${message.source}`));
    expect(await readFile(orgFile(dir), 'utf8')).toBe(content);
  });

  it('when a version 1 database is found, then it is upgraded to one file per organisation and the old file is kept', async () => {
    const dir = await tempDir();
    const v1 = { schemaVersion: 1, organisations: [organisation], assessments: [record('old-1'), record('old-2')] };
    await writeFile(join(dir, 'db.json'), JSON.stringify(v1));
    const store = await openLowdbStore(dir);
    expect((await store.assessmentsOf(ORG)).map((a) => a.id)).toEqual([record('old-1').id, record('old-2').id]);
    expect(JSON.parse(await readFile(join(dir, 'db.v1.json.bak'), 'utf8'))).toEqual(v1);
    expect(await idsOnDisk(dir)).toEqual([record('old-1').id, record('old-2').id]);
  });
});

describe('one process per data folder', { tags: ['process'] }, () => {
  it('when a second server starts on a folder in use, then it refuses with a clear message', async () => {
    const dir = await tempDir();
    const first = await startServer(dir);
    expect(first.ready).toBe(true);
    try {
      const second = await startServer(dir);
      expect(second.ready).toBe(false);
      expect(second.code).toBe(1);
      expect(second.out).toMatch(/data folder .* is in use by another running process/);
    } finally {
      first.kill();
    }
  });

  it('when the data file is corrupt, then the server does not start and leaves the file untouched', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'db.json'), '{"broken');
    const run = await startServer(dir);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/Cannot start: .*db\.json: the file is not valid JSON/);
    expect(await readFile(join(dir, 'db.json'), 'utf8')).toBe('{"broken');
  });
});
