import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cacheFileOf, checkedFileOf, loadRubricFile, loadRubrics } from '../../src/rubric-files/load-rubrics.ts';
import { ROOT, RUBRICS_DIR } from '../helpers/app.ts';

const SHIPPED = join(RUBRICS_DIR, 'social-ownership-1.0.0.yaml');

async function shippedDocument(): Promise<any> {
  return parse(await readFile(SHIPPED, 'utf8'));
}

async function writeRubric(doc: unknown, name = 'broken.yaml'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sao-rubric-'));
  const file = join(dir, name);
  await writeFile(file, stringify(doc));
  return file;
}

type Mutation = [string, (doc: any) => void, RegExp];

const cases: Mutation[] = [
  ['an unknown top-level key', (d) => (d.colour = 'blue'), /broken\.yaml: \(top level\): unknown key "colour"/],
  ['an unknown key in a question', (d) => (d.questions[2].hint = 'x'), /broken\.yaml: questions\[2\]: unknown key "hint"/],
  ['a duplicate question id', (d) => (d.questions[3].id = d.questions[1].id), /broken\.yaml: questions\[3\]\.id: duplicate question id "owner-how-chosen"/],
  ['a duplicate option value', (d) => (d.questions[0].options[1].value = d.questions[0].options[0].value), /questions\[0\]\.options\[1\]\.value: duplicate option value/],
  ['a question naming an unknown facet', (d) => (d.questions[0].facet = 'charisma'), /questions\[0\]\.facet: unknown facet "charisma" in dimension "experience"/],
  ['a question naming an unknown dimension', (d) => (d.questions[0].dimension = 'luck'), /questions\[0\]\.dimension: unknown dimension "luck"/],
  ['a question naming an unknown claim', (d) => (d.questions[4].claims = ['C99']), /questions\[4\]\.claims\[0\]: unknown claim "C99"/],
  ['a flag rule naming an unknown question', (d) => (d.flags[0].when = { answer: 'ghost', in: ['x'] }), /flags\[0\]\.when\.answer: unknown question "ghost"/],
  [
    'a flag rule naming an unknown value',
    (d) => (d.flags[0].when = { answer: 'leaders-on-criticism', in: ['shout'] }),
    /flags\[0\]\.when\.in\[0\]: question "leaders-on-criticism" has no option "shout"/,
  ],
  ['a flag rule testing scores', (d) => (d.flags[0].when = { dimension: 'leadership', band: ['low'] }), /flags\[0\]\.when: a flag rule may only test answers/],
  ['an uncovered claim', (d) => d.claims.push({ id: 'C10', text: 'new' }), /claims\[11\]: claim "C10" is not covered by any question/],
  ['an uncovered facet', (d) => d.dimensions[0].facets.push({ id: 'charisma', title: 'Charisma' }), /dimensions\[0\]\.facets\[2\]: facet "charisma" has no question/],
  ['a weakest option above 0', (d) => (d.questions[2].options = d.questions[2].options.filter((o: any) => o.score !== 0 || o.unsure)), /questions\[2\]\.options: the weakest option must score 0/],
  ['a score out of range', (d) => (d.questions[0].options[4].score = 7), /questions\[0\]\.options\[4\]\.score: .*(<=|at most|too big).*4/i],
  ['a version that is not semver', (d) => (d.version = 'v1'), /version: must be a semantic version/],
  ['a decision table without a final otherwise', (d) => d.recommendations.pop(), /recommendations\[3\]\.otherwise: the last rule must be "otherwise: true"/],
  ['a recommendation naming an unknown flag', (d) => (d.recommendations[0].when = { flag: 'ghost' }), /recommendations\[0\]\.when\.flag: unknown flag "ghost"/],
];

describe('rubric validation', () => {
  it('when the shipped rubrics are loaded, then they pass and meet the content rules', async () => {
    const rubrics = await loadRubrics(RUBRICS_DIR);
    expect(rubrics.length).toBeGreaterThanOrEqual(1);
    for (const rubric of rubrics) {
      expect(rubric.questions.length).toBeGreaterThanOrEqual(20);
      for (const d of rubric.dimensions) for (const f of d.facets) {
        expect(rubric.questions.filter((q) => q.facet === f.id).length, `${rubric.id} facet ${f.id}`).toBeGreaterThanOrEqual(2);
      }
      for (const q of rubric.questions) {
        const scores = q.options.map((o) => o.score);
        expect(Math.min(...scores), q.id).toBe(0);
        expect(Math.max(...scores), q.id).toBe(4);
        expect(`${q.prompt} ${q.help}`, q.id).not.toMatch(/\b(age|ages|aged|generation|baby boomer|millennial|gen ?[xyz]|digital natives?|young|old)\b/i);
      }
    }
  });

  it('when the default rubric is loaded, then its dimensions and facets have the public ids', async () => {
    const [rubric] = await loadRubrics(RUBRICS_DIR);
    expect(rubric!.dimensions.map((d) => [d.id, d.facets.map((f) => f.id)])).toEqual([
      ['experience', ['business-communication', 'social-fluency']],
      ['mandate', ['formal-mandate', 'scope']],
      ['leadership', ['digital-understanding', 'openness', 'peer-education']],
    ]);
    expect(rubric!.recommendations.map((r) => r.code)).toEqual([
      'educate-leadership-first', 'develop-owner-capability', 'build-blended-team', 'formalise-mandate', 'assign-experienced-owner',
    ]);
    expect(rubric!.flags.map((f) => f.id)).toEqual(expect.arrayContaining(['control-mindset', 'social-as-play', 'volunteer-without-experience', 'friends-register', 'no-escalation-path']));
  });

  it.each(cases)('when a rubric has %s, then the report names the file, the path and the problem', async (_name, mutate, expected) => {
    const doc = await shippedDocument();
    mutate(doc);
    const file = await writeRubric(doc);
    const { rubric, report } = await loadRubricFile(file, 'broken.yaml');
    expect(rubric).toBeUndefined();
    expect(report).toMatch(expected);
  });

  it('when a file is not YAML at all, then the report says it cannot be parsed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-rubric-'));
    await writeFile(join(dir, 'bad.yaml'), 'id: [unclosed');
    await expect(loadRubrics(dir)).rejects.toThrow(/bad\.yaml: \(file\): cannot be parsed/);
  });

  describe('the parsed-YAML cache (start-up skips the YAML parser for a file it has read before)', () => {
    it('when a file is read twice, then both reads give the same rubric, and the second comes from the cache', async () => {
      const doc = await shippedDocument();
      doc.title = `Cached ${Math.random()}`;
      const file = await writeRubric(doc, 'social-ownership-1.0.0.yaml');
      const first = await loadRubricFile(file);
      const cached = JSON.parse(await readFile(cacheFileOf(await readFile(file, 'utf8')), 'utf8'));
      expect(cached.title).toBe(doc.title);
      expect(await loadRubricFile(file)).toEqual(first);
    });

    it('when a file is edited, then the edit is read (the cache is keyed by the text, not the name)', async () => {
      const doc = await shippedDocument();
      const file = await writeRubric(doc, 'social-ownership-1.0.0.yaml');
      await loadRubricFile(file);
      doc.title = `Edited ${Math.random()}`;
      await writeFile(file, stringify(doc));
      expect((await loadRubricFile(file)).rubric?.title).toBe(doc.title);
    });

    it('when a cached entry is damaged, then the file is parsed again and the rubric is the same', async () => {
      const doc = await shippedDocument();
      doc.title = `Damaged cache ${Math.random()}`;
      const file = await writeRubric(doc, 'social-ownership-1.0.0.yaml');
      const first = await loadRubricFile(file);
      await writeFile(cacheFileOf(await readFile(file, 'utf8')), '{"title": "trunc');
      expect(await loadRubricFile(file)).toEqual(first);
    });

    it('when a cached file breaks a rule, then it is still refused: the cache skips parsing, never the checks', async () => {
      const doc = await shippedDocument();
      doc.questions[3].id = doc.questions[1].id;
      const file = await writeRubric(doc);
      for (let i = 0; i < 2; i++) expect((await loadRubricFile(file, 'broken.yaml')).report).toMatch(/duplicate question id/);
    });
  });

  describe('rubrics the compiled server validated before (kept under the text and the build that checked it)', () => {
    const build = (name: string) => `test-build-${name}-${Math.random()}`;

    it('when the same build loads a file again, then it gets the rubric it validated, from the kept copy', async () => {
      const doc = await shippedDocument();
      doc.title = `Checked ${Math.random()}`;
      const file = await writeRubric(doc, 'social-ownership-1.0.0.yaml');
      const checkedBy = build('same');
      const first = await loadRubricFile(file, file, { checkedBy });
      const kept = checkedFileOf(await readFile(file, 'utf8'), checkedBy);
      expect(JSON.parse(await readFile(kept, 'utf8'))).toEqual(first.rubric);
      // A copy the checks would refuse is taken as it is: proof the second load came from it.
      await writeFile(kept, JSON.stringify({ ...first.rubric, title: 'From the kept copy' }));
      expect((await loadRubricFile(file, file, { checkedBy })).rubric?.title).toBe('From the kept copy');
    });

    it('when another build, or the sources, load the file, then they validate it themselves', async () => {
      const doc = await shippedDocument();
      doc.title = `Rebuilt ${Math.random()}`;
      const file = await writeRubric(doc, 'social-ownership-1.0.0.yaml');
      const checkedBy = build('old');
      const first = await loadRubricFile(file, file, { checkedBy });
      await writeFile(checkedFileOf(await readFile(file, 'utf8'), checkedBy), JSON.stringify({ ...first.rubric, title: 'Kept by the old build' }));
      expect((await loadRubricFile(file, file, { checkedBy: build('new') })).rubric?.title).toBe(doc.title);
      expect((await loadRubricFile(file)).rubric?.title).toBe(doc.title);
    });

    it('when a file breaks a rule, then nothing is kept for it, and every load refuses it', async () => {
      const doc = await shippedDocument();
      doc.questions[3].id = doc.questions[1].id;
      const file = await writeRubric(doc);
      const checkedBy = build('broken');
      for (let i = 0; i < 2; i++) expect((await loadRubricFile(file, 'broken.yaml', { checkedBy })).report).toMatch(/duplicate question id/);
      await expect(readFile(checkedFileOf(await readFile(file, 'utf8'), checkedBy))).rejects.toThrow(/ENOENT/);
    });
  });

  it('when two files define the same id and version, then loading fails naming both', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-rubric-'));
    const text = await readFile(SHIPPED, 'utf8');
    await writeFile(join(dir, 'social-ownership-1.0.0.yaml'), text);
    await writeFile(join(dir, 'social-ownership-1.0.0.json'), JSON.stringify(parse(text)));
    await expect(loadRubrics(dir)).rejects.toThrow(/social-ownership-1\.0\.0\.yaml: version: social-ownership@1\.0\.0 is also defined in .*social-ownership-1\.0\.0\.json/);
  });

  it('when a file name does not match the id and version inside, then loading fails saying the expected name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-rubric-'));
    await writeFile(join(dir, 'mine.yaml'), await readFile(SHIPPED, 'utf8'));
    await expect(loadRubrics(dir)).rejects.toThrow(/mine\.yaml: \(file name\): .*expected social-ownership-1\.0\.0\.yaml/);
  });

  it('when the app starts with an invalid rubric, then it refuses to start and prints the file, path and problem', { tags: ['process'] }, async () => {
    const doc = await shippedDocument();
    doc.questions[0].facet = 'charisma';
    const dir = await mkdtemp(join(tmpdir(), 'sao-rubric-'));
    await mkdir(join(dir, 'rubrics'));
    await writeFile(join(dir, 'rubrics', 'mine.yaml'), stringify(doc));
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], {
      cwd: ROOT,
      env: { ...process.env, RUBRICS_DIR: join(dir, 'rubrics'), DATA_DIR: join(dir, 'data'), PORT: '0' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Cannot start: a rubric file is invalid/);
    expect(run.stderr).toMatch(/mine\.yaml: questions\[0\]\.facet: unknown facet "charisma"/);
  });
});
