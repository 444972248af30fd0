/**
 * The HTML form's field names, and the mapping between them and the core's
 * AssessmentInput. Fields are flat (`answer-<questionId>`), so no nested keys
 * like `answers[__proto__]` ever reach an object.
 */
import type { AssessmentInput, AssessmentStatus } from '../core/assessment/assessment.ts';
import type { Rubric } from '../core/rubric/schema.ts';

export const FIELD = {
  organisationName: 'organisationName',
  sector: 'sector',
  size: 'size',
  role: 'role',
  intent: 'intent',
  nonce: 'nonce',
  rubric: 'rubric',
  organisationId: 'organisationId',
  invitation: 'invitation',
  answer: (questionId: string) => `answer-${questionId}`,
  note: (questionId: string) => `note-${questionId}`,
} as const;

/** Core field path (`answers.q1`) to the HTML id of the input it concerns. */
export function inputIdFor(field: string): string {
  const [head, rest] = [field.split('.')[0], field.split('.').slice(1).join('.')];
  switch (head) {
    case 'organisation':
      return { name: 'organisationName', sector: 'sector', size: 'size' }[rest] ?? 'organisationName';
    case 'respondent':
      return 'role';
    case 'answers':
      return `q-${rest}`; // the fieldset, so its legend shows; form.js then focuses its first answer
    case 'notes':
      return `note-${rest}`;
    default:
      return 'organisationName';
  }
}

export type FormBody = Record<string, unknown>;

export const text = (body: FormBody, name: string): string => {
  const v = Object.hasOwn(body, name) ? body[name] : undefined;
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
};

export function readForm(body: FormBody, rubric: Rubric): { input: AssessmentInput; status: AssessmentStatus; nonce: string; organisationId: string; invitationToken: string } {
  const answers: Record<string, string> = {};
  const notes: Record<string, string> = {};
  for (const q of rubric.questions) {
    const answer = text(body, FIELD.answer(q.id));
    if (answer) answers[q.id] = answer;
    const note = text(body, FIELD.note(q.id));
    if (note.trim()) notes[q.id] = note;
  }
  return {
    input: {
      organisation: { name: text(body, FIELD.organisationName), sector: text(body, FIELD.sector), size: text(body, FIELD.size) },
      respondent: { role: text(body, FIELD.role) },
      answers,
      notes,
    },
    status: text(body, FIELD.intent) === 'submit' ? 'submitted' : 'draft',
    // The page makes the nonce; one that is not of its shape (a hand-made form) is dropped, never stored.
    nonce: keepNonce(text(body, FIELD.nonce)),
    organisationId: text(body, FIELD.organisationId),
    invitationToken: text(body, FIELD.invitation),
  };
}

/** What the page puts in a form's nonce field, with room to spare: anything else is not a nonce of ours. */
const NONCE = /^[A-Za-z0-9_-]{8,100}$/;
const keepNonce = (value: string): string => (NONCE.test(value) ? value : '');
