/** Everything the form template shows, computed here so the view holds no logic. */
import type { AssessmentInput } from '../../core/assessment/assessment.ts';
import { SECTORS, SIZES } from '../../core/assessment/profile-options.ts';
import { RESPONDENT_ROLE_OPTIONS } from '../../core/roles.ts';
import { LIMITS } from '../../core/assessment/profile-options.ts';
import type { FieldError } from '../../core/errors.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import type { RubricSummary } from '../../core/rubric/registry.ts';
import { FIELD, inputIdFor } from '../form-fields.ts';
import type { Role } from '../../core/roles.ts';
import { ROLE_PHRASE, PRIVACY_PROMISE, type welcomeView } from './respondent-view.ts';
import { formSteps, numberedQuestions, ORGANISATION_STEP, REVIEW_STEP, shortTitle, stepOfField, stepState, STEP_FIELD } from '../form-steps.ts';

const STATE_LABEL = { 'not-started': 'not started', partly: 'partly answered', complete: 'complete' } as const;

export interface FormViewArgs {
  rubric: Rubric;
  input?: AssessmentInput | undefined;
  errors?: FieldError[];
  action: string;
  assessmentId?: string | undefined;
  nonce: string;
  csrfToken: string;
  rubrics: RubricSummary[];
  savedAt?: string | undefined;
  /** Set when this assessment continues an organisation's history. */
  organisation?: { id: string; name: string } | undefined;
  /** Set when a round's respondent answers through an invitation (the token only on the first, unsaved form). */
  invitation?: { token?: string | undefined; role: Role; welcome?: ReturnType<typeof welcomeView> | undefined } | undefined;
  /** PUBLIC_URL: the resume address is shown whole, to be kept. */
  publicUrl?: string;
  /** Which page of the paged form (see form-steps.ts); `all` is the whole form on one page, shown again after a whole-form post. */
  step?: string | undefined;
  /** Set when the page was saved just now but has problems left to fix. */
  savedWithProblems?: boolean | undefined;
}

const choices = (list: ReadonlyArray<{ value: string; label: string }>, selected: string | undefined) =>
  list.map((x) => ({ ...x, selected: x.value === selected }));

// Over 60 lines because it is one view model, the template's fields in order; split, the page's shape would be scattered.
export function formView({ rubric, input, errors = [], action, assessmentId, nonce, csrfToken, rubrics, savedAt, organisation, invitation, publicUrl = '', step = ORGANISATION_STEP, savedWithProblems }: FormViewArgs) {
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const answers = input?.answers ?? {};
  const notes = input?.notes ?? {};
  const answered = rubric.questions.filter((q) => Object.hasOwn(answers, q.id)).length;
  const numbered = numberedQuestions(rubric);
  const numberOf = new Map(numbered.map((x) => [x.question.id, x.number]));
  const whole = step === 'all';
  const editBase = assessmentId ? `/assessments/${assessmentId}/edit` : null;
  const shown = (dimension: string) => whole || step === dimension;
  // A page's progress counts the answers kept on the other pages plus the ones ticked here (form.js adds as they change).
  const onOtherPages = whole ? 0 : rubric.questions.filter((q) => !shown(q.dimension) && Object.hasOwn(answers, q.id)).length;

  const sections = rubric.dimensions.filter((d) => shown(d.id)).map((d) => ({
    id: `section-${d.id}`,
    title: d.title,
    description: d.description,
    questions: rubric.questions
      .filter((q) => q.dimension === d.id)
      .map((q) => {
        const error = errorFor(`answers.${q.id}`);
        const noteError = errorFor(`notes.${q.id}`);
        return {
          id: `q-${q.id}`,
          number: numberOf.get(q.id),
          facet: d.facets.find((f) => f.id === q.facet)?.title,
          // A respondent of a round may be asked in their own words ("you" for the proposed owner).
          prompt: (invitation && q.rolePrompts?.[invitation.role]) || q.prompt,
          help: q.help,
          helpId: `q-${q.id}-help`,
          errorId: `q-${q.id}-error`,
          describedBy: [error ? `q-${q.id}-error` : '', `q-${q.id}-help`].filter(Boolean).join(' '),
          // A question that may not apply is checked only when it does (see `appliesWhen`), so it is not marked required here.
          required: q.required && !q.appliesWhen,
          appliesNote: q.appliesWhen?.note,
          claims: q.claims.join(', '),
          name: FIELD.answer(q.id),
          error,
          options: q.options.map((o, oi) => ({
            id: `q-${q.id}-${oi}`,
            value: o.value,
            label: o.label,
            checked: answers[q.id] === o.value,
            unsure: o.unsure === true,
          })),
          note: { id: `note-${q.id}`, name: FIELD.note(q.id), value: notes[q.id] ?? '', error: noteError, errorId: `note-${q.id}-error`, max: LIMITS.note },
        };
      }),
  }));

  const steps = whole
    ? null
    : formSteps(rubric).map((s, i) => {
        const state = stepState(rubric, s.id, input);
        return { id: s.id, number: i + 1, title: s.title, current: s.id === step, state: state ? STATE_LABEL[state] : null, stateClass: state ?? 'review' };
      });
  const current = steps?.find((s) => s.current);
  const index = steps ? steps.findIndex((s) => s.current) : -1;
  const review = step === REVIEW_STEP
    ? rubric.dimensions.map((d) => ({
        id: d.id,
        title: d.title,
        change: editBase ? `${editBase}/${d.id}` : null,
        questions: numbered.filter((x) => x.question.dimension === d.id).map(({ question: q, number }) => ({
          number,
          prompt: (invitation && q.rolePrompts?.[invitation.role]) || q.prompt,
          answer: q.options.find((o) => o.value === answers[q.id])?.label ?? null,
          note: notes[q.id] ?? null,
          href: editBase ? `${editBase}/${d.id}#q-${q.id}` : null,
          error: errorFor(`answers.${q.id}`) ?? null,
        })),
      }))
    : null;
  /** An error's link: the field on this page, or the page that holds it. */
  const hrefFor = (field: string) => {
    const at = stepOfField(rubric, field);
    return !whole && editBase && at !== step ? `${editBase}/${at}#${inputIdFor(field)}` : `#${inputIdFor(field)}`;
  };
  const label = (field: string) => {
    const [head, ...rest] = field.split('.');
    const n = numberOf.get(rest.join('.'));
    if ((head === 'answers' || head === 'notes') && n !== undefined) return `Question ${n}, ${shortTitle(rest.join('.'))}${head === 'notes' ? ' (note)' : ''}`;
    return labelFor(rubric, field);
  };

  return {
    step: whole ? null : { id: step, field: STEP_FIELD.step, title: current?.title ?? '', number: index + 1, of: steps?.length ?? 0, organisation: step === ORGANISATION_STEP, review: step === REVIEW_STEP, first: index === 0 },
    whole,
    steps,
    review,
    savedWithProblems: savedWithProblems === true,
    errorsPurpose: savedWithProblems ? 'before going on' : step === REVIEW_STEP ? 'before submitting' : 'before this can be saved',
    title: invitation
      ? `Your view of ${organisation?.name ?? input?.organisation.name ?? ''}'s social media`
      : assessmentId ? `Continue the assessment: ${input?.organisation.name ?? ''}` : 'New assessment',
    submitLabel: invitation ? 'Send my answers' : 'Submit and see the report',
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title, description: rubric.description, value: `${rubric.id}@${rubric.version}` },
    rubricChoices: rubrics.length > 1 && !assessmentId && !invitation ? rubrics.map((r) => ({ value: `${r.id}@${r.version}`, label: `${r.title} (v${r.version})`, selected: r.id === rubric.id && r.version === rubric.version })) : null,
    action,
    assessmentId,
    resumeUrl: assessmentId ? `${publicUrl}/assessments/${assessmentId}/edit` : null,
    savedAt,
    existingOrganisation: organisation && !assessmentId && !invitation ? { id: organisation.id, name: organisation.name } : null,
    invitation: invitation
      ? { token: invitation.token ?? null, rolePhrase: ROLE_PHRASE[invitation.role], organisation: organisation?.name ?? input?.organisation.name ?? '', welcome: invitation.welcome ? { ...invitation.welcome, pages: formSteps(rubric).length } : null, privacy: PRIVACY_PROMISE }
      : null,
    nonce,
    csrfToken,
    errors: errors.map((e) => ({ ...e, href: hrefFor(e.field), text: summaryLine(label(e.field), e.message) })),
    fields: {
      organisationName: { name: FIELD.organisationName, value: input?.organisation.name ?? '', error: errorFor('organisation.name'), max: LIMITS.organisationName },
      sector: { name: FIELD.sector, options: choices(SECTORS, input?.organisation.sector), error: errorFor('organisation.sector') },
      size: { name: FIELD.size, options: choices(SIZES, input?.organisation.size), error: errorFor('organisation.size') },
      role: { name: FIELD.role, options: choices(RESPONDENT_ROLE_OPTIONS, input?.respondent.role), error: errorFor('respondent.role') },
    },
    sections,
    progress: { answered, base: onOtherPages, total: rubric.questions.length, required: rubric.questions.filter((q) => q.required).length },
  };
}

/** "Organisation name: enter …", or for a question, which ends in "?": "How was …? Choose …". */
function summaryLine(label: string, message: string): string {
  return /[?.!]$/.test(label) ? `${label} ${message.charAt(0).toUpperCase()}${message.slice(1)}.` : `${label}: ${message}`;
}

function labelFor(rubric: Rubric, field: string): string {
  const [head, rest = ''] = [field.split('.')[0], field.split('.').slice(1).join('.')];
  if (head === 'answers' || head === 'notes') {
    const q = rubric.questions.find((x) => x.id === rest);
    return q ? `${head === 'notes' ? 'Note on: ' : ''}${q.prompt}` : field;
  }
  return { 'organisation.name': 'Organisation name', 'organisation.sector': 'Sector', 'organisation.size': 'Size', 'respondent.role': 'Your role' }[field] ?? field;
}
