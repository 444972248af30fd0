/**
 * Where an invitation leads once the round service has resolved it
 * (`rounds.openInvitation`): the rule and the words in one place, for the
 * invitation link and for a form sent through it.
 */
import type { Response } from 'express';
import type { Assessment } from '../core/assessment/assessment.ts';

/** A respondent who already answered through a one-person link goes back to what they stored: the thank-you page, or their draft. */
export const continueAt = (existing: Pick<Assessment, 'id' | 'status'>): string =>
  existing.status === 'submitted' ? `/assessments/${existing.id}` : `/assessments/${existing.id}/edit`;

const CLOSED = {
  link: {
    title: 'This link no longer works',
    message: (why: 'revoked' | 'closed') => `${why === 'revoked' ? 'This invitation was withdrawn.' : 'This round has closed, so answers are no longer taken.'} Ask the person who sent it if you think this is wrong.`,
  },
  'answers-not-saved': {
    title: 'This round has closed',
    message: (why: 'revoked' | 'closed') => `${why === 'revoked' ? 'This invitation was withdrawn' : 'Answers are no longer taken for this round'}, so yours were not saved. Ask the person who invited you.`,
  },
} as const;

/** 410: the invitation was withdrawn or its round has closed. */
export function invitationClosed(res: Response, why: 'revoked' | 'closed', when: keyof typeof CLOSED): void {
  const page = CLOSED[when];
  res.status(410).render('error', { title: page.title, status: 410, message: page.message(why) });
}
