/**
 * The paged form's steps: the organisation first, one page per dimension, then
 * a review of every answer. A page posts only its own fields, so what it sends
 * is merged into the stored draft (`readStep`); a post without a `step` field
 * is a whole form (an old tab or a script) and is read as before (`readForm`).
 * The rules (what a draft and a submission need) stay in core/check-input.ts:
 * a page's own problems are that check's, limited to the page's fields.
 */
import type { AssessmentInput } from '../core/assessment/assessment.ts';
import { checkInput } from '../core/assessment/check-input.ts';
import { questionApplies } from '../core/conditions.ts';
import type { FieldError } from '../core/errors.ts';
import type { Rubric } from '../core/rubric/schema.ts';
import { FIELD, readForm, text, type FormBody } from './form-fields.ts';

export const ORGANISATION_STEP = 'organisation';
export const REVIEW_STEP = 'review';

export const STEP_FIELD = { step: 'step', goto: 'goto' } as const;

export type StepState = 'not-started' | 'partly' | 'complete';

export interface Step {
  id: string;
  title: string;
  /** The dimension a question page shows; none for the organisation and the review. */
  dimension?: string;
}

export function formSteps(rubric: Rubric): Step[] {
  return [
    { id: ORGANISATION_STEP, title: 'Your organisation' },
    ...rubric.dimensions.map((d) => ({ id: d.id, title: d.title, dimension: d.id })),
    { id: REVIEW_STEP, title: 'Check and submit' },
  ];
}

export const isStep = (rubric: Rubric, id: string): boolean => formSteps(rubric).some((s) => s.id === id);

/** Questions in the order the pages show them (by dimension), numbered 1..N across the whole form. */
export function numberedQuestions(rubric: Rubric) {
  const ordered = rubric.dimensions.flatMap((d) => rubric.questions.filter((q) => q.dimension === d.id));
  return ordered.map((q, i) => ({ question: q, number: i + 1 }));
}

/** A short name for a question in error lists: its id in words ("owner-public-writing" -> "Owner public writing"). */
export function shortTitle(questionId: string): string {
  const words = questionId.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The step that holds a field named as the core names it (`answers.q1`, `organisation.name`). */
export function stepOfField(rubric: Rubric, field: string): string {
  const [head, ...rest] = field.split('.');
  if (head === 'answers' || head === 'notes') return rubric.questions.find((q) => q.id === rest.join('.'))?.dimension ?? REVIEW_STEP;
  return ORGANISATION_STEP;
}

const questionsOf = (rubric: Rubric, stepId: string) => rubric.questions.filter((q) => q.dimension === stepId);

export function stepState(rubric: Rubric, stepId: string, input: AssessmentInput | undefined): StepState | undefined {
  if (stepId === REVIEW_STEP) return undefined;
  if (stepId === ORGANISATION_STEP) return input?.organisation.name.trim() ? 'complete' : 'not-started';
  const answers = input?.answers ?? {};
  const questions = questionsOf(rubric, stepId);
  const answered = questions.filter((q) => Object.hasOwn(answers, q.id)).length;
  if (answered === 0) return 'not-started';
  const missing = questions.some((q) => q.required && questionApplies(rubric, q, answers) && !Object.hasOwn(answers, q.id));
  return missing ? 'partly' : 'complete';
}

/** Where a person coming back to a draft starts: the first page not complete, else the review. */
export function resumeStep(rubric: Rubric, input: AssessmentInput): string {
  return formSteps(rubric).find((s) => s.id !== REVIEW_STEP && stepState(rubric, s.id, input) !== 'complete')?.id ?? REVIEW_STEP;
}

export function neighbour(rubric: Rubric, stepId: string, by: 1 | -1): string {
  const steps = formSteps(rubric);
  const i = steps.findIndex((s) => s.id === stepId);
  return steps[Math.min(steps.length - 1, Math.max(0, i + by))]!.id;
}

/** The page's fields read from the body over what is stored: the other pages' answers are kept as they are. */
export function readStep(body: FormBody, rubric: Rubric, stepId: string, stored: AssessmentInput | undefined): AssessmentInput {
  const sent = readForm(body, rubric).input;
  const base: AssessmentInput = stored
    ? { organisation: { ...stored.organisation }, respondent: { ...stored.respondent }, answers: { ...stored.answers }, notes: { ...stored.notes } }
    : { organisation: { name: '' }, respondent: {}, answers: {}, notes: {} };
  if (stepId === ORGANISATION_STEP) return { ...base, organisation: sent.organisation, respondent: sent.respondent };
  const page = questionsOf(rubric, stepId);
  if (page.length === 0) return base;
  for (const q of page) {
    delete base.answers[q.id];
    delete base.notes[q.id];
    const answer = text(body, FIELD.answer(q.id));
    if (answer) base.answers[q.id] = answer;
    const note = text(body, FIELD.note(q.id));
    if (note.trim()) base.notes[q.id] = note;
  }
  return base;
}

/** What stops this page from being finished: the submission check's problems with the page's own fields. */
export function stepErrors(rubric: Rubric, stepId: string, input: AssessmentInput): FieldError[] {
  if (stepId === REVIEW_STEP) return checkInput(rubric, input, 'submitted');
  return checkInput(rubric, input, 'submitted').filter((e) => stepOfField(rubric, e.field) === stepId && !e.field.startsWith('nonce'));
}

/** What a paged post asks for: the button pressed, and where it leads. */
export type StepIntent = { kind: 'next' } | { kind: 'back' } | { kind: 'goto'; to: string } | { kind: 'draft' } | { kind: 'submit' };

export function readIntent(body: FormBody, rubric: Rubric, stepId: string): StepIntent {
  const to = text(body, STEP_FIELD.goto);
  if (to && isStep(rubric, to)) return { kind: 'goto', to };
  const intent = text(body, FIELD.intent);
  if (intent === 'submit' && stepId === REVIEW_STEP) return { kind: 'submit' };
  if (intent === 'back') return { kind: 'back' };
  if (intent === 'draft') return { kind: 'draft' };
  return { kind: 'next' };
}
