/**
 * Security middleware: helmet's headers with a strict Content-Security-Policy
 * (same-origin scripts, styles and images only; nothing inline), and
 * double-submit CSRF tokens (csrf-csrf) bound to a random per-browser id.
 */
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { doubleCsrf } from 'csrf-csrf';
import { newId } from '../platform/ids.ts';

export const BROWSER_ID_COOKIE = 'sao.bid';
export const CSRF_COOKIE = 'sao.csrf';
export const CSRF_FIELD = '_csrf';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
  });
}

export interface CsrfOptions {
  secret: string;
  secureCookies: boolean;
}

export function csrf({ secret, secureCookies }: CsrfOptions) {
  const cookieOptions = { sameSite: 'lax' as const, secure: secureCookies, httpOnly: true, path: '/' };

  /**
   * Gives a browser a random id the first time a page carries a CSRF token for it;
   * tokens are bound to that id. Pages without a form (the report, /healthz, the
   * JSON API) set no cookie, so they cost no random bytes and no header.
   */
  const withBrowserId = (req: Request, res: Response): void => {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    if (cookies[BROWSER_ID_COOKIE]) return;
    // 128 random bits from the pooled CSPRNG (a call to the CSPRNG per page cost more than the rest of the form's work).
    const id = newId();
    res.cookie(BROWSER_ID_COOKIE, id, cookieOptions);
    req.cookies = { ...cookies, [BROWSER_ID_COOKIE]: id };
  };

  const { generateCsrfToken, validateRequest } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req: Request) => String((req.cookies as Record<string, string | undefined>)[BROWSER_ID_COOKIE] ?? ''),
    cookieName: CSRF_COOKIE,
    cookieOptions,
    getCsrfTokenFromRequest: (req: Request) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = body && Object.hasOwn(body, CSRF_FIELD) ? body[CSRF_FIELD] : undefined;
      return typeof fromBody === 'string' ? fromBody : (req.headers['x-csrf-token'] ?? null);
    },
  });

  const tokenFor = (req: Request, res: Response): string => {
    withBrowserId(req, res);
    return generateCsrfToken(req, res);
  };

  return { tokenFor, isValid: validateRequest };
}

/** Pages anyone may find through a search engine; everything else is someone's report, draft, link or dashboard. */
const PUBLIC_PAGES = new Set(['/', '/assessments/new', '/healthz']);

/**
 * Every dynamic response is `Cache-Control: no-store` (reports, drafts, shared
 * pages, API records and exports carry assessments; forms carry CSRF tokens),
 * so no shared cache or back button keeps a copy; every private one also says
 * `X-Robots-Tag: noindex` in case its address leaks to a crawler. Mounted after
 * the static files, which keep their own caching.
 */
export function privacyHeaders(): RequestHandler {
  return (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    // A consultant's follow-up form (/assessments/new?organisation=<id>) names a client: not public.
    if (!PUBLIC_PAGES.has(req.path) || req.query.organisation !== undefined) res.set('X-Robots-Tag', 'noindex, nofollow');
    next();
  };
}
