import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { buildTestApp, ROOT } from '../helpers/app.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';
import type { Assessment } from '../../src/core/assessment/assessment.ts';

const tempDir = () => mkdtemp(join(tmpdir(), 'sao-data-'));

const record = (id: string, name = 'Acme'): Assessment => ({
  id, rubricId: 'social-ownership', rubricVersion: '1.0.0', organisationId: `org-${id}`, organisation: { name }, respondent: {},
  answers: {}, notes: {}, status: 'draft', createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z',
});

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

  it('when a write is acknowledged, then the file on disk already holds it', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir);
    await store.create(record('a1'));
    const onDisk = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: 1, assessments: [{ id: 'a1' }] });
  });

  it('when a write fails, then the record is not kept in memory and the next write does not carry it', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir);
    await store.create(record('good-1'));
    // A directory where the temporary file should go makes the next write fail.
    const blocker = join(dir, `.db.json.${process.pid}.tmp`);
    await mkdir(blocker);
    await expect(store.create(record('failed'))).rejects.toThrow();
    expect(await store.get('failed')).toBeUndefined();
    await rm(blocker, { recursive: true });
    await store.create(record('good-2'));
    const ids = JSON.parse(await readFile(join(dir, 'db.json'), 'utf8')).assessments.map((a: Assessment) => a.id);
    expect(ids).toEqual(['good-1', 'good-2']);
  });

  it('when the same nonce is used twice, then one record is stored', async () => {
    const store = await openLowdbStore(await tempDir());
    const a = await store.create(record('n1'), undefined, 'nonce-123456');
    const b = await store.create(record('n2'), undefined, 'nonce-123456');
    expect(b.id).toBe(a.id);
    expect((await store.list()).map((x) => x.id)).toEqual(['n1']);
  });

  it.each([
    ['invalid JSON', '{"schemaVersion": 1, "assessments": [', /not valid JSON/],
    ['an empty file', '', /the file is empty/],
    ['a truncated file', '{"schemaVersion":1,"organisations":[],"assessm', /not valid JSON/],
    ['another schema version', '{"schemaVersion": 99, "organisations": [], "assessments": []}', /expected schemaVersion 1/],
  ])('when the data file holds %s, then opening fails with a clear message and the file is left as it was', async (_name, content, message) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'db.json'), content);
    await expect(openLowdbStore(dir)).rejects.toThrow(message);
    expect(await readFile(join(dir, 'db.json'), 'utf8')).toBe(content);
  });
});

function startServer(dataDir: string): Promise<{ code: number | null; out: string; kill: () => void; ready: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: '0' } });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('is running at')) resolve({ code: null, out, kill: () => child.kill('SIGTERM'), ready: true });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => resolve({ code, out, kill: () => undefined, ready: false }));
  });
}

describe('one process per data folder', () => {
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
