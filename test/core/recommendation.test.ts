import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate.ts';
import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import { dueDate } from '../../src/core/recommendation/recommend.ts';
import { raiseFlags } from '../../src/core/flags.ts';
import { SCENARIOS_V1 as SCENARIOS, WELL_PREPARED_V1 as WELL_PREPARED } from '../fixtures/answer-sets.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { fixtureRubric } from './fixture-rubric.ts';

// Rubric 1.0.0 keeps its own behaviour; 2.0.0's verdicts are tested in verdict-profiles.test.ts.
const rubric = (await shippedRubrics()).get('social-ownership', '1.0.0')!;

describe('recommendation on the shipped rubric 1.0.0', () => {
  it.each(SCENARIOS.map((s) => [s.code, s.story, s.answers] as const))('when the story is "%s: %s", then that code is recommended', (code, _story, answers) => {
    const result = evaluate(rubric, answers, '2026-11-25');
    expect(result.recommendation.code).toBe(code);
    const r = result.recommendation;
    expect(r.actions.length).toBeGreaterThanOrEqual(3);
    expect(r.actions.length).toBeLessThanOrEqual(6);
    expect(r.rationale.length).toBeGreaterThan(0);
    expect(r.rationale.some((s) => /\b[CP]\d\b/.test(s))).toBe(true);
    expect(typeof r.speakerModel.fits).toBe('boolean');
  });

  it('when leaders delete criticism, then the rationale cites the answer and the control-mindset flag (C6)', () => {
    const answers = SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers;
    const result = evaluate(rubric, answers, '2026-11-25');
    expect(result.flags.map((f) => f.id)).toContain('control-mindset');
    expect(result.flags[0]!.severity).toBe('high');
    const text = result.recommendation.rationale.join('\n');
    expect(text).toMatch(/Leadership readiness scored \d+ of 100 \(low\)/);
    expect(text).toMatch(/Red flag, high severity: Leaders treat social media as something to control.*C6/);
    expect(text).not.toContain('control-mindset');
    expect(result.recommendation.speakerModel.fits).toBe(false);
  });

  it('when only the well-prepared organisation is assessed, then the speaker model fits and no flag is raised', () => {
    const result = evaluate(rubric, WELL_PREPARED, '2026-11-25');
    expect(result.flags).toEqual([]);
    expect(result.recommendation.speakerModel.fits).toBe(true);
    expect(result.overall).toBe(100);
  });

  it('when the owner volunteered without experience but other answers are strong, then a partner is recommended, not sole ownership', () => {
    const answers = { ...WELL_PREPARED, 'owner-how-chosen': 'volunteered', 'owner-comms-background': 'a-little' };
    const result = evaluate(rubric, answers, '2026-11-25');
    expect(result.flags.map((f) => f.id)).toContain('volunteer-without-experience');
    expect(result.recommendation.code).toBe('build-blended-team');
  });

  it('when there is no escalation path, then the mandate must be formalised even if the rest is written', () => {
    const result = evaluate(rubric, { ...WELL_PREPARED, 'escalation-path': 'none' }, '2026-11-25');
    expect(result.recommendation.code).toBe('formalise-mandate');
  });

  it.each([
    ['the five required flags', { 'leaders-on-criticism': 'delete-it', 'leaders-view-of-social': 'play', 'owner-how-chosen': 'volunteered', 'owner-comms-background': 'none', 'owner-register': 'like-friends', 'escalation-path': 'none' },
      ['control-mindset', 'social-as-play', 'volunteer-without-experience', 'friends-register', 'no-escalation-path']],
  ])('when answers show %s, then each flag is raised with its claims', (_n, changes, ids) => {
    const flags = raiseFlags(rubric, { ...WELL_PREPARED, ...changes });
    for (const id of ids) expect(flags.map((f) => f.id)).toContain(id);
    expect(flags.find((f) => f.id === 'control-mindset')).toMatchObject({ severity: 'high', claims: expect.arrayContaining(['C6']), dimensions: ['leadership'] });
    expect(flags.find((f) => f.id === 'volunteer-without-experience')!.claims).toEqual(expect.arrayContaining(['C1', 'C2']));
  });
});

describe('action dates', () => {
  it.each([
    ['2026-11-25', 7, '2026-12-02'],
    ['2026-11-25', 90, '2027-02-23'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-28', 2, '2026-03-30'], // across a daylight-saving change in Europe
  ])('when submitted on %s, then %i days later is %s', (from, days, expected) => {
    expect(dueDate(from, days)).toBe(expected);
  });

  it('when counted for every day from 2024 to 2027, then each date is the one date-fns counts in local time', () => {
    for (let start = Date.UTC(2024, 0, 1); start < Date.UTC(2028, 0, 1); start += 86_400_000) {
      const from = new Date(start).toISOString().slice(0, 10);
      for (const days of [0, 1, 7, 30, 90, 365]) expect(dueDate(from, days)).toBe(format(addDays(parseISO(from), days), 'yyyy-MM-dd'));
    }
  });

  it('when a rule sets no reassessment period, then reassessBy is the rubric default; when it does, its own', () => {
    const fixture = fixtureRubric();
    const low = evaluate(fixture, {}, '2026-11-25').recommendation;
    expect(low.code).toBe('fix-alpha');
    expect(low.reassessBy).toBe('2027-02-23'); // +90
    expect(low.actions.map((a) => a.due)).toEqual(['2026-12-02', '2026-12-25', '2026-12-26']);
    const good = evaluate(fixture, { qa1: 'yes', qa1b: 'yes', qa2: 'yes', qb1: 'yes' }, '2026-11-25').recommendation;
    expect(good.code).toBe('all-good');
    expect(good.reassessBy).toBe('2027-03-25'); // +120
  });

  it('when a high flag comes from a dimension, then a flagRaised condition for that dimension matches', () => {
    const fixture = fixtureRubric();
    const r = evaluate(fixture, { qa1: 'no', qa1b: 'yes', qa2: 'yes', qb1: 'yes' }, '2026-11-25');
    expect(r.dimensions.alpha!.band).toBe('strong');
    expect(r.recommendation.code).toBe('fix-alpha');
    expect(r.recommendation.drivenBy).toEqual([{ kind: 'flag', id: 'alpha-no', severity: 'high', claims: ['C1'] }]);
  });
});
