import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml, stringify } from 'yaml';
import { evaluate } from '../../src/core/evaluate.ts';
import { RUBRICS_DIR, shippedRubrics } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { cli, spawned, tempDir, writeJson } from './cli-helpers.ts';

const rubric = (await shippedRubrics()).defaultRubric();
const titleOf = (code: string) => rubric.recommendations.find((r) => r.code === code)!.title;
const SHIPPED = join(RUBRICS_DIR, 'social-ownership-1.0.0.yaml');

async function answersFile(body: unknown = { organisation: { name: 'Acme Foods', sector: 'retail' }, answers: SCENARIOS[2]!.answers, notes: { 'tone-guide': 'A draft exists' } }) {
  return writeJson(await tempDir(), 'answers.json', body);
}

describe('social-audit (no command, help, unknown)', () => {
  it('when run as a process with no command or an unknown flag, then exit 2 with the usage on stderr', { tags: ['process'] }, async () => {
    expect(await spawned([])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/Usage: social-audit <command>/) });
    expect(await spawned(['score', 'x.json', '--colour', 'red'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/Unknown option '--colour'[\s\S]*social-audit score --help/) });
  });

  it.each([
    [[], 2, 'stderr', /Usage: social-audit <command>/],
    [['--help'], 0, 'stdout', /Usage: social-audit <command>/],
    [['frobnicate'], 2, 'stderr', /unknown command "frobnicate"/],
    [['score', '--help'], 0, 'stdout', /Usage: social-audit score/],
    [['export', '--help'], 0, 'stdout', /--recommendation <code>/],
  ] as const)('when run with %j, then it exits %i with the usage on %s', async (args, code, stream, pattern) => {
    const ran = await cli([...args]);
    expect(ran.code).toBe(code);
    expect(ran[stream]).toMatch(pattern);
  });

  it('when run through the bin file from another folder, then it finds its code and the shipped rubrics', { tags: ['process'] }, async () => {
    const file = await answersFile();
    const ran = await spawned(['score', file, '--date', '2026-11-25'], { bin: true, cwd: await tempDir() });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('Acme Foods');
  });
});

describe('social-audit score', () => {
  it('when the answers are complete, then the report is printed as text and nothing goes to stderr', async () => {
    const ran = await cli(['score', await answersFile(), '--date', '2026-11-25']);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout).toContain('Social media ownership report: Acme Foods');
    expect(ran.stdout).toContain(titleOf('build-blended-team'));
    expect(ran.stdout).toMatch(/Overall\s+\d+\s+(low|partial|strong)/);
    expect(ran.stdout).toContain('Reassess by 2027-02-23.');
  });

  it('when asked for JSON, then the result is exactly what the app would store for that date', async () => {
    const ran = await cli(['score', await answersFile(), '--date', '2026-11-25', '--format', 'json']);
    expect(ran.code).toBe(0);
    const out = JSON.parse(ran.stdout);
    expect(out).toMatchObject({ organisation: { name: 'Acme Foods', sector: 'retail' }, rubric: { id: 'social-ownership', version: rubric.version }, scoredOn: '2026-11-25' });
    expect(out.result).toEqual(JSON.parse(JSON.stringify(evaluate(rubric, SCENARIOS[2]!.answers, '2026-11-25'))));
  });

  it('when asked for CSV, then a CSV parser reads it as one table: a row per answer with the summary and labels on each', async () => {
    const ran = await cli(['score', await answersFile(), '--date', '2026-11-25', '--format', 'csv']);
    expect(ran.code).toBe(0);
    expect(ran.stdout.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(ran.stdout.slice(1), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(rubric.questions.length);
    const title = rubric.recommendations.find((r) => r.code === 'build-blended-team')!.title;
    for (const row of rows) expect(row).toMatchObject({ organisation: 'Acme Foods', sector_label: 'Retail and consumer goods', recommendation: 'build-blended-team', recommendation_title: title, reassess_by: '2027-02-23' });
  });

  it('when the body names another rubric version the app does not have, then exit 1 names it', async () => {
    const ran = await cli(['score', await answersFile({ rubricId: 'social-ownership', rubricVersion: '9.0.0', organisation: { name: 'A' }, answers: WELL() })]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/unknown rubric "social-ownership@9.0.0"; known: social-ownership@2.0.0, social-ownership@1.0.0/);
  });

  it.each([
    ['an answer not among the options', { organisation: { name: 'A' }, answers: { ...WELL(), 'tone-guide': 'maybe' } }, /answers\.tone-guide: answer for "tone-guide" must be one of none, discussed, written, unsure; got "maybe"/],
    ['a missing answer', { organisation: { name: 'A' }, answers: { ...WELL(), 'tone-guide': undefined } }, /answers\.tone-guide: choose an answer/],
    ['no organisation', { answers: WELL() }, /organisation: .*(required|expected object)/i],
    ['an unknown field', { organisation: { name: 'A' }, answers: WELL(), colour: 'red' }, /unknown field colour/],
    ['text that is not JSON', '{"organisation": ', /is not valid JSON/],
    ['a note longer than the app takes', { organisation: { name: 'A' }, answers: WELL(), notes: { 'tone-guide': 'x'.repeat(2001) } }, /notes\.tone-guide: must be at most 2000 characters/],
  ])('when the file has %s, then exit 1 and stderr says what and where', async (_name, body, message) => {
    const ran = await cli(['score', await answersFile(body)]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(message);
  });

  it.each([
    ['an unknown flag', ['--colour', 'red'], /Unknown option '--colour'/],
    ['a bad format', ['--format', 'pdf'], /--format must be one of text, json, csv; got "pdf"/],
    ['a bad date', ['--date', '25/11/2026'], /--date must be a date like 2026-11-25/],
    ['two files', ['other.json'], /unexpected argument "other.json"/],
  ])('when given %s, then exit 2 (usage)', async (_name, extra, message) => {
    const ran = await cli(['score', await answersFile(), ...extra]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(message);
  });

  it('when the answers file is missing, then exit 3', async () => {
    const ran = await cli(['score', '/nonexistent/answers.json']);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toMatch(/no file at \/nonexistent\/answers.json/);
  });

  it('when scored with a rubric file that is invalid, then exit 1 lists its problems', async () => {
    const doc = parseYaml(await readFile(SHIPPED, 'utf8'));
    doc.questions[0].facet = 'charisma';
    const dir = await tempDir();
    await writeFile(join(dir, 'social-ownership-1.0.0.yaml'), stringify(doc));
    const ran = await cli(['score', await answersFile(), '--rubric', join(dir, 'social-ownership-1.0.0.yaml')]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/questions\[0\]\.facet: unknown facet "charisma"/);
  });
});

function WELL() {
  return { ...SCENARIOS[4]!.answers };
}

describe('social-audit validate', () => {
  it('when the rubric is valid, then exit 0 and one line on stdout', async () => {
    const ran = await cli(['validate', SHIPPED]);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout).toMatch(/social-ownership-1\.0\.0\.yaml: valid \(social-ownership@1\.0\.0: 3 dimensions, 30 questions, 5 recommendations\)/);
  });

  it('when the rubric has several problems, then every one is listed with its path and the exit code is 1', async () => {
    const doc = parseYaml(await readFile(SHIPPED, 'utf8'));
    doc.questions[0].facet = 'charisma';
    doc.questions[4].claims = ['C99'];
    doc.colour = 'blue';
    const dir = await tempDir();
    const file = join(dir, 'social-ownership-1.0.0.yaml');
    await writeFile(file, stringify(doc));
    // The shape check runs first: fix the unknown key to see the reference problems too.
    let ran = await cli(['validate', file]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/\(top level\): unknown key "colour"/);
    delete doc.colour;
    await writeFile(file, stringify(doc));
    ran = await cli(['validate', file]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(/questions\[0\]\.facet: unknown facet "charisma"/);
    expect(ran.stderr).toMatch(/questions\[4\]\.claims\[0\]: unknown claim "C99"/);
    expect(ran.stderr).toMatch(/2 problems/);
    expect(ran.stderr).toMatch(/1 of 1 rubric file is invalid/);
  });

  it('when the file is named after another version, then that is a problem too', async () => {
    const dir = await tempDir();
    const file = join(dir, 'social-ownership-2.0.0.yaml');
    await writeFile(file, await readFile(SHIPPED, 'utf8'));
    const ran = await cli(['validate', SHIPPED, file]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/social-ownership-1\.0\.0\.yaml: valid/);
    expect(ran.stderr).toMatch(/\(file name\): .* expected social-ownership-1\.0\.0\.yaml/);
  });

  it('when given a file that is not YAML, then exit 1', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'x-1.0.0.yaml'), 'a: [unclosed');
    expect(await cli(['validate', join(dir, 'x-1.0.0.yaml')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot be parsed/) });
  });

  it('when the file is missing, then exit 3; when no file is given, exit 2', async () => {
    expect(await cli(['validate', '/nonexistent/rubric.yaml'])).toMatchObject({ code: 3, stderr: expect.stringMatching(/no file at/) });
    expect(await cli(['validate'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing the rubric file to check/) });
  });
});
