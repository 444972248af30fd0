import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, type Result } from '../../src/core/evaluate.ts';
import { compactIfLossless, compactRecord, compactResult, isCompact, withFullResult } from '../../src/core/assessment/compact-result.ts';
import type { Assessment, FullAssessment } from '../../src/core/assessment/assessment.ts';
import { combineRound } from '../../src/core/rounds/combine-round.ts';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { ROLES } from '../../src/core/roles.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { fixtureRubric } from './fixture-rubric.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

const registry = await shippedRubrics();
const shipped = registry.list().map((r) => registry.get(r.id, r.version)!);
const withFixture = createRubricRegistry([...shipped, fixtureRubric()]);

/** Every question answered with any of its options ("not sure" ones included) or left unanswered. */
const answerSets = (r: Rubric) =>
  fc
    .record(Object.fromEntries(r.questions.map((q) => [q.id, fc.option(fc.constantFrom(...q.options.map((o) => o.value)), { nil: undefined })])))
    .map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Record<string, string>);

const moments = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());

function submitted(rubric: Rubric, answers: Record<string, string>, at: string): FullAssessment {
  return {
    id: 'asm-1', rubricId: rubric.id, rubricVersion: rubric.version, organisationId: 'org-1', organisation: { name: 'Acme' }, respondent: {},
    answers, notes: {}, status: 'submitted', createdAt: at, updatedAt: at, submittedAt: at, result: evaluate(rubric, answers, at.slice(0, 10)),
  };
}

const contributionsOf = (r: Assessment['result']) => Object.values(r!.dimensions).flatMap((d) => Object.values(d.facets).map((f) => f.contributions));

describe('compactResult and withFullResult', () => {
  for (const rubric of [...shipped, fixtureRubric()]) {
    it(`when any answers to ${rubric.id}@${rubric.version} are scored, stored compact and read back, then the result is the same, key order included`, () => {
      fc.assert(
        fc.property(answerSets(rubric), moments, (answers, at) => {
          const written = submitted(rubric, answers, at);
          const stored = compactRecord(written);
          expect(isCompact(stored.result!)).toBe(true);
          expect(contributionsOf(stored.result).every((c) => c === undefined)).toBe(true);
          expect(stored.result!.recommendation.rationale).toBeUndefined();
          const read = withFullResult(structuredClone(stored), withFixture);
          expect(read).toStrictEqual(written);
          expect(JSON.stringify(read)).toBe(JSON.stringify(written));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('when every answer is "not sure" or missing, then the restored contributions say so as the original did', () => {
    const rubric = registry.defaultRubric();
    const unsure = Object.fromEntries(rubric.questions.flatMap((q) => q.options.filter((o) => o.unsure).slice(0, 1).map((o) => [q.id, o.value])));
    for (const answers of [unsure, {}]) {
      const written = submitted(rubric, answers, '2026-11-25T10:00:00.000Z');
      expect(withFullResult(compactRecord(written), registry)).toStrictEqual(written);
    }
  });

  it('when a result is stored compact, then it is well under half the size of the full one', () => {
    const rubric = registry.defaultRubric();
    const full = submitted(rubric, {}, '2026-11-25T10:00:00.000Z').result!;
    expect(JSON.stringify(compactResult(full)).length).toBeLessThan(JSON.stringify(full).length / 2);
  });

  it('when a result was stored in full (an earlier version, even one without evidence), then it is read as it is, the same object', () => {
    const rubric = registry.defaultRubric();
    const old = submitted(rubric, { 'tone-guide': 'none' }, '2025-03-01T10:00:00.000Z');
    expect(withFullResult(old, registry)).toBe(old);
    const { result } = old;
    const withoutEvidence = { ...old, result: { ...result!, flags: result!.flags.map(({ evidence: _e, ...f }) => f) } };
    expect(withFullResult(withoutEvidence, registry)).toBe(withoutEvidence);
  });

  it('when a stored part differs from what the rubric gives now, then the stored one wins', () => {
    const rubric = registry.defaultRubric();
    const written = submitted(rubric, {}, '2026-11-25T10:00:00.000Z');
    const stored = compactRecord(written);
    const edited = { ...stored, result: { ...stored.result!, overall: 99, recommendation: { ...stored.result!.recommendation, title: 'As stored' } } };
    const read = withFullResult(edited, registry).result!;
    expect([read.overall, read.recommendation.title]).toEqual([99, 'As stored']);
    expect(read.recommendation.rationale).toEqual(written.result!.recommendation.rationale);
  });

  it('when the pinned rubric is not loaded, then reading a compact record fails naming it, instead of showing less', () => {
    const stored = compactRecord(submitted(fixtureRubric(), {}, '2026-11-25T10:00:00.000Z'));
    expect(() => withFullResult(stored, registry)).toThrow(new RegExp(`needs rubric ${fixtureRubric().id}@${fixtureRubric().version}`));
  });

  it('when a round combines its respondents, then their compact results give the same outcome as their full ones', () => {
    const rubric = registry.defaultRubric();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ROLES), answerSets(rubric)), { minLength: 1, maxLength: 8 }), (people) => {
        const full = people.map(([role, answers]) => ({ role, result: evaluate(rubric, answers, '2026-11-25') }));
        const compact = full.map((p) => ({ ...p, result: compactResult(p.result) }));
        expect(combineRound(rubric, compact, '2026-11-30')).toStrictEqual(combineRound(rubric, full, '2026-11-30'));
      }),
      { numRuns: 30 },
    );
  });
});

describe('compactIfLossless (the import)', () => {
  const rubric = registry.defaultRubric();
  // The first scenario that raises a flag, so that leaving out evidence changes something.
  const written = SCENARIOS.map((sc) => submitted(rubric, sc.answers, '2026-11-25T10:00:00.000Z')).find((a) => a.result!.flags.some((f) => f.evidence.length > 0))!;

  it('when an exported result is what the rubric gives, then it is stored compact and reads back the same', () => {
    const stored = compactIfLossless(written, registry);
    expect(isCompact(stored.result!)).toBe(true);
    expect(withFullResult(stored, registry)).toStrictEqual(written);
  });

  const changed: Array<[string, (r: Result) => Result]> = [
    ['a contribution scored otherwise', mutateFirstContribution],
    ['a rationale worded otherwise', (r) => ({ ...r, recommendation: { ...r.recommendation, rationale: ['Worded by an earlier version.'] } })],
    ['flags without evidence (stored before evidence was kept)', (r) => ({ ...r, flags: r.flags.map(({ evidence: _e, ...f }) => f as Result['flags'][number]) })],
  ];
  it.each(changed)('when an exported result has %s, then it is stored in full, as exported', (_what, change) => {
    const exported = { ...written, result: change(written.result!) };
    expect(compactIfLossless(exported, registry)).toBe(exported);
  });
});

function mutateFirstContribution(r: Result): Result {
  const copy = structuredClone(r);
  const facet = Object.values(Object.values(copy.dimensions)[0]!.facets)[0]!;
  facet.contributions[0] = { ...facet.contributions[0]!, score: facet.contributions[0]!.score === 0 ? 1 : 0 };
  return copy;
}
