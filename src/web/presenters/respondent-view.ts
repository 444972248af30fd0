/**
 * What a round's respondent sees around the form: the welcome before it and
 * the thank-you after it. Nothing here links to another response, to a report
 * or to the round: the respondent's own draft address is the only link.
 */
import type { Organisation } from '../../core/assessment/assessment.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import type { Round, RoundState } from '../../core/rounds/round.ts';
import type { Role } from '../../core/roles.ts';
import { longDate } from './dates.ts';

/** "as one of its leaders": how the form and the thank-you page name the respondent's part. */
export const ROLE_PHRASE: Record<Role, string> = {
  leadership: 'as one of its leaders',
  communications: 'as one of its communications, marketing or PR people',
  'proposed-owner': 'as the person proposed to run its social media',
  other: 'as a member of its staff',
};

export const PRIVACY_PROMISE =
  'Nobody else sees your answers. They are combined with the other respondents\u2019 answers by role, and a role group of fewer than three people is never shown on its own.';

/** About 20 seconds a question, rounded up to five minutes. */
export const minutesToAnswer = (rubric: Rubric): number => Math.max(5, Math.ceil((rubric.questions.length * 20) / 60 / 5) * 5);

export function welcomeView(round: Round, organisation: Organisation | undefined, role: Role, rubric: Rubric) {
  return {
    organisation: organisation?.name ?? '',
    invitedBy: round.invitedBy ?? 'Your consultant',
    rolePhrase: ROLE_PHRASE[role],
    minutes: minutesToAnswer(rubric),
    questions: rubric.questions.length,
    closesOn: round.closesOn ? longDate(round.closesOn) : null,
    privacy: PRIVACY_PROMISE,
  };
}

export function thanksView(args: { round: Round; state: RoundState; organisation: Organisation | undefined; role: Role; submitted: boolean; draftUrl: string }) {
  const { round, state, organisation, role, submitted, draftUrl } = args;
  const open = state === 'open';
  return {
    title: submitted ? 'Thank you: your answers are in' : 'Your draft is saved',
    organisation: organisation?.name ?? '',
    invitedBy: round.invitedBy ?? 'the consultant who invited you',
    rolePhrase: ROLE_PHRASE[role],
    submitted,
    privacy: PRIVACY_PROMISE,
    next: open
      ? `When the round closes${round.closesOn ? ` after ${longDate(round.closesOn)}` : ''}, ${round.invitedBy ?? 'the consultant'} reads the combined result and shares it with ${organisation?.name ?? 'the organisation'}.`
      : `The round has closed. ${round.invitedBy ?? 'The consultant'} now reads the combined result and shares it with ${organisation?.name ?? 'the organisation'}.`,
    draftUrl: !submitted && open ? draftUrl : null,
  };
}
