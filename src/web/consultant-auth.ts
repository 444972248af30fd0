/**
 * Consultant access. The key comes from CONSULTANT_TOKEN (at least 128 bits),
 * or is made on first start and printed once; only its SHA-256 is stored.
 * Scripts send `Authorization: Bearer <key>`; a browser signs in once and
 * carries an httpOnly, SameSite cookie `<version>.<issued>.<mac>`:
 *
 * - the MAC is keyed by a random session secret kept in the settings, never by
 *   anything derived from the key, so the stored hash cannot mint a session;
 * - `version` must equal the settings' session version, which signing out and
 *   changing the key both raise: every copy of every earlier cookie stops working;
 * - `issued` must not be in the future nor older than SESSION_HOURS.
 *
 * Failed key attempts (Bearer or the sign-in form) count against one budget per
 * client address; past it every key attempt from that address answers 429, the
 * right key included, until the window ends. Comparisons are constant-time.
 */
import { createHash, createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SettingsStore } from '../core/ports.ts';
import type { FailedAttempts } from './failed-attempts.ts';

export const SESSION_COOKIE = 'sao.consultant';
export const SESSION_HOURS = 12;
export const MIN_KEY_BITS = 128;
const HASH_SETTING = 'consultantTokenHash';
const SECRET_SETTING = 'sessionSecret';
const VERSION_SETTING = 'sessionVersion';

// One call with no Hash object where Node has it (20.12 and later): a Bearer key is hashed on every request.
const sha256 = (s: string): Buffer => (typeof hash === 'function' ? hash('sha256', s, 'buffer') : createHash('sha256').update(s, 'utf8').digest());
const sameBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/**
 * A rough upper bound of a key's entropy: its length times log2 of its alphabet
 * (hex digits when it is all hex, as `openssl rand -hex` gives; else the
 * character classes it uses).
 */
export function keyBits(key: string): number {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
  const alphabet = /^[0-9a-f]+$/i.test(key) ? 16 : [26, 26, 10, 33].reduce((sum, size, i) => sum + (classes[i]!.test(key) ? size : 0), 0);
  // A key of few distinct characters ("aaaa…") is guessable however long it is.
  if (new Set(key).size < 8) return Math.min(key.length, new Set(key).size) * Math.log2(Math.max(alphabet, 2));
  return [...key].length * Math.log2(alphabet);
}

/** The reason a CONSULTANT_TOKEN is refused, or undefined when it will do. */
export function weakKeyReason(key: string): string | undefined {
  const bits = Math.floor(keyBits(key));
  if (bits >= MIN_KEY_BITS) return undefined;
  return `CONSULTANT_TOKEN is too weak to be the consultant's key (about ${bits} bits; at least ${MIN_KEY_BITS} are needed). Make one with: openssl rand -hex 16`;
}

/**
 * Makes sure a key, a session secret and a session version exist; returns the
 * key when it was just made, so the caller can print it once. A changed key
 * raises the session version, which ends every session made with the old one.
 */
export async function ensureConsultantKey(settings: SettingsStore, fromEnv: string | undefined): Promise<{ created?: string }> {
  if (!(await settings.getSetting(SECRET_SETTING))) await settings.setSetting(SECRET_SETTING, randomBytes(32).toString('hex'));
  if (!(await settings.getSetting(VERSION_SETTING))) await settings.setSetting(VERSION_SETTING, '1');
  const previous = await settings.getSetting(HASH_SETTING);
  if (fromEnv) {
    const weak = weakKeyReason(fromEnv);
    if (weak) throw new Error(weak);
    const hash = sha256(fromEnv).toString('hex');
    if (previous !== hash) {
      await settings.setSetting(HASH_SETTING, hash);
      if (previous) await raiseSessionVersion(settings);
    }
    return {};
  }
  if (previous) return {};
  const key = randomBytes(24).toString('base64url');
  await settings.setSetting(HASH_SETTING, sha256(key).toString('hex'));
  return { created: key };
}

async function raiseSessionVersion(settings: SettingsStore): Promise<void> {
  const current = Number(await settings.getSetting(VERSION_SETTING)) || 0;
  await settings.setSetting(VERSION_SETTING, String(current + 1));
}

/** Why a request is refused before its key is even looked at. */
export class TooManyKeyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many wrong consultant keys from this address');
    this.name = 'TooManyKeyAttemptsError';
  }
}

export function consultantAuth(settings: SettingsStore, now: () => Date, secureCookies: boolean, failures: FailedAttempts) {
  // The stored hash's bytes, decoded again only when the setting changes.
  let stored: { hex: string; bytes: Buffer } | undefined;
  const keyMatches = async (key: string): Promise<boolean> => {
    const hex = await settings.getSetting(HASH_SETTING);
    if (hex === undefined) return false;
    if (stored?.hex !== hex) stored = { hex, bytes: Buffer.from(hex, 'hex') };
    return sameBytes(sha256(key), stored.bytes);
  };

  /** A key attempt from `address`: refused outright past the budget, counted when wrong. */
  const tryKey = async (address: string, key: string): Promise<boolean> => {
    const wait = failures.blockedFor(address, now());
    if (wait > 0) throw new TooManyKeyAttemptsError(wait);
    const ok = await keyMatches(key);
    if (!ok) failures.fail(address, now());
    return ok;
  };

  const sessionKey = async (): Promise<{ secret: string; version: string } | null> => {
    const [secret, version] = [await settings.getSetting(SECRET_SETTING), await settings.getSetting(VERSION_SETTING)];
    return secret && version ? { secret, version } : null;
  };

  const sign = (secret: string, version: string, issued: string) =>
    createHmac('sha256', Buffer.from(secret, 'hex')).update(`consultant-session:${version}:${issued}`).digest('base64url');

  const sessionValid = async (cookie: string | undefined): Promise<boolean> => {
    if (!cookie) return false;
    const [version, issued, mac, ...rest] = cookie.split('.');
    const current = await sessionKey();
    if (!current || !version || !issued || !mac || rest.length || !/^\d{1,15}$/.test(issued)) return false;
    const age = now().getTime() - Number(issued);
    if (age < 0 || age > SESSION_HOURS * 3600_000) return false;
    const macOk = sameBytes(Buffer.from(mac), Buffer.from(sign(current.secret, version, issued)));
    return macOk && version === current.version;
  };

  const isConsultant = async (req: Request): Promise<boolean> => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return tryKey(req.ip ?? '', header.slice(7).trim());
    return sessionValid((req.cookies as Record<string, string | undefined>)[SESSION_COOKIE]);
  };

  return {
    tryKey,
    /** Sets `res.locals.consultant` for views and handlers, once per request; refuses only a blocked key guesser. */
    async detect(req: Request, res: Response, next: NextFunction) {
      res.locals.consultant = await isConsultant(req);
      // For the layout's link back to the dashboard; pages that act as a shared reader reset `consultant`, not this.
      res.locals.signedIn = res.locals.consultant;
      next();
    },
    async signIn(res: Response): Promise<void> {
      const current = await sessionKey();
      if (!current) throw new Error('no session secret');
      const issued = String(now().getTime());
      res.cookie(SESSION_COOKIE, `${current.version}.${issued}.${sign(current.secret, current.version, issued)}`, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', maxAge: SESSION_HOURS * 3600_000 });
    },
    /** Ends this session and every other copy of it: the session version moves on. */
    async signOut(res: Response): Promise<void> {
      await raiseSessionVersion(settings);
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' });
    },
  };
}

export type ConsultantAuth = ReturnType<typeof consultantAuth>;
