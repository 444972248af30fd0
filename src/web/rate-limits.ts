/**
 * Rate limits on submitting and on consultant sign-in (express-rate-limit,
 * per client IP; behind a proxy see TRUST_PROXY in docs/operations.md). A limited form
 * post is not refused outright: the handler re-renders the form with what was
 * typed and status 429, so nothing typed is lost.
 */
import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';

export interface RateLimitConfig {
  /** Submissions and draft saves per client per window. */
  submit: number;
  /** Sign-in attempts per client per window. */
  signIn: number;
  windowMinutes: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = { submit: 60, signIn: 10, windowMinutes: 15 };

const pass = (_req: Request, _res: Response, next: NextFunction) => next();

export function rateLimits(config: RateLimitConfig | 'off') {
  if (config === 'off') return { forms: pass, api: pass, signIn: pass };
  const windowMs = config.windowMinutes * 60_000;
  const retryText = `${config.windowMinutes} minutes`;
  return {
    /** Marks the request; the form handler answers 429 with the typed answers. */
    forms: rateLimit({
      windowMs,
      limit: config.submit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res, next) => {
        res.locals.rateLimited = retryText;
        next();
      },
    }),
    api: rateLimit({
      windowMs,
      limit: config.submit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res) => void res.status(429).json({ error: `too many submissions from this address; try again in ${retryText}` }),
    }),
    signIn: rateLimit({
      windowMs,
      limit: config.signIn,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res) =>
        void res.status(429).render('error', { title: 'Too many attempts', status: 429, message: `Too many sign-in attempts from this address. Try again in ${retryText}.` }),
    }),
  };
}

/** Reads RATE_LIMIT=off, RATE_LIMIT_SUBMIT, RATE_LIMIT_SIGN_IN, RATE_LIMIT_WINDOW_MINUTES. */
export function rateLimitsFromEnv(env: Record<string, string | undefined>): RateLimitConfig | 'off' {
  if (env.RATE_LIMIT === 'off') return 'off';
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number from 1; got "${raw}"`);
    return n;
  };
  return {
    submit: num('RATE_LIMIT_SUBMIT', DEFAULT_RATE_LIMITS.submit),
    signIn: num('RATE_LIMIT_SIGN_IN', DEFAULT_RATE_LIMITS.signIn),
    windowMinutes: num('RATE_LIMIT_WINDOW_MINUTES', DEFAULT_RATE_LIMITS.windowMinutes),
  };
}
