/**
 * The refusal of a form sent with a missing or stale CSRF token: one message
 * per kind of form, and a guard for the routes whose refusal is an error page.
 * The assessment form and the sign-in form check by hand instead, because they
 * show the form again with what was typed.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from './deps.ts';

const OPEN_TOO_LONG = 'This page had been open too long to send safely';

export const STALE_MESSAGES = {
  assessmentForm: `${OPEN_TOO_LONG}, so nothing was saved. Your answers are below: check them and press the button again.`,
  signIn: `${OPEN_TOO_LONG}. Enter the key again.`,
  signOut: `${OPEN_TOO_LONG}. Go back, reload the page and sign out again.`,
  createShareLink: `${OPEN_TOO_LONG}, so no link was made. Go back, reload the report and try again.`,
  revokeShareLink: `${OPEN_TOO_LONG}, so the link was not revoked. Go back, reload the report and try again.`,
  round: `${OPEN_TOO_LONG}, so nothing changed. Go back, reload the page and try again.`,
} as const;

/** Lets the request through when its CSRF token is valid; otherwise 403 with the form's message, and nothing done. */
export function csrfGuard(csrf: AppDeps['csrf'], form: keyof typeof STALE_MESSAGES) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (csrf.isValid(req)) return next();
    res.status(403).render('error', { title: 'Please try again', status: 403, message: STALE_MESSAGES[form] });
  };
}
