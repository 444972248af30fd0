/**
 * Rate limits per client IP (express-rate-limit; behind a proxy see TRUST_PROXY
 * in the README):
 * - submissions: form posts (drafts and submits) and API submissions share one
 *   budget. A limited form post is not refused outright: the handler re-renders
 *   the form with what was typed and status 429, so nothing typed is lost; the
 *   API answers 429 in JSON.
 * - PDF exports: each takes a Chromium render, so they have their own budget.
 * - failed consultant keys: counted in `failed-attempts.ts` over every route.
 */
import type { NextFunction, Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { wantsJson } from './http-errors.ts';

export interface RateLimitConfig {
  /** Submissions and draft saves (forms and API together) per client per window. */
  submit: number;
  /** Failed consultant-key attempts (sign-in form or Bearer, any route) per client per window. */
  signIn: number;
  /** PDF exports per client per window (default 20). */
  pdf?: number;
  windowMinutes: number;
}

export const DEFAULT_RATE_LIMITS: Required<RateLimitConfig> = { submit: 60, signIn: 10, pdf: 20, windowMinutes: 15 };

const pass = (_req: Request, _res: Response, next: NextFunction) => next();

export function rateLimits(config: RateLimitConfig | 'off') {
  if (config === 'off') return { forms: pass, api: pass, pdf: pass };
  const windowMs = config.windowMinutes * 60_000;
  const retryText = `${config.windowMinutes} minutes`;
  const submissions = rateLimit({
    windowMs,
    limit: config.submit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res, next) => {
      if (wantsJson(req)) return void res.status(429).json({ error: `too many submissions from this address; try again in ${retryText}` });
      // Marks the request; the form handler answers 429 with the typed answers.
      res.locals.rateLimited = retryText;
      next();
    },
  });
  return {
    forms: submissions,
    api: submissions,
    pdf: rateLimit({
      windowMs,
      limit: config.pdf ?? DEFAULT_RATE_LIMITS.pdf,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res) => void res.status(429).json({ error: `too many PDF exports from this address; try again in ${retryText}, or print the report from the browser` }),
    }),
  };
}

/** Reads RATE_LIMIT=off, RATE_LIMIT_SUBMIT, RATE_LIMIT_SIGN_IN, RATE_LIMIT_PDF, RATE_LIMIT_WINDOW_MINUTES. */
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
    pdf: num('RATE_LIMIT_PDF', DEFAULT_RATE_LIMITS.pdf),
    windowMinutes: num('RATE_LIMIT_WINDOW_MINUTES', DEFAULT_RATE_LIMITS.windowMinutes),
  };
}
