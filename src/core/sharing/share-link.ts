/** A read-only link to one report, with an expiry, an optional label, revocation and a record of views. */
import { addDays } from 'date-fns/addDays';

export interface ShareLink {
  token: string;
  assessmentId: string;
  label?: string | undefined;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string | undefined;
  views: Array<{ at: string }>;
}

export type ShareLinkState = 'active' | 'expired' | 'revoked';

export const DEFAULT_SHARE_DAYS = 30;
export const MAX_SHARE_DAYS = 365;

export function newShareLink(args: { token: string; assessmentId: string; label?: string | undefined; now: Date; days?: number | undefined }): ShareLink {
  const days = args.days ?? DEFAULT_SHARE_DAYS;
  return {
    token: args.token,
    assessmentId: args.assessmentId,
    ...(args.label ? { label: args.label } : {}),
    createdAt: args.now.toISOString(),
    expiresAt: addDays(args.now, days).toISOString(),
    views: [],
  };
}

export function shareLinkState(link: Pick<ShareLink, 'revokedAt' | 'expiresAt'>, now: Date): ShareLinkState {
  if (link.revokedAt) return 'revoked';
  return now.getTime() >= Date.parse(link.expiresAt) ? 'expired' : 'active';
}
