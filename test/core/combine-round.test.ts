import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.ts';
import { combineRound, type RespondentResult } from '../../src/core/rounds/combine-round.ts';
import type { Role } from '../../src/core/roles.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { parseRubric } from '../../src/core/rubric/parse-rubric.ts';
import { FIXTURE_DOCUMENT } from './fixture-rubric.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';

const rubric = (await shippedRubrics()).defaultRubric();
const CONTROLLING = SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers;
const leadershipIds = rubric.questions.filter((q) => q.dimension === 'leadership').map((q) => q.id);
/** Everything well prepared except the leadership answers, taken from the controlling organisation. */
const STAFF_VIEW = { ...WELL_PREPARED, ...Object.fromEntries(leadershipIds.map((id) => [id, CONTROLLING[id]!])) };

const person = (role: Role, answers: Record<string, string>): RespondentResult => ({ role, result: evaluate(rubric, answers, '2026-11-25') });
const many = (n: number, role: Role, answers: Record<string, string>) => Array.from({ length: n }, () => person(role, answers));

describe('combineRound', () => {
  it.each([['beta', true], ['gamma', false]])('when a rubric names dimension %s for the gap, then it is accepted only if the rubric has it', (dimension, ok) => {
    const gap = { threshold: 20, dimension, flag: { id: 'gap', severity: 'high', message: 'm', claims: ['C1'] } };
    const parsed = parseRubric({ ...structuredClone(FIXTURE_DOCUMENT), perceptionGap: gap });
    expect(parsed.ok).toBe(ok);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.path.join('.'))).toEqual(['perceptionGap.dimension']);
  });

  it('when the rubric names another dimension for the gap, then leaders far above staff on leadership raise no gap flag, and the flag belongs to the named dimension', () => {
    const other = rubric.dimensions.find((d) => d.id !== 'leadership')!.id;
    const moved = { ...rubric, perceptionGap: { ...rubric.perceptionGap!, dimension: other } };
    const people = [...many(3, 'leadership', WELL_PREPARED), ...many(3, 'communications', STAFF_VIEW)];
    expect(combineRound(rubric, people, '2026-11-25')!.flags.map((f) => f.id)).toContain('leadership-perception-gap');
    expect(combineRound(moved, people, '2026-11-25')!.flags.map((f) => f.id)).not.toContain('leadership-perception-gap');
    // Staff rate the other dimension far below leaders: the flag is raised and belongs to it.
    const staffLowElsewhere = { ...WELL_PREPARED, ...Object.fromEntries(rubric.questions.filter((q) => q.dimension === other).map((q) => [q.id, q.options.find((o) => o.score === 0)!.value])) };
    const flag = combineRound(moved, [...many(3, 'leadership', WELL_PREPARED), ...many(3, 'communications', staffLowElsewhere)], '2026-11-25')!.flags.find((f) => f.id === 'leadership-perception-gap');
    expect(flag?.dimensions).toEqual([other]);
  });

  it('when nobody has answered, then there is nothing to combine', () => {
    expect(combineRound(rubric, [], '2026-11-25')).toBeNull();
  });

  it('when leaders rate their readiness far above what staff see, then the gap is called out in words, raises the flag, and points to peer education first', () => {
    const outcome = combineRound(rubric, [...many(3, 'leadership', WELL_PREPARED), ...many(3, 'communications', STAFF_VIEW)], '2026-11-25')!;
    const openness = outcome.gaps.find((g) => g.facet === 'openness')!;
    expect(openness.leaders).toBe(100);
    expect(openness.others).toBeLessThan(40);
    expect(openness.sentence).toMatch(/^Leaders rate their openness 100; the others rate it \d+ \(C5, C6[^)]*\)\.$/);
    expect(outcome.gaps[0]!.dimension).toBe('leadership');
    expect(outcome.flags[0]).toMatchObject({ id: 'leadership-perception-gap', severity: 'high', claims: rubric.perceptionGap!.flag.claims });
    expect(outcome.recommendation.code).toBe('educate-leadership-first');
    expect(outcome.recommendation.rationale.join(' ')).toMatch(/Red flag, high severity: Leaders rate their own readiness far higher than the other respondents rate it/);
    expect(outcome.anonymityNote).toBeNull();
  });

  it('when the others are two groups of different sizes, then "the others" is the mean of the groups, the same numbers the groups and the spread show', () => {
    const owner = { ...STAFF_VIEW, ...Object.fromEntries(leadershipIds.map((id) => [id, WELL_PREPARED[id]!])) };
    const outcome = combineRound(rubric, [...many(3, 'leadership', WELL_PREPARED), ...many(6, 'communications', STAFF_VIEW), ...many(3, 'other', owner)], '2026-11-25')!;
    const openness = outcome.gaps.find((g) => g.facet === 'openness')!;
    const group = (role: string) => outcome.groups.find((g) => g.role === role)!.facets!.openness!;
    expect(openness.leaders).toBe(group('leadership'));
    // Each group counts once: not the mean of nine people, where communications would count twice.
    expect(openness.others).toBe(Math.round((group('communications') + group('other')) / 2));
    const spread = outcome.spreads.find((s) => s.id === 'openness')!;
    expect(spread.groups.map((g) => g.score)).toEqual([group('leadership'), group('communications'), group('other')]);
  });

  it.each([
    // [leaders, staff, leader weight, expected combined openness]
    ['equal weights: the mean of the two groups', 3, 3, 1, (staff: number) => Math.round((100 + staff) / 2)],
    ['leaders weighted three times', 3, 3, 3, (staff: number) => Math.round((3 * 100 + staff) / 4)],
    ['group size does not change the weight of a group', 3, 9, 1, (staff: number) => Math.round((100 + staff) / 2)],
  ])('when %s, then the combined facet follows', (_name, leaders, staff, weight, expected) => {
    const r = { ...rubric, perceptionGap: { ...rubric.perceptionGap!, roleWeights: { ...rubric.perceptionGap!.roleWeights, leadership: weight } } };
    const staffOpenness = evaluate(rubric, STAFF_VIEW, '2026-11-25').dimensions.leadership!.facets.openness!.score;
    const outcome = combineRound(r, [...many(leaders, 'leadership', WELL_PREPARED), ...many(staff, 'other', STAFF_VIEW)], '2026-11-25')!;
    expect(outcome.combined.dimensions.leadership!.facets.openness!.score).toBe(expected(staffOpenness));
  });

  it('when a role group has fewer than 3 respondents, then it is not shown, no gap involving it is called out, and the report says so', () => {
    const outcome = combineRound(rubric, [...many(2, 'leadership', WELL_PREPARED), ...many(4, 'communications', STAFF_VIEW)], '2026-11-25')!;
    const leaders = outcome.groups.find((g) => g.role === 'leadership')!;
    expect(leaders).toEqual({ role: 'leadership', label: 'Leaders', respondents: 2, shown: false });
    expect(outcome.gaps).toEqual([]);
    expect(outcome.flags.map((f) => f.id)).not.toContain('leadership-perception-gap');
    expect(outcome.spreads).toEqual([]);
    expect(outcome.anonymityNote).toMatch(/^Leaders: fewer than 3 respondents/);
    // The two leaders still count in the combined scores.
    const staffOnly = combineRound(rubric, many(4, 'communications', STAFF_VIEW), '2026-11-25')!;
    expect(outcome.combined.dimensions.leadership!.score).toBeGreaterThan(staffOnly.combined.dimensions.leadership!.score);
  });

  it('when groups are large enough, then each dimension and facet shows the spread between them', () => {
    const outcome = combineRound(rubric, [...many(3, 'leadership', WELL_PREPARED), ...many(3, 'other', STAFF_VIEW), ...many(3, 'communications', WELL_PREPARED)], '2026-11-25')!;
    const spread = outcome.spreads.find((s) => s.id === 'leadership')!;
    expect(spread.groups.map((g) => g.role)).toEqual(['leadership', 'communications', 'other']);
    expect(spread.max).toBe(100);
    expect(spread.spread).toBe(100 - spread.min);
    expect(outcome.spreads.find((s) => s.id === 'experience')!.spread).toBe(0);
  });

  it.each([
    ['raised by half the respondents', 2, true],
    ['raised by fewer than half', 1, false],
  ])('when a flag is %s, then the round %s it', (_name, raisers, included) => {
    const noPolicy = { ...WELL_PREPARED, 'staff-policy': 'none' };
    const people = [...many(raisers, 'other', noPolicy), ...many(4 - raisers, 'other', WELL_PREPARED)];
    const outcome = combineRound(rubric, people, '2026-11-25')!;
    expect(outcome.flags.some((f) => f.id === 'no-staff-policy')).toBe(included);
  });
});
