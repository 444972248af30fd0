/** Consultant sign-in and sign-out, and the guard for consultant-only routes. */
import type { NextFunction, Request, Response } from 'express';
import type { AppDeps } from '../deps.ts';
import { wantsJson } from '../http-errors.ts';
import { SESSION_COOKIE } from '../consultant-auth.ts';
import { STALE_MESSAGES } from '../csrf-guard.ts';

export function consultantHandlers({ auth, csrf }: AppDeps) {
  const renderSignIn = (req: Request, res: Response, status: number, error?: string, next?: string) =>
    res.status(status).render('consultant-sign-in', {
      title: 'Consultant sign-in',
      csrfToken: csrf.tokenFor(req, res),
      error,
      next: safeNext(next ?? req.query.next ?? (req.body as Record<string, unknown> | undefined)?.next),
    });

  return {
    showSignIn(req: Request, res: Response) {
      renderSignIn(req, res, 200);
    },

    async signIn(req: Request, res: Response) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!csrf.isValid(req)) return renderSignIn(req, res, 403, STALE_MESSAGES.signIn);
      const key = typeof body.key === 'string' ? body.key.trim() : '';
      if (!key) return renderSignIn(req, res, 422, 'Enter your consultant key.');
      if (!(await auth.tryKey(req.ip ?? '', key))) return renderSignIn(req, res, 401, 'That key is not right. Check it and try again.');
      await auth.signIn(res);
      res.redirect(303, safeNext(body.next) ?? '/consultant');
    },

    async signOut(req: Request, res: Response) {
      // Only a signed-in consultant can end the sessions; anyone else just loses their cookie.
      if (res.locals.consultant === true) await auth.signOut(res);
      else res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, '/');
    },

    /** Consultant-only: 401 with a JSON error or the sign-in page, and nothing listed. */
    requireConsultant(req: Request, res: Response, next: NextFunction) {
      // `auth.detect` has checked the key or session once for this request (a second check would count a wrong key twice).
      if (res.locals.consultant === true) return next();
      if (wantsJson(req)) {
        res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'consultant key required: send Authorization: Bearer <key>' });
        return;
      }
      renderSignIn(req, res, 401, undefined, req.method === 'GET' ? req.originalUrl : undefined);
    },
  };
}

/** Only same-site paths, so a sign-in link cannot send a consultant elsewhere. */
function safeNext(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : undefined;
}
