/** Question quality in the default rubric: neutral help, balanced options, no words put in the post's mouth. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUBRICS_DIR, ROOT, shippedRubrics } from '../helpers/app.ts';

const rubric = (await shippedRubrics()).defaultRubric();

describe('the default rubric\'s questions', () => {
  it('when a help text cites claims, then it cites each claim id once', () => {
    const repeated = rubric.questions.flatMap((q) => {
      const ids = [...q.help.matchAll(/\b([CP]\d)\b/g)].map((m) => m[1]);
      return ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `${q.id}: ${id}`);
    });
    expect(repeated).toEqual([]);
  });

  it('when the options are read, then the best option is the longest in at most a third of the questions', () => {
    const bestIsLongest = rubric.questions.filter((q) => {
      const certain = q.options.filter((o) => !o.unsure);
      const best = certain.find((o) => o.score === 4)!;
      return certain.every((o) => o === best || o.label.length < best.label.length);
    });
    expect(bestIsLongest.length).toBeLessThanOrEqual(Math.floor(rubric.questions.length / 3));
  });

  it('when a question is required, then it offers "Not sure" unless it asks about a rule written down for everyone', () => {
    const withoutUnsure = rubric.questions.filter((q) => q.required && !q.options.some((o) => o.unsure)).map((q) => q.id);
    expect(withoutUnsure).toEqual([]);
  });

  it('when one question asks how the owner was chosen, then volunteering and being handed the role score alike, and a record is what counts', () => {
    const q = rubric.questions.find((x) => x.id === 'owner-how-chosen')!;
    const score = (v: string) => q.options.find((o) => o.value === v)!.score;
    expect(score('volunteered')).toBe(score('landed-on-them'));
    expect(score('volunteered-and-checked')).toBeGreaterThan(score('volunteered'));
    expect(score('chosen-for-record')).toBeGreaterThan(score('landed-on-them'));
  });

  it('when the leaders have not yet faced a public complaint, then that is an unknown, apart from "not sure"', () => {
    const q = rubric.questions.find((x) => x.id === 'leaders-on-criticism')!;
    expect(q.options.filter((o) => o.unsure).map((o) => o.value)).toEqual(['not-yet', 'unsure']);
  });
});

describe('what the texts say about the post', () => {
  // The post blames "most of the recent" disasters on self-styled experts, never says leaders
  // "have never used" social media, and makes no claim that leaders misjudge their own readiness.
  const overreach = [/the public failures/i, /public failures (happen|come)/i, /have never used it/i, /leaders misjudge/i];

  it.each([
    ['the default rubric', join(RUBRICS_DIR, `${rubric.id}-${rubric.version}.yaml`)],
    ['the home page', join(ROOT, 'views', 'home.hbs')],
    ['the report page', join(ROOT, 'views', 'report.hbs')],
    ['the README', join(ROOT, 'README.md')],
  ])('when %s is read, then it does not put those words in the post\'s mouth', async (_name, file) => {
    const text = await readFile(file, 'utf8');
    for (const pattern of overreach) expect(text).not.toMatch(pattern);
  });
});
