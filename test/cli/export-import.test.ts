import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { progressBar } from '../../src/cli/progress.ts';
import { cli, spawned, seededDataDir, tempDir, writeJson } from './cli-helpers.ts';
import { ROOT, shippedRubrics } from '../helpers/app.ts';

const rows = (csv: string) => parseCsv(csv.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;

describe('social-audit export', () => {
  it('when a data folder is exported as CSV, then stdout holds one row per submitted assessment and nothing else, and the folder is released', { tags: ['process'] }, async () => {
    const data = await seededDataDir(6);
    const ran = await spawned(['export', '--data', data, '--format', 'csv']);
    expect(ran.code).toBe(0);
    expect(ran.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const out = rows(ran.stdout);
    expect(out).toHaveLength(6);
    expect(out.map((r) => r.organisation)).toEqual(['Client 00005', 'Client 00004', 'Client 00003', 'Client 00002', 'Client 00001', 'Client 00000']);
    // Not a terminal: no progress bar, just the closing line.
    expect(ran.stderr).toBe('Exported 6 assessments.\n');
    expect(existsSync(join(data, '.lock'))).toBe(false);
  });

  it('when filtered and sorted like the dashboard, then only the matching rows come out in that order', async () => {
    const data = await seededDataDir(6);
    const ran = await cli(['export', '--data', data, '--format', 'csv', '--kind', 'answers', '--sector', 'media', '--sort', 'organisation', '--dir', 'asc']);
    expect(ran.code).toBe(0);
    const out = rows(ran.stdout);
    expect([...new Set(out.map((r) => r.organisation))]).toEqual(['Client 00001', 'Client 00004']);
    const rubric = (await shippedRubrics()).defaultRubric();
    expect(out).toHaveLength(2 * rubric.questions.length);
    // The same columns as the dashboard's download: each code with its words beside it.
    const titles = new Map(rubric.dimensions.map((d) => [d.id, d.title]));
    for (const row of out) expect(row.dimension_title).toBe(titles.get(row.dimension!));
    expect(out.every((row) => row.facet_title)).toBe(true);
  });

  it('when exported as XLSX to a file, then the workbook reads back with its three sheets and no partial file is left', async () => {
    const data = await seededDataDir(3);
    const out = join(await tempDir(), 'portfolio.xlsx');
    const ran = await cli(['export', '--data', data, '--format', 'xlsx', '--out', out]);
    expect(ran).toMatchObject({ code: 0, stdout: '' });
    expect(ran.stderr).toContain(`Exported 3 assessments to ${out}.`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Answers', 'Rubric']);
    expect(book.getWorksheet('Summary')!.rowCount).toBe(4);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('when exported as JSON and imported into an empty folder, then exporting that folder gives the same assessments', async () => {
    const data = await seededDataDir(8);
    const dir = await tempDir();
    const first = join(dir, 'first.json');
    expect((await cli(['export', '--data', data, '--format', 'json', '--out', first])).code).toBe(0);

    const target = join(dir, 'new-data');
    const imported = await cli(['import', first, '--data', target]);
    expect(imported).toMatchObject({ code: 0, stdout: `Imported 8 assessments and 8 new organisations; skipped 0 assessments already in ${target}.\n` });

    const second = join(dir, 'second.json');
    expect((await cli(['export', '--data', target, '--format', 'json', '--out', second])).code).toBe(0);
    const [a, b] = [JSON.parse(await readFile(first, 'utf8')), JSON.parse(await readFile(second, 'utf8'))];
    const byId = (xs: Array<{ id: string }>) => [...xs].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(b.assessments)).toEqual(byId(a.assessments));
    expect(byId(b.organisations)).toEqual(byId(a.organisations));

    const again = await cli(['import', first, '--data', target, '--format', 'json']);
    expect(again).toMatchObject({ code: 0 });
    expect(JSON.parse(again.stdout)).toEqual({ imported: 0, skipped: 8, organisations: { imported: 0, skipped: 8 } });
    expect(await (await openLowdbStore(target)).list()).toHaveLength(8);
  });

  it('when the data folder is in use by a running process, then exit 3 says so and nothing is written', { tags: ['process'] }, async () => {
    const data = await seededDataDir(1);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(join(data, '.lock'), String(holder.pid));
      const ran = await cli(['export', '--data', data, '--format', 'csv']);
      expect(ran.code).toBe(3);
      expect(ran.stdout).toBe('');
      expect(ran.stderr).toMatch(new RegExp(`in use by another running process \\(pid ${holder.pid}\\)`));
      const file = await writeJson(await tempDir(), 'x.json', { format: 'social-ownership-audit/portfolio', schemaVersion: 1, exportedAt: '2026-11-25T10:00:00.000Z', rubrics: [], organisations: [], assessments: [] });
      expect((await cli(['import', file, '--data', data])).code).toBe(3);
    } finally {
      holder.kill();
    }
  });

  it.each([
    ['no data folder', ['--data', '/nonexistent/data', '--format', 'csv'], 3, /no data folder at \/nonexistent\/data/],
    ['no --format', ['--data', 'x'], 2, /--format is required/],
    ['a bad filter', ['--data', 'x', '--format', 'csv', '--band', 'purple'], 2, /--band must be one of low, partial, strong; got "purple"/],
    ['--kind with json', ['--data', 'x', '--format', 'json', '--kind', 'answers'], 2, /--kind is for --format csv only/],
    ['a positional argument', ['--data', 'x', '--format', 'csv', 'extra'], 2, /unexpected argument "extra"/],
  ])('when given %s, then exit %i', async (_name, args, code, message) => {
    const ran = await cli(['export', ...args]);
    expect(ran.code).toBe(code);
    expect(ran.stderr).toMatch(message);
  });
});

describe('social-audit import', () => {
  it('when the file fails its checks, then exit 1 lists the problems and the folder stays empty', async () => {
    const data = await seededDataDir(2);
    const dir = await tempDir();
    const file = join(dir, 'export.json');
    expect((await cli(['export', '--data', data, '--format', 'json', '--out', file])).code).toBe(0);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.assessments[1].result.overall = 140;
    doc.assessments[0].answers['tone-guide'] = 'maybe';
    await writeFile(file, JSON.stringify(doc));
    const target = join(dir, 'target');
    const ran = await cli(['import', file, '--data', target]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(/assessments\[1\]\.result\.overall: /);
    expect(ran.stderr).toMatch(/nothing was stored/);
    expect(existsSync(target)).toBe(false);
  });

  it.each([
    ['a file that is not JSON', 'not json', 1, /is not valid JSON/],
    ['a single-assessment export', { schemaVersion: 1, rubric: {}, assessment: {} }, 1, /export of a single assessment/],
  ])('when given %s, then exit %i', async (_name, body, code, message) => {
    const ran = await cli(['import', await writeJson(await tempDir(), 'in.json', body), '--data', join(await tempDir(), 'd')]);
    expect(ran.code).toBe(code);
    expect(ran.stderr).toMatch(message);
  });

  it('when the file is missing, then exit 3; without --data, exit 2', async () => {
    expect(await cli(['import', '/nonexistent/x.json', '--data', await tempDir()])).toMatchObject({ code: 3, stderr: expect.stringMatching(/no file at/) });
    expect(await cli(['import', 'x.json'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--data is required/) });
  });
});

describe('progressBar', () => {
  const terminal = () => {
    const written: string[] = [];
    return { stream: Object.assign(new Writable({ write: (c: Buffer, _e: string, cb: () => void) => (written.push(String(c)), cb()) }), { isTTY: true }), written };
  };

  it('when stderr is a terminal, then the bar is redrawn in place at most every 100 ms and closed with a newline', () => {
    const { stream, written } = terminal();
    let now = 0;
    const bar = progressBar(stream, 'Exporting', 4, () => now);
    bar.tick();
    now = 50;
    bar.tick();
    now = 200;
    bar.tick();
    bar.done();
    expect(written).toEqual([
      '\rExporting [########......................]  25% 1/4',
      '\rExporting [#######################.......]  75% 3/4',
      '\rExporting [#######################.......]  75% 3/4',
      '\n',
    ]);
  });

  it('when stderr is not a terminal, then nothing is drawn', () => {
    const { stream, written } = terminal();
    (stream as { isTTY: boolean }).isTTY = false;
    const bar = progressBar(stream, 'Exporting', 4);
    bar.tick();
    bar.done();
    expect(written).toEqual([]);
  });
});

describe('package.json', () => {
  it('when installed, then the bin and the audit script point at the command line', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin['social-audit']).toBe('bin/social-audit.js');
    expect(pkg.scripts.audit).toBe('node --import tsx src/cli/main.ts');
    expect(pkg.dependencies['playwright-core']).toBeDefined();
    expect(await readdir(join(ROOT, 'bin'))).toContain('social-audit.js');
  });
});
