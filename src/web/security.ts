/**
 * Security middleware: helmet's headers with a strict Content-Security-Policy
 * (same-origin scripts, styles and images only; nothing inline), and
 * CSRF tokens: an HMAC of a random per-browser id.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { newId } from '../platform/ids.ts';
import { remembered } from '../platform/remembered.ts';

export const BROWSER_ID_COOKIE = 'sao.bid';
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

/** New browsers' ids (each with its token) made at a time. */
export const MINT_BATCH = 64;
/** The tokens of browser ids seen lately that are kept. */
export const REMEMBERED_IDS = 4096;

/** A browser id as newId makes it: 16 random bytes, base64url. */
const BROWSER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * CSRF tokens bound to a random per-browser id: the token is an HMAC of the id
 * under the server's secret (OWASP's HMAC-based token), so the id is the only
 * cookie. A form's post is accepted when its `_csrf` field (or X-CSRF-Token
 * header) equals the HMAC of the id its cookie carries, compared in constant
 * time. Another site can make a browser post, but cannot read the page that
 * holds the token nor work it out without the secret; SameSite=Lax keeps the
 * cookie off other sites' posts as well.
 *
 * It replaced csrf-csrf's double submit, which set a second cookie with a new
 * random value and its own HMAC for every page that a browser without it asked
 * for: at 10,000 assessments that was 13 µs of the blank form's 44 µs per request
 * (docs/performance.md). The protection is the same: both bind the token to this
 * id and to the secret.
 *
 * One HMAC costs about 1.7 µs in a loop but 6-7 µs in a loaded server, where
 * OpenSSL's code and tables have gone cold since the last page: new browsers'
 * ids are minted MINT_BATCH at a time, each with its token, so that all but the
 * first HMAC of a batch run warm; and a browser that comes back is answered from
 * the tokens of the ids seen lately (at most REMEMBERED_IDS, emptied when full).
 */
export function csrf({ secret, secureCookies }: CsrfOptions) {
  const cookieAttributes = `; Path=/; HttpOnly; SameSite=Lax${secureCookies ? '; Secure' : ''}`;
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const hmacOf = (browserId: string): string => createHmac('sha256', key).update(`sao-csrf-v1.${browserId}`).digest('base64url');
  const tokenOf = remembered(hmacOf, REMEMBERED_IDS);
  let minted: Array<{ id: string; token: string }> = [];
  const mint = () => {
    if (minted.length === 0) {
      minted = Array.from({ length: MINT_BATCH }, () => {
        const id = newId();
        return { id, token: hmacOf(id) };
      });
    }
    return minted.pop()!;
  };
  const browserIdOf = (req: Request): string | undefined => {
    const id = (req.cookies as Record<string, string | undefined> | undefined)?.[BROWSER_ID_COOKIE];
    return id !== undefined && BROWSER_ID_PATTERN.test(id) ? id : undefined;
  };

  /**
   * The token for this browser's forms. A browser without an id (or whose cookie
   * holds something no id of ours looks like) is given one the first time a page
   * carries a form: 128 bits from the pooled CSPRNG (platform/ids.ts). Pages
   * without a form (the report, /healthz, the JSON API) set no cookie.
   */
  const tokenFor = (req: Request, res: Response): string => {
    const known = browserIdOf(req);
    if (known !== undefined) return tokenOf(known);
    const { id, token } = mint();
    // Node's own append, not Express's res.append (which reads, converts and sets the header again): another Set-Cookie stays.
    res.appendHeader('Set-Cookie', `${BROWSER_ID_COOKIE}=${id}${cookieAttributes}`);
    // The page's other forms, and a post handled in this request, see the id just given.
    ((req.cookies ??= {}) as Record<string, string>)[BROWSER_ID_COOKIE] = id;
    return token;
  };

  const isValid = (req: Request): boolean => {
    const id = browserIdOf(req);
    if (id === undefined) return false;
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = body && Object.hasOwn(body, CSRF_FIELD) ? body[CSRF_FIELD] : undefined;
    const sent = typeof fromBody === 'string' ? fromBody : req.headers['x-csrf-token'];
    if (typeof sent !== 'string') return false;
    const expected = Buffer.from(tokenOf(id));
    const given = Buffer.from(sent);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  return { tokenFor, isValid };
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
