/**
 * Re-scoring a submitted assessment under another version of its rubric, to
 * compare, never to replace: nothing here is stored, and the original result
 * is read as it was saved, not recomputed.
 *
 * - An answer carries over when the target version has a question with the
 *   same id and an option with the same value; every other question of the
 *   target is unanswered (and so scores 0, like any unanswered question).
 * - The re-scored result is evaluated as of the original submission day, so
 *   its action plan and reassessment dates line up with the original's.
 */
import type { Band, Rubric, Severity } from '../rubric/schema.ts';
import { evaluate, type Result, type StoredResult } from '../evaluate.ts';
import type { Assessment } from './assessment.ts';
import { dayOf } from '../dates.ts';
import type { FieldError } from '../errors.ts';
import type { RubricRegistry } from '../rubric/registry.ts';

export interface ScoreChange {
  id: string;
  title: string;
  /** null where that version has no such dimension or facet. */
  from: { score: number; band: Band } | null;
  to: { score: number; band: Band } | null;
  delta: number | null;
}

export interface DimensionChange extends ScoreChange {
  facets: ScoreChange[];
}

export interface FlagChange {
  id: string;
  message: string;
  severity: Severity;
  state: 'kept' | 'raised' | 'cleared';
}

export interface DroppedQuestion {
  questionId: string;
  prompt: string;
  /** The original answer's label, or null when it had not been answered. */
  answer: string | null;
}

export interface UnansweredQuestion {
  questionId: string;
  prompt: string;
  reason: 'new-question' | 'option-removed';
  /** For a removed option: the label of the answer that no longer exists. */
  previousAnswer?: string;
}

export interface Rescore {
  from: { id: string; version: string };
  to: { id: string; version: string };
  /** The answers that carried over, keyed by question id. */
  answers: Record<string, string>;
  /** As stored (maybe compact): only its scores, flags and recommendation code are compared. */
  original: StoredResult;
  rescored: Result;
  overall: ScoreChange;
  dimensions: DimensionChange[];
  flags: FlagChange[];
  recommendation: { from: { code: string; title: string }; to: { code: string; title: string }; moved: boolean };
  dropped: DroppedQuestion[];
  newlyUnanswered: UnansweredQuestion[];
}

/** The answers the target version can take: same question id, option value still offered. */
export function carryAnswers(answers: Readonly<Record<string, string>>, target: Rubric): Record<string, string> {
  const carried: Record<string, string> = {};
  for (const q of target.questions) {
    const value = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    if (value !== undefined && q.options.some((o) => o.value === value)) carried[q.id] = value;
  }
  return carried;
}

const change = (id: string, title: string, from: { score: number; band: Band } | undefined, to: { score: number; band: Band } | undefined): ScoreChange => ({
  id,
  title,
  from: from ? { score: from.score, band: from.band } : null,
  to: to ? { score: to.score, band: to.band } : null,
  delta: from && to ? to.score - from.score : null,
});

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];

function compareResults(original: StoredResult, rescored: Result) {
  const dimensions = union(Object.keys(original.dimensions), Object.keys(rescored.dimensions)).map((id): DimensionChange => {
    const before = original.dimensions[id];
    const after = rescored.dimensions[id];
    const facets = union(Object.keys(before?.facets ?? {}), Object.keys(after?.facets ?? {})).map((fid) => {
      const f0 = before?.facets[fid];
      const f1 = after?.facets[fid];
      return change(fid, (f1 ?? f0)!.title, f0, f1);
    });
    return { ...change(id, (after ?? before)!.title, before, after), facets };
  });
  const beforeFlags = new Map(original.flags.map((f) => [f.id, f]));
  const afterFlags = new Map(rescored.flags.map((f) => [f.id, f]));
  const flags: FlagChange[] = [
    ...rescored.flags.map((f) => ({ id: f.id, message: f.message, severity: f.severity, state: beforeFlags.has(f.id) ? ('kept' as const) : ('raised' as const) })),
    ...original.flags.filter((f) => !afterFlags.has(f.id)).map((f) => ({ id: f.id, message: f.message, severity: f.severity, state: 'cleared' as const })),
  ];
  return {
    overall: change('overall', 'Overall', { score: original.overall, band: original.band }, { score: rescored.overall, band: rescored.band }),
    dimensions,
    flags,
    recommendation: {
      from: { code: original.recommendation.code, title: original.recommendation.title },
      to: { code: rescored.recommendation.code, title: rescored.recommendation.title },
      moved: original.recommendation.code !== rescored.recommendation.code,
    },
  };
}

/**
 * `originalRubric` is the version the assessment was scored with, for the
 * wording of dropped questions; without it, dropped answers are named by id.
 */
export function rescore(assessment: Assessment, originalRubric: Rubric | undefined, target: Rubric): Rescore {
  const original = assessment.result;
  if (assessment.status !== 'submitted' || !original || !assessment.submittedAt) throw new Error('only a submitted assessment can be re-scored');
  if (target.id !== assessment.rubricId) throw new Error(`cannot re-score a ${assessment.rubricId} assessment under ${target.id}`);
  const answers = carryAnswers(assessment.answers, target);
  const rescored = evaluate(target, answers, dayOf(assessment.submittedAt));

  const targetQuestions = new Map(target.questions.map((q) => [q.id, q]));
  const originalQuestions = new Map((originalRubric?.questions ?? []).map((q) => [q.id, q]));
  const labelOf = (questionId: string, value: string | undefined) =>
    value === undefined ? null : (originalQuestions.get(questionId)?.options.find((o) => o.value === value)?.label ?? value);

  const droppedIds = originalRubric ? originalRubric.questions.map((q) => q.id) : Object.keys(assessment.answers);
  const dropped = droppedIds
    .filter((id) => !targetQuestions.has(id))
    .map((id) => ({ questionId: id, prompt: originalQuestions.get(id)?.prompt ?? id, answer: labelOf(id, Object.hasOwn(assessment.answers, id) ? assessment.answers[id] : undefined) }));

  const newlyUnanswered: UnansweredQuestion[] = [];
  for (const q of target.questions) {
    if (Object.hasOwn(answers, q.id)) continue;
    const known = originalRubric ? originalQuestions.has(q.id) : Object.hasOwn(assessment.answers, q.id);
    const previous = Object.hasOwn(assessment.answers, q.id) ? assessment.answers[q.id] : undefined;
    if (!known) newlyUnanswered.push({ questionId: q.id, prompt: q.prompt, reason: 'new-question' });
    else if (previous !== undefined) newlyUnanswered.push({ questionId: q.id, prompt: q.prompt, reason: 'option-removed', previousAnswer: labelOf(q.id, previous)! });
  }

  return {
    from: { id: assessment.rubricId, version: assessment.rubricVersion },
    to: { id: target.id, version: target.version },
    answers,
    original,
    rescored,
    ...compareResults(original, rescored),
    dropped,
    newlyUnanswered,
  };
}

export interface RescoreChoice {
  /** The other versions of the assessment's rubric, newest first. */
  versions: string[];
  /** The version re-scored under: the one asked for, else the newest when it is not the assessment's own; undefined on an error. */
  chosen: string | undefined;
  /** The comparison, or null when no version is chosen or the one asked for is not offered. */
  result: Rescore | null;
  /** A version asked for that is not among `versions` (the page answers 400). */
  errors: FieldError[];
}

/** Which versions a submitted assessment may be re-scored under, which one is shown, and the re-score itself. */
export function rescoreChoice(assessment: Assessment, rubrics: RubricRegistry, asked: string | undefined): RescoreChoice {
  // list() is newest first within an id.
  const versions = rubrics.list().filter((r) => r.id === assessment.rubricId && r.version !== assessment.rubricVersion).map((r) => r.version);
  const requested = asked?.trim() || undefined;
  const errors: FieldError[] = [];
  if (requested && !versions.includes(requested)) {
    errors.push({ field: 'version', message: versions.length ? `must be one of ${versions.join(', ')}; got "${requested}"` : `there is no other version of ${assessment.rubricId} to re-score under; got "${requested}"` });
    return { versions, chosen: undefined, result: null, errors };
  }
  const newest = rubrics.get(assessment.rubricId);
  const chosen = requested ?? (newest && newest.version !== assessment.rubricVersion ? newest.version : undefined);
  const target = chosen ? rubrics.get(assessment.rubricId, chosen) : undefined;
  const result = target ? rescore(assessment, rubrics.get(assessment.rubricId, assessment.rubricVersion), target) : null;
  return { versions, chosen, result, errors };
}
