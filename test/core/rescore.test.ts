import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.ts';
import { carryAnswers, rescore } from '../../src/core/assessment/rescore.ts';
import type { Assessment } from '../../src/core/assessment/assessment.ts';
import { SCENARIOS_V1 as SCENARIOS, WELL_PREPARED_V1 as WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { rubricVersions } from '../fixtures/next-rubric-version.ts';

const { v1, v2 } = rubricVersions();

function submitted(answers: Record<string, string>, rubric = v1): Assessment {
  const at = '2026-06-10T09:30:00.000Z';
  return {
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    organisationId: 'BBBBBBBBBBBBBBBBBBBBBB',
    organisation: { name: 'Harbour Bakery Ltd' },
    respondent: {},
    answers,
    notes: {},
    status: 'submitted',
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    result: evaluate(rubric, answers, at.slice(0, 10)),
  };
}

const deepFreeze = <T>(x: T): T => {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    Object.values(x).forEach(deepFreeze);
  }
  return x;
};

describe('carryAnswers', () => {
  it.each<{ name: string; answers: Record<string, string>; carried: Record<string, string> }>([
    { name: 'same question, same option', answers: { 'owner-register': 'stiff' }, carried: { 'owner-register': 'stiff' } },
    { name: 'question removed', answers: { 'owner-social-training': 'course' }, carried: {} },
    { name: 'option renamed', answers: { 'tone-guide': 'discussed' }, carried: {} },
    { name: 'option kept beside a renamed one', answers: { 'tone-guide': 'written' }, carried: { 'tone-guide': 'written' } },
    { name: 'unknown question id', answers: { 'no-such-question': 'yes' }, carried: {} },
  ])('when $name, then the carried answers are $carried', ({ answers, carried }) => {
    expect(carryAnswers(answers, v2)).toEqual(carried);
  });
});

describe('rescore', () => {
  it('when re-scored under 1.1.0, then answers carry where ids and values match, and the dropped and newly unanswered questions are listed', () => {
    const answers = { ...WELL_PREPARED, 'tone-guide': 'discussed' };
    const r = rescore(submitted(answers), v1, v2);
    expect(r.from).toEqual({ id: 'social-ownership', version: '1.0.0' });
    expect(r.to).toEqual({ id: 'social-ownership', version: '1.1.0' });
    expect(Object.keys(r.answers)).toHaveLength(Object.keys(WELL_PREPARED).length - 2);
    expect(r.answers['tone-guide']).toBeUndefined();
    expect(r.answers['owner-social-training']).toBeUndefined();
    expect(r.dropped).toEqual([
      { questionId: 'owner-social-training', prompt: v1.questions.find((q) => q.id === 'owner-social-training')!.prompt, answer: 'A course plus coaching from someone who has run an organisation\'s account' },
    ]);
    expect(r.newlyUnanswered).toEqual([
      { questionId: 'tone-guide', prompt: v2.questions.find((q) => q.id === 'tone-guide')!.prompt, reason: 'option-removed', previousAnswer: 'Not written, but the people involved have talked it through' },
      { questionId: 'owner-analytics', prompt: 'Does the proposed owner read the accounts’ statistics?', reason: 'new-question' },
    ]);
  });

  it('when re-scored, then the new result is evaluate() of the carried answers as of the original submission day', () => {
    const a = submitted(SCENARIOS[2]!.answers);
    const r = rescore(a, v1, v2);
    expect(r.rescored).toEqual(evaluate(v2, r.answers, '2026-06-10'));
    expect(r.rescored.rubric).toEqual({ id: 'social-ownership', version: '1.1.0' });
    expect(r.rescored.recommendation.reassessBy).toBe(a.result!.recommendation.reassessBy);
    expect(r.original).toBe(a.result);
  });

  it('when compared, then overall, every dimension and facet show both scores and the change, and a question lost costs points', () => {
    const r = rescore(submitted(WELL_PREPARED), v1, v2);
    expect(r.overall.from).toEqual({ score: r.original.overall, band: r.original.band });
    expect(r.overall.to).toEqual({ score: r.rescored.overall, band: r.rescored.band });
    expect(r.overall.delta).toBe(r.rescored.overall - r.original.overall);
    expect(r.dimensions.map((d) => d.id)).toEqual(['experience', 'mandate', 'leadership']);
    const fluency = r.dimensions[0]!.facets.find((f) => f.id === 'social-fluency')!;
    // 1.0.0: all best answers = 100; 1.1.0: a new, unanswered question in the facet pulls it down.
    expect(fluency.from!.score).toBe(100);
    expect(fluency.to!.score).toBeLessThan(100);
    expect(fluency.delta).toBe(fluency.to!.score - 100);
    const mandate = r.dimensions.find((d) => d.id === 'mandate')!;
    expect(mandate.delta).toBe(0);
  });

  it.each([
    { name: 'a flag in both', answers: SCENARIOS[0]!.answers, expect: { id: 'control-mindset', state: 'kept' } },
    { name: 'a flag only 1.1.0 has', answers: SCENARIOS[2]!.answers, expect: { id: 'stiff-register', state: 'raised' } },
  ])('when flags are compared ($name), then each flag says whether it is kept, raised or cleared', ({ answers, expect: e }) => {
    const r = rescore(submitted(answers), v1, v2);
    expect(r.flags.find((f) => f.id === e.id)).toMatchObject({ state: e.state });
    expect(r.flags.every((f) => ['kept', 'raised', 'cleared'].includes(f.state))).toBe(true);
  });

  it('when a flag is raised only by the original, then it is listed as cleared', () => {
    const original = submitted(WELL_PREPARED);
    const withFlag = { ...original, result: { ...original.result!, flags: [{ id: 'old-flag', severity: 'low' as const, message: 'Gone now', claims: ['C1'], dimensions: [], evidence: [] }, ...original.result!.flags] } };
    const r = rescore(withFlag, v1, v2);
    expect(r.flags).toContainEqual({ id: 'old-flag', message: 'Gone now', severity: 'low', state: 'cleared' });
  });

  it('when the recommendation is compared, then both codes and titles are given and whether it moved', () => {
    const r = rescore(submitted(SCENARIOS[3]!.answers), v1, v2);
    expect(r.recommendation.from.code).toBe('formalise-mandate');
    expect(r.recommendation.to.code).toBe(r.rescored.recommendation.code);
    expect(r.recommendation.moved).toBe(r.recommendation.from.code !== r.recommendation.to.code);
    expect(r.recommendation.from.title).toBe(v1.recommendations.find((x) => x.code === 'formalise-mandate')!.title);
  });

  it('when the stored record is frozen, then re-scoring reads it and changes nothing', () => {
    const a = deepFreeze(submitted({ ...WELL_PREPARED, 'tone-guide': 'discussed' }));
    const before = structuredClone(a);
    rescore(a, v1, v2);
    expect(a).toEqual(before);
  });

  it('when the original rubric version is not loaded, then dropped answers are named by their question id', () => {
    const r = rescore(submitted(WELL_PREPARED), undefined, v2);
    expect(r.dropped).toEqual([{ questionId: 'owner-social-training', prompt: 'owner-social-training', answer: 'course-and-mentor' }]);
  });

  it('when the assessment is a draft, or the rubric id differs, then it refuses', () => {
    const draft = { ...submitted(WELL_PREPARED), status: 'draft' as const };
    expect(() => rescore(draft, v1, v2)).toThrow(/submitted/);
    expect(() => rescore(submitted(WELL_PREPARED), v1, { ...v2, id: 'other' })).toThrow(/cannot re-score/);
  });
});
