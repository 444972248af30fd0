/**
 * Consultant access. The key comes from CONSULTANT_TOKEN, or is made on first
 * start and printed once; only its SHA-256 is stored. A browser signs in once
 * and carries an httpOnly, SameSite cookie holding an HMAC of the sign-in time
 * (keyed by the key's hash, so changing the key ends every session); scripts
 * send `Authorization: Bearer <key>`. Comparisons are constant-time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SettingsStore } from '../core/assessment/assessment-store.ts';

export const SESSION_COOKIE = 'sao.consultant';
const SESSION_HOURS = 12;
const HASH_SETTING = 'consultantTokenHash';

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
const sameBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/** Makes sure a key exists; returns the key when it was just made, so the caller can print it once. */
export async function ensureConsultantKey(settings: SettingsStore, fromEnv: string | undefined): Promise<{ created?: string }> {
  if (fromEnv) {
    const hash = sha256(fromEnv).toString('hex');
    if ((await settings.getSetting(HASH_SETTING)) !== hash) await settings.setSetting(HASH_SETTING, hash);
    return {};
  }
  if (await settings.getSetting(HASH_SETTING)) return {};
  const key = randomBytes(24).toString('base64url');
  await settings.setSetting(HASH_SETTING, sha256(key).toString('hex'));
  return { created: key };
}

export function consultantAuth(settings: SettingsStore, now: () => Date, secureCookies: boolean) {
  const storedHash = async (): Promise<Buffer | null> => {
    const hex = await settings.getSetting(HASH_SETTING);
    return hex ? Buffer.from(hex, 'hex') : null;
  };

  const keyMatches = async (key: string): Promise<boolean> => {
    const hash = await storedHash();
    return hash !== null && sameBytes(sha256(key), hash);
  };

  const sign = (hash: Buffer, issued: string) => createHmac('sha256', hash).update(`consultant-session:${issued}`).digest('base64url');

  const sessionValid = async (cookie: string | undefined): Promise<boolean> => {
    if (!cookie) return false;
    const [issued, mac] = cookie.split('.');
    const hash = await storedHash();
    if (!issued || !mac || !hash || !/^\d+$/.test(issued)) return false;
    if (now().getTime() - Number(issued) > SESSION_HOURS * 3600_000) return false;
    return sameBytes(Buffer.from(mac), Buffer.from(sign(hash, issued)));
  };

  const isConsultant = async (req: Request): Promise<boolean> => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return keyMatches(header.slice(7).trim());
    return sessionValid((req.cookies as Record<string, string | undefined>)[SESSION_COOKIE]);
  };

  return {
    keyMatches,
    isConsultant,
    /** Sets `res.locals.consultant` for views and handlers; never refuses. */
    async detect(req: Request, res: Response, next: NextFunction) {
      res.locals.consultant = await isConsultant(req);
      next();
    },
    async signIn(res: Response): Promise<void> {
      const hash = await storedHash();
      if (!hash) throw new Error('no consultant key');
      const issued = String(now().getTime());
      res.cookie(SESSION_COOKIE, `${issued}.${sign(hash, issued)}`, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', maxAge: SESSION_HOURS * 3600_000 });
    },
    signOut(res: Response): void {
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' });
    },
  };
}

export type ConsultantAuth = ReturnType<typeof consultantAuth>;
