import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateCondition, holds, type ConditionContext } from '../../src/core/conditions.ts';
import { scoreAnswers } from '../../src/core/scoring/score.ts';
import { raiseFlags } from '../../src/core/flags.ts';
import type { Condition, Rubric } from '../../src/core/rubric/schema.ts';
import { shippedRubrics } from '../helpers/app.ts';

/** Every condition a rubric holds (flags, questions' `appliesWhen`, recommendations and their sentences), found by its `when` key. */
function conditionsOf(rubric: Rubric): Condition[] {
  const found: Condition[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [key, value] of Object.entries(x)) {
        if (key === 'when' && value && typeof value === 'object') found.push(value as Condition);
        walk(value);
      }
    }
  };
  walk(rubric);
  return found;
}

/** Answers as a form sends them: each question answered with one of its options, or left out. */
const answersOf = (rubric: Rubric) =>
  fc.tuple(...rubric.questions.map((q) => fc.option(fc.constantFrom(...q.options.map((o) => o.value)), { nil: undefined }))).map((values) =>
    Object.fromEntries(rubric.questions.flatMap((q, i) => (values[i] === undefined ? [] : [[q.id, values[i]!]]))),
  );

const registry = await shippedRubrics();
const rubrics = registry.list().map((s) => registry.get(s.id, s.version)!);

describe('a condition holds, with or without its evidence', () => {
  it.each(rubrics.map((r) => [`${r.id}@${r.version}`, r] as const))('when the conditions of %s are read with any answers, then `holds` says what `evaluateCondition` says', (_name, rubric) => {
    const conditions = conditionsOf(rubric);
    expect(conditions.length).toBeGreaterThan(10);
    // Conditions made of the rubric's own, as a rubric author could write them.
    const composed = fc.letrec<{ c: Condition }>((tie) => ({
      c: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(...conditions),
        fc.record({ not: tie('c') }),
        fc.record({ all: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('c'), { minLength: 1, maxLength: 3 }) }),
      ),
    })).c;
    fc.assert(
      fc.property(answersOf(rubric), fc.array(composed, { minLength: 1, maxLength: 8 }), (answers, some) => {
        const ctx: ConditionContext = { rubric, answers, scores: scoreAnswers(rubric, answers), flags: raiseFlags(rubric, answers) };
        for (const c of [...conditions, ...some]) expect(holds(c, ctx)).toBe(evaluateCondition(c, ctx).holds);
      }),
      { numRuns: 150 },
    );
  });
});
