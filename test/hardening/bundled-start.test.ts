/**
 * `npm start` runs the server bundled into one file by esbuild (scripts/build.js),
 * not the TypeScript sources the other tests run. These tests build that bundle and
 * use it as a person would: the pages (views, stylesheets and rubrics are found from
 * the bundle's place), a submission, and the downloads whose libraries are loaded
 * only when first used (the workbook writer, Chromium is left to the PDF tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, CONSULTANT_KEY } from '../helpers/app.ts';
import { startServer, type StartedServer } from '../helpers/start-server.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';

const OUT = join('test-output', `bundle-${process.pid}`);
let server: StartedServer;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build.js', '--outdir', OUT], { cwd: ROOT });
  // Rubric files whose text no earlier run has seen, so their parsed form is not cached: the YAML parser is loaded and used.
  const rubrics = await mkdtemp(join(tmpdir(), 'sao-bundle-rubrics-'));
  await cp(join(ROOT, 'rubrics'), rubrics, { recursive: true });
  for (const version of ['1.0.0', '2.0.0']) await appendFile(join(rubrics, `social-ownership-${version}.yaml`), `\n# ${process.pid}-${Date.now()}\n`);
  const env = { CONSULTANT_TOKEN: CONSULTANT_KEY, RATE_LIMIT: 'off', NODE_ENV: 'production', RUBRICS_DIR: rubrics };
  server = await startServer(await mkdtemp(join(tmpdir(), 'sao-bundle-')), env, join(ROOT, OUT, 'server.js'));
  if (!server.ready) throw new Error(`the bundled server did not start:\n${server.out}`);
});
afterAll(async () => {
  await server?.stop();
  await rm(join(ROOT, OUT), { recursive: true, force: true });
});

describe('the bundled server (what npm start runs)', () => {
  it('when the home page and the form are opened, then they are served with their fingerprinted stylesheet', { tags: ['process'] }, async () => {
    const home = await fetch(`${server.origin}/`);
    expect(home.status).toBe(200);
    const stylesheet = /href="(\/static\/app\.css\?v=[^"]+)"/.exec(await home.text())?.[1];
    expect(stylesheet).toBeDefined();
    expect((await fetch(`${server.origin}${stylesheet}`)).status).toBe(200);
    const form = await fetch(`${server.origin}/assessments/new`);
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/<form[^>]+method="post"/i);
  });

  it('when an assessment is submitted, then its report and its workbook download (a library loaded on first use) are served', { tags: ['process'] }, async () => {
    const rubrics = (await (await fetch(`${server.origin}/api/rubrics`)).json()) as Array<{ id: string; version: string }>;
    expect(rubrics.map((r) => r.version).sort()).toEqual(['1.0.0', '2.0.0']);
    const created = await fetch(`${server.origin}/api/assessments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organisation: { name: 'Bundled Ltd' }, respondent: { role: 'leadership' }, answers: WELL_PREPARED, notes: {}, status: 'submitted' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`${server.origin}/assessments/${id}`)).status).toBe(200);
    const workbook = await fetch(`${server.origin}/api/assessments/${id}/export.xlsx`);
    expect(workbook.status).toBe(200);
    expect(Buffer.from(await workbook.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const dashboard = await fetch(`${server.origin}/consultant`, { headers: { authorization: `Bearer ${CONSULTANT_KEY}` } });
    expect(await dashboard.text()).toContain('Bundled Ltd');
  });
});
