/**
 * Checks an assessment against its rubric and the profile lists. A draft may be
 * incomplete; a submission needs an organisation name and every required answer.
 * Messages say what was expected and what came.
 */
import type { Rubric } from '../rubric/schema.ts';
import { questionApplies } from '../conditions.ts';
import { rubricIndex } from '../rubric/rubric-index.ts';
import type { FieldError } from '../errors.ts';
import type { AssessmentInput, AssessmentStatus } from './assessment.ts';
import { LIMITS, SECTORS, SIZES } from './profile-options.ts';
import { RESPONDENT_ROLE_OPTIONS } from '../roles.ts';

const oneOf = (field: string, value: string | undefined, list: ReadonlyArray<{ value: string }>): FieldError[] =>
  value === undefined || value === '' || list.some((x) => x.value === value)
    ? []
    : [{ field, message: `must be one of ${list.map((x) => x.value).join(', ')}; got "${value}"` }];

/** Lengths are counted in characters as people see them (code points), not UTF-16 units: an emoji is one. */
export const characters = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Spaces and characters that show nothing (zero-width spaces and joiners, direction marks, BOM). */
const INVISIBLE = /[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

export function checkInput(rubric: Rubric, input: AssessmentInput, status: AssessmentStatus): FieldError[] {
  const errors: FieldError[] = [];
  const name = input.organisation.name.trim();
  if (!name.replace(INVISIBLE, '')) errors.push({ field: 'organisation.name', message: 'enter the name of your organisation' });
  if (characters(name) > LIMITS.organisationName) {
    errors.push({ field: 'organisation.name', message: `must be at most ${LIMITS.organisationName} characters; got ${characters(name)}` });
  }
  errors.push(
    ...oneOf('organisation.sector', input.organisation.sector, SECTORS),
    ...oneOf('organisation.size', input.organisation.size, SIZES),
    ...oneOf('respondent.role', input.respondent.role, RESPONDENT_ROLE_OPTIONS),
  );

  const questions = rubricIndex(rubric).question;
  for (const [id, value] of Object.entries(input.answers)) {
    const q = questions.get(id);
    if (!q) {
      errors.push({ field: `answers.${id}`, message: `unknown question "${id}" in rubric ${rubric.id}@${rubric.version}` });
    } else if (!q.options.some((o) => o.value === value)) {
      errors.push({ field: `answers.${id}`, message: `answer for "${id}" must be one of ${q.options.map((o) => o.value).join(', ')}; got "${value}"` });
    }
  }
  for (const [id, note] of Object.entries(input.notes)) {
    if (!questions.has(id)) errors.push({ field: `notes.${id}`, message: `unknown question "${id}"` });
    else if (characters(note) > LIMITS.note) errors.push({ field: `notes.${id}`, message: `must be at most ${LIMITS.note} characters; got ${characters(note)}` });
  }
  if (status === 'submitted') {
    for (const q of rubric.questions) {
      if (q.required && questionApplies(rubric, q, input.answers) && !Object.hasOwn(input.answers, q.id)) errors.push({ field: `answers.${q.id}`, message: 'choose an answer to this question' });
    }
  }
  return errors;
}
