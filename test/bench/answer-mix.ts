/**
 * Answer sets for the benchmark: each starts from one of the scenario fixtures
 * (one per recommendation) and is blurred with noise, so every recommendation
 * and every band turns up, in proportions that are not uniform. A follow-up
 * assessment of the same organisation starts from the previous answers and
 * improves some of them, the way a client does between two visits.
 */
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import type { Random } from './prng.ts';

/** How often each scenario seeds a new organisation: most clients are partly ready. */
const SCENARIO_WEIGHTS: Record<string, number> = {
  'educate-leadership-first': 3,
  'develop-owner-capability': 2,
  'build-blended-team': 2,
  'formalise-mandate': 3,
  'assign-experienced-owner': 1,
};

/** Share of answers replaced by a random option: a few clients answer all over the place. */
const NOISE_LEVELS: ReadonlyArray<readonly [number, number]> = [
  [0.03, 3],
  [0.12, 4],
  [0.25, 2],
  [0.6, 1],
];

const NOTES = [
  'Discussed with the managing director; she wants this settled before the spring campaign.',
  'Not sure: the person who would know was away.',
  'They said "it depends on the week", which we took as no.',
  'Two directors disagree on this one,\nso we took the lower answer.',
  'Agreed at the board meeting in March.',
];

export function createAnswerMix(rubric: Rubric, random: Random) {
  const questions = rubric.questions;

  type Question = Rubric['questions'][number];
  const randomOption = (q: Question) => random.pick(q.options).value;
  /** A struggling organisation's noise: the weaker options only. */
  const weakOption = (q: Question) => random.pick(q.options.filter((o) => o.score <= 1)).value;

  return {
    /** A first assessment: a scenario blurred with noise; optional questions sometimes skipped. */
    first(): Record<string, string> {
      const code = random.weighted(SCENARIOS.map((s) => [s.code, SCENARIO_WEIGHTS[s.code] ?? 1] as const));
      const base = SCENARIOS.find((s) => s.code === code)!.answers;
      const struggling = random.chance(0.2);
      const noise = Math.max(random.weighted(NOISE_LEVELS), struggling ? 0.3 : 0);
      const answers: Record<string, string> = {};
      for (const q of questions) {
        if (!q.required && random.chance(0.2)) continue;
        if (random.chance(noise) || !base[q.id]) answers[q.id] = struggling ? weakOption(q) : randomOption(q);
        else answers[q.id] = base[q.id]!;
      }
      return answers;
    },

    /** A follow-up: most answers kept, some improved toward a well-prepared organisation, a few random. */
    followUp(previous: Readonly<Record<string, string>>): Record<string, string> {
      const answers: Record<string, string> = {};
      for (const q of questions) {
        const before = previous[q.id];
        if (random.chance(0.15) && WELL_PREPARED[q.id]) answers[q.id] = WELL_PREPARED[q.id]!;
        else if (random.chance(0.05) || (before === undefined && q.required)) answers[q.id] = randomOption(q);
        else if (before !== undefined) answers[q.id] = before;
      }
      return answers;
    },

    /** A draft in progress: the first part of the questions answered. */
    draft(): Record<string, string> {
      const answered = random.int(0, questions.length - 1);
      return Object.fromEntries(questions.slice(0, answered).map((q) => [q.id, randomOption(q)]));
    },

    /** Notes on a few questions, for some assessments (quotes and a line break among them). */
    notes(answers: Readonly<Record<string, string>>): Record<string, string> {
      if (!random.chance(0.3)) return {};
      const ids = Object.keys(answers);
      const out: Record<string, string> = {};
      for (let i = random.int(1, 3); i > 0 && ids.length; i--) out[random.pick(ids)] = random.pick(NOTES);
      return out;
    },
  };
}

export type AnswerMix = ReturnType<typeof createAnswerMix>;
