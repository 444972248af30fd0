import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreAnswers } from '../../src/core/scoring/score.ts';
import { bandOf } from '../../src/core/scoring/bands.ts';
import { fixtureRubric, fixtureRubricWithBands } from './fixture-rubric.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { shippedRubrics } from '../helpers/app.ts';

const rubric = fixtureRubric();

describe('bandOf', () => {
  it.each([
    [0, 'low'], [39, 'low'], [40, 'partial'], [69, 'partial'], [70, 'strong'], [100, 'strong'],
  ])('when the score is %i, then the band is %s', (score, band) => {
    expect(bandOf(score)).toBe(band);
  });
});

describe('band lines from the rubric', () => {
  it('when a rubric sets its own lines, then facets, dimensions and overall are banded by them, not by 40 and 70', () => {
    const parsed = fixtureRubricWithBands({ partial: 30, strong: 50 });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const answers = { qa1: 'yes', qa1b: 'no', qa2: 'yes' };
    // a1 25, a2 100, alpha 81, b1 0, overall 54 (see "weights" below).
    const bands = (r: Rubric) => {
      const s = scoreAnswers(r, answers);
      return { a1: s.dimensions.alpha!.facets.a1!.band, alpha: s.dimensions.alpha!.band, beta: s.dimensions.beta!.band, overall: s.band };
    };
    expect(bands(parsed.rubric)).toEqual({ a1: 'low', alpha: 'strong', beta: 'low', overall: 'strong' });
    expect(bands(rubric)).toEqual({ a1: 'low', alpha: 'strong', beta: 'low', overall: 'partial' });
  });

  it.each([
    [0, 'low'], [29, 'low'], [30, 'partial'], [39, 'partial'], [70, 'partial'], [79, 'partial'], [80, 'strong'],
  ])('when the lines are 30 and 80 and the score is %i, then the band is %s', (score, band) => {
    expect(bandOf(score, { partial: 30, strong: 80 })).toBe(band);
  });

  it.each([
    ['partial not below strong', { partial: 70, strong: 70 }, 'bands.partial'],
    ['a line above 100', { partial: 40, strong: 101 }, 'bands.strong'],
    ['a line that is not a whole number', { partial: 40.5, strong: 70 }, 'bands.partial'],
    ['an unknown key', { partial: 40, strong: 70, weak: 10 }, 'bands'],
    ['a missing line', { partial: 40 }, 'bands.strong'],
  ])('when a rubric has %s, then it is rejected naming the field', (_name, bands, path) => {
    const parsed = fixtureRubricWithBands(bands);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.path.join('.'))).toContain(path);
  });
});

describe('scoreAnswers', () => {
  it.each([
    // qa1 (w1) and qa1b (w3) make facet a1; qa2 makes a2 (facet weight 3); alpha weight 2, beta weight 1.
    ['nothing answered', {}, { a1: 0, a2: 0, alpha: 0, b1: 0, beta: 0, overall: 0, confidence: 0 }],
    ['everything best', { qa1: 'yes', qa1b: 'yes', qa2: 'yes', qb1: 'yes' }, { a1: 100, a2: 100, alpha: 100, b1: 100, beta: 100, overall: 100, confidence: 100 }],
    // a1 = (1*4 + 3*0) / (4*4) = 25; alpha = (25*1 + 100*3)/4 = 81.25 -> 81; overall = (81*2 + 0)/3 = 54
    ['weights', { qa1: 'yes', qa1b: 'no', qa2: 'yes' }, { a1: 25, a2: 100, alpha: 81, b1: 0, beta: 0, overall: 54, confidence: 83 }],
    // a1 = (1*2 + 3*2)/16 = 50; a2 = 50; alpha 50; beta 50; overall 50
    ['all partly', { qa1: 'partly', qa1b: 'partly', qa2: 'partly', qb1: 'partly' }, { a1: 50, a2: 50, alpha: 50, b1: 50, beta: 50, overall: 50, confidence: 100 }],
    // unsure scores 0 and lowers confidence: certain weight = 3 (qa1b) + 1 (qa2) of 6 = 50
    ['not sure', { qa1: 'unsure', qa1b: 'yes', qa2: 'yes', qb1: 'unsure' }, { a1: 75, a2: 100, alpha: 94, b1: 0, beta: 0, overall: 63, confidence: 67 }],
  ])('when %s, then facets, dimensions, overall and confidence are the weighted means', (_name, answers, expected) => {
    const s = scoreAnswers(rubric, answers);
    expect({
      a1: s.dimensions.alpha!.facets.a1!.score,
      a2: s.dimensions.alpha!.facets.a2!.score,
      alpha: s.dimensions.alpha!.score,
      b1: s.dimensions.beta!.facets.b1!.score,
      beta: s.dimensions.beta!.score,
      overall: s.overall,
      confidence: s.confidence,
    }).toEqual(expected);
  });

  it('when a facet is scored, then it lists the answers that made it with their points', () => {
    const s = scoreAnswers(rubric, { qa1: 'partly', qa1b: 'unsure' });
    expect(s.dimensions.alpha!.facets.a1!.contributions).toEqual([
      { questionId: 'qa1', value: 'partly', score: 2, maxScore: 4, weight: 1, unsure: false },
      { questionId: 'qa1b', value: 'unsure', score: 0, maxScore: 4, weight: 3, unsure: true },
    ]);
    expect(s.dimensions.beta!.facets.b1!.contributions[0]).toMatchObject({ questionId: 'qb1', value: null, score: 0 });
  });

  it('when an answer is not one of the options, then it counts as unanswered', () => {
    const s = scoreAnswers(rubric, { qa1: 'maybe', qa1b: 'yes' });
    expect(s.dimensions.alpha!.facets.a1!.contributions[0]).toMatchObject({ value: null, score: 0 });
  });

  it('when answers carry prototype keys, then scoring ignores them', () => {
    const answers = JSON.parse('{"__proto__": "yes", "constructor": "yes", "qa1": "yes"}');
    expect(scoreAnswers(rubric, answers).dimensions.alpha!.facets.a1!.score).toBe(25);
  });
});

/** Every answer set over a rubric: each question unanswered or one of its options. */
const answerSets = (r: typeof rubric) =>
  fc.record(Object.fromEntries(r.questions.map((q) => [q.id, fc.option(fc.constantFrom(...q.options.map((o) => o.value)), { nil: undefined })]))).map(
    (a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Record<string, string>,
  );

function allScores(r: typeof rubric, answers: Record<string, string>): number[] {
  const s = scoreAnswers(r, answers);
  return [s.overall, ...Object.values(s.dimensions).flatMap((d) => [d.score, ...Object.values(d.facets).map((f) => f.score)])];
}

describe('scoring properties', () => {
  for (const [name, load] of [['fixture', async () => rubric], ['shipped', async () => (await shippedRubrics()).defaultRubric()]] as const) {
    it(`when one answer's score is raised, then no score goes down (${name} rubric)`, async () => {
      const r = await load();
      fc.assert(
        fc.property(answerSets(r), fc.nat(), fc.nat(), (answers, qi, oi) => {
          const q = r.questions[qi % r.questions.length]!;
          const current = q.options.find((o) => o.value === answers[q.id]);
          const better = q.options.filter((o) => o.score > (current?.score ?? 0) || (!current && o.score >= 0));
          if (better.length === 0) return;
          const raised = { ...answers, [q.id]: better[oi % better.length]!.value };
          const before = allScores(r, answers);
          const after = allScores(r, raised);
          after.forEach((score, i) => expect(score).toBeGreaterThanOrEqual(before[i]!));
        }),
        { numRuns: 500 },
      );
    });

    it(`when the same answers are scored twice, then the results are identical and integers in 0-100 (${name} rubric)`, async () => {
      const r = await load();
      fc.assert(
        fc.property(answerSets(r), (answers) => {
          const a = scoreAnswers(r, answers);
          expect(scoreAnswers(r, { ...answers })).toEqual(a);
          for (const n of [...allScores(r, answers), a.confidence]) {
            expect(Number.isInteger(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(0);
            expect(n).toBeLessThanOrEqual(100);
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe("the rubric's lookups, made once per rubric", () => {
  const answers = { qa1: 'yes', qa1b: 'yes', qa2: 'yes', qb1: 'yes' };
  type Editable = { questions: Rubric['questions'] };

  it('when a scored rubric is given a new list of questions, then the next score reads the new list', () => {
    const r = fixtureRubric();
    expect(scoreAnswers(r, answers).dimensions.alpha!.facets.a2!.score).toBe(100);
    (r as Editable).questions = r.questions.filter((q) => q.id !== 'qa2');
    const after = scoreAnswers(r, answers);
    expect(after.dimensions.alpha!.facets.a2!.contributions).toEqual([]);
    expect(after.dimensions.alpha!.facets.a2!.score).toBe(0);
  });

  it('when a question is added to the list a scored rubric holds, then the next score counts it', () => {
    const r = fixtureRubric();
    expect(scoreAnswers(r, answers).dimensions.beta!.facets.b1!.score).toBe(100);
    const qb1 = r.questions.find((q) => q.id === 'qb1')!;
    r.questions.push({ ...qb1, id: 'qb1-more', options: qb1.options.map((o) => ({ ...o, score: 0 })) });
    const after = scoreAnswers(r, { ...answers, 'qb1-more': 'yes' });
    expect(after.dimensions.beta!.facets.b1!.contributions.map((c) => c.questionId)).toEqual(['qb1', 'qb1-more']);
    expect(after.dimensions.beta!.facets.b1!.score).toBe(50);
  });

  it('when two rubrics share question ids, then each is scored with its own options', () => {
    const r = fixtureRubric();
    const harsher = { ...r, questions: r.questions.map((q) => ({ ...q, options: q.options.map((o) => ({ ...o, score: o.value === 'yes' ? 2 : o.score })) })) };
    expect(scoreAnswers(r, answers).overall).toBe(100);
    expect(scoreAnswers(harsher, answers).overall).toBe(50);
    expect(scoreAnswers(r, answers).overall).toBe(100);
  });
});
