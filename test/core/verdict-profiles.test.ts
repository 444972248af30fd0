/**
 * Rubric 2.0.0 read as the post would read it: a table of organisations with the
 * verdict each calls for, and properties that hold for every answer set (a
 * "fits" only behind every gate, no cliff, provisional below the confidence
 * threshold, texts that only say what the answers show).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, type Result } from '../../src/core/evaluate.ts';
import type { Question, Rubric } from '../../src/core/rubric/schema.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { ALL_UNSURE, BEST, ONE_ANSWER_APART, PROFILES, type Answers } from '../fixtures/profiles-2.0.0.ts';

const rubric: Rubric = (await shippedRubrics()).get('social-ownership', '2.0.0')!;
const ON = '2026-12-01';
const run = (answers: Answers): Result => evaluate(rubric, answers, ON);

const EXPERIENCE_AND_LEADERSHIP = ['business-communication', 'social-fluency', 'digital-understanding', 'openness', 'peer-education'];
const INFORMATIONAL_FLAGS = new Set(rubric.flags.filter((f) => f.informational).map((f) => f.id));

const facetsOf = (r: Result) => Object.values(r.dimensions).flatMap((d) => Object.values(d.facets));
const facet = (r: Result, id: string) => facetsOf(r).find((f) => f.id === id)!;
const lowFacets = (r: Result) => facetsOf(r).filter((f) => f.band === 'low').map((f) => f.id);

/** A facet's or dimension's score, or the overall confidence. */
function scoreOf(r: Result, id: string): number | undefined {
  if (id === 'confidence') return r.confidence;
  return r.dimensions[id]?.score ?? facetsOf(r).find((f) => f.id === id)?.score;
}

/** Every sentence a reader sees about the verdict. */
const texts = (r: Result): string[] => [r.recommendation.title, r.recommendation.summary, r.recommendation.speakerModel.explanation, ...r.recommendation.rationale];

describe('the profiles fixture', () => {
  it('when the fixture is read, then BEST answers every question of 2.0.0 with its best option and scores 100 everywhere', () => {
    expect(Object.keys(BEST).sort()).toEqual(rubric.questions.map((q) => q.id).sort());
    const r = run(BEST);
    expect(facetsOf(r).map((f) => f.score)).toEqual(facetsOf(r).map(() => 100));
  });

  it('when any profile is read, then every answer is an option of its question, so a renamed option cannot turn silently into "unanswered"', () => {
    for (const p of PROFILES) {
      for (const [id, value] of Object.entries(p.answers)) {
        const question = rubric.questions.find((q) => q.id === id);
        expect(question, `${p.name}: ${id}`).toBeDefined();
        expect(question!.options.map((o) => o.value), `${p.name}: ${id}`).toContain(value);
      }
    }
  });

  it('when the profiles are counted, then there are at least 25, names are unique and every recommendation code is called for', () => {
    expect(PROFILES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(PROFILES.map((p) => p.name)).size).toBe(PROFILES.length);
    expect(new Set(PROFILES.map((p) => p.code))).toEqual(new Set(rubric.recommendations.map((r) => r.code)));
  });

  it.each(ONE_ANSWER_APART)('when "%s" and "%s" are compared, then they differ in exactly one answer', (below, above) => {
    const a = PROFILES.find((p) => p.name === below)!.answers;
    const b = PROFILES.find((p) => p.name === above)!.answers;
    const ids = new Set([...Object.keys(a), ...Object.keys(b)]);
    expect([...ids].filter((id) => a[id] !== b[id])).toHaveLength(1);
  });
});

describe('verdicts on rubric 2.0.0', () => {
  it.each(PROFILES.map((p) => [p.name, p] as const))('when %s, then the verdict is the one the post calls for', (_name, p) => {
    const r = run(p.answers);
    expect({ code: r.recommendation.code, fits: r.recommendation.speakerModel.fits, provisional: r.recommendation.provisional }, p.why).toEqual({
      code: p.code,
      fits: p.fits,
      provisional: p.provisional,
    });
    for (const [id, score] of Object.entries(p.scores ?? {})) expect(scoreOf(r, id), `${id} (${p.name})`).toBe(score);
  });

  it('when nothing is known, then no text states as a fact that the leaders are not ready', () => {
    const r = run(ALL_UNSURE);
    expect(r.recommendation.provisional).toBe(true);
    for (const sentence of texts(r)) expect(sentence).not.toMatch(/not (yet )?ready/i);
  });

  it('when an owner writes to customers as to friends, then the explanation does not call them experienced', () => {
    const r = run({ ...BEST, 'owner-register': 'like-friends', 'tone-guide': 'none' });
    expect(r.recommendation.speakerModel.explanation).not.toMatch(/\bis (also )?experienced\b/i);
  });
});

// ------------------------------------------------------------------ properties

const bestValue = (q: Question) => q.options.reduce((best, o) => (o.score > best.score ? o : best)).value;
const unknownValues = (q: Question) => [undefined, ...q.options.filter((o) => o.unsure).map((o) => o.value)];

/** Answer sets mixing best answers, any answer and unknown ones (not sure, or not answered) in the given proportions. */
function answerSets(mix: { best: number; any: number; unknown: number }): fc.Arbitrary<Answers> {
  const perQuestion = rubric.questions.map((q) => [
    q.id,
    fc.oneof(
      { weight: mix.best, arbitrary: fc.constant<string | undefined>(bestValue(q)) },
      { weight: mix.any, arbitrary: fc.constantFrom<string | undefined>(...q.options.map((o) => o.value)) },
      { weight: mix.unknown, arbitrary: fc.constantFrom<string | undefined>(...unknownValues(q)) },
    ),
  ]);
  return fc
    .record(Object.fromEntries(perQuestion) as Record<string, fc.Arbitrary<string | undefined>>)
    .map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Answers);
}

const UNIFORM = answerSets({ best: 0, any: 4, unknown: 1 });
const NEAR_BEST = answerSets({ best: 30, any: 1, unknown: 1 });
const HALF_KNOWN = answerSets({ best: 6, any: 1, unknown: 3 });
const ANY = fc.oneof(UNIFORM, NEAR_BEST, HALF_KNOWN);

describe('verdict properties on rubric 2.0.0', () => {
  it('when the speaker\'s model fits, then every experience and leadership facet is strong, no facet is low, the verdict is firm and only informational flags are raised', () => {
    let fitsSeen = 0;
    fc.assert(
      fc.property(ANY, (answers) => {
        const r = run(answers);
        if (!r.recommendation.speakerModel.fits) return;
        fitsSeen++;
        for (const id of EXPERIENCE_AND_LEADERSHIP) expect(facet(r, id).band, id).toBe('strong');
        expect(lowFacets(r)).toEqual([]);
        expect(r.recommendation.provisional).toBe(false);
        expect(r.flags.map((f) => f.id).filter((id) => !INFORMATIONAL_FLAGS.has(id))).toEqual([]);
      }),
      { numRuns: 600 },
    );
    expect(fitsSeen).toBeGreaterThan(0);
  });

  it('when one answer of a weight-1 question changes a verdict that does not fit into one that fits, then no facet is low afterwards (no cliff)', () => {
    const weightOne = rubric.questions.filter((q) => q.weight === 1);
    const valuesOf = (q: Question) => [...q.options.map((o) => o.value), undefined];
    const setAnswer = (answers: Answers, q: Question, value: string | undefined): Answers => {
      const changed = { ...answers };
      if (value === undefined) delete changed[q.id];
      else changed[q.id] = value;
      return changed;
    };
    // BEST with one to three answers worsened; half the time the one answer then changed is one of those.
    const mutations = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 });
    let flipsSeen = 0;
    fc.assert(
      fc.property(mutations, fc.boolean(), fc.nat(), fc.nat(), (muts, onMutated, qi, oi) => {
        let answers: Answers = { ...BEST };
        const mutated: Question[] = [];
        for (const [mq, mo] of muts) {
          const q = rubric.questions[mq % rubric.questions.length]!;
          answers = setAnswer(answers, q, valuesOf(q)[mo % valuesOf(q).length]);
          if (q.weight === 1) mutated.push(q);
        }
        const pool = onMutated && mutated.length > 0 ? mutated : weightOne;
        const q = pool[qi % pool.length]!;
        const value = valuesOf(q)[oi % valuesOf(q).length];
        const before = run(answers);
        const after = run(setAnswer(answers, q, value));
        if (before.recommendation.speakerModel.fits || !after.recommendation.speakerModel.fits) return;
        flipsSeen++;
        expect(lowFacets(after), `${q.id} → ${value}`).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    expect(flipsSeen).toBeGreaterThan(0);
  });

  it('when answers are scored, then the verdict is provisional exactly when confidence is below the threshold, and a provisional verdict never fits', () => {
    const threshold = rubric.confidence!.threshold;
    const seen = { provisional: 0, firm: 0 };
    fc.assert(
      fc.property(ANY, (answers) => {
        const r = run(answers);
        const provisional = r.recommendation.provisional === true;
        seen[provisional ? 'provisional' : 'firm']++;
        expect(provisional).toBe(r.confidence < threshold);
        if (provisional) expect(r.recommendation.speakerModel.fits).toBe(false);
      }),
      { numRuns: 600 },
    );
    expect(seen.provisional).toBeGreaterThan(0);
    expect(seen.firm).toBeGreaterThan(0);
  });

  describe('texts only say what the answers show', () => {
    const SAYS_THEY_ASKED = /\basked for (the role|it)\b|\bwho wants\b|\bwants the role\b|\btheir wish\b/i;
    const SAYS_THEY_DID_NOT_ASK = /\bdid not ask\b|\bnever asked\b/i;
    const SAYS_WRITTEN = /\bwritten mandate\b|\bthe written decision\b|\bin a document the leaders approved\b/i;

    it.each([
      ['the owner did not ask for the role (or nobody knows)', 'they asked for it or want it', (a: Answers) => !['volunteered', 'volunteered-and-checked'].includes(a['owner-how-chosen'] ?? ''), SAYS_THEY_ASKED],
      ['the role was not handed to the owner unasked', 'they did not ask for it', (a: Answers) => a['owner-how-chosen'] !== 'landed-on-them', SAYS_THEY_DID_NOT_ASK],
      ['the decision is not in a document the leaders approved', 'a written decision exists', (a: Answers) => a['mandate-exists'] !== 'written', SAYS_WRITTEN],
    ] as const)('when %s, then no sentence says %s', (_when, _says, applies, pattern) => {
      fc.assert(
        fc.property(ANY, (answers) => {
          if (!applies(answers)) return;
          for (const sentence of texts(run(answers))) expect(sentence).not.toMatch(pattern);
        }),
        { numRuns: 400 },
      );
    });
  });
});
