/** Creating, listing, revoking and opening share links. Clock and tokens come in. */
import type { AssessmentStore, ShareLinkStore } from '../ports.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { DEFAULT_SHARE_DAYS, MAX_SHARE_DAYS, newShareLink, shareLinkState, type ShareLink, type ShareLinkState } from './share-link.ts';

export const SHARE_LABEL_MAX = 200;

/** A share link's label and lifetime, checked; a ValidationError names each bad field. */
export function checkShareInput(input: { label?: string | undefined; days?: string | number | undefined }): { label: string | undefined; days: number } {
  const label = input.label?.trim() || undefined;
  const days = input.days === undefined || input.days === '' ? DEFAULT_SHARE_DAYS : Number(input.days);
  const errors = [];
  if (label && label.length > SHARE_LABEL_MAX) errors.push({ field: 'label', message: `must be at most ${SHARE_LABEL_MAX} characters; got ${label.length}` });
  if (!Number.isInteger(days) || days < 1 || days > MAX_SHARE_DAYS) errors.push({ field: 'days', message: `must be a whole number of days from 1 to ${MAX_SHARE_DAYS}; got "${input.days}"` });
  if (errors.length) throw new ValidationError(errors);
  return { label, days };
}

export function createSharingService({ store, now, newToken }: { store: AssessmentStore & ShareLinkStore; now: () => Date; newToken: () => string }) {
  const service = {
    async create(assessmentId: string, input: { label?: string | undefined; days?: string | number | undefined }): Promise<ShareLink> {
      const assessment = await store.get(assessmentId);
      // A round's single response is never shown alone, so it is never shared.
      if (!assessment || assessment.status !== 'submitted' || assessment.roundId) throw new NotFoundError('assessment');
      const { label, days } = checkShareInput(input);
      const link = newShareLink({ token: newToken(), assessmentId, label, now: now(), days });
      await store.addShareLink(link);
      return link;
    },

    async list(assessmentId: string): Promise<Array<ShareLink & { state: ShareLinkState }>> {
      const at = now();
      return (await store.shareLinksOf(assessmentId)).map((l) => ({ ...l, state: shareLinkState(l, at) }));
    },

    async revoke(assessmentId: string, token: string): Promise<void> {
      const link = await store.getShareLink(token);
      if (!link || link.assessmentId !== assessmentId) throw new NotFoundError('share link');
      await store.revokeShareLink(token, now().toISOString());
    },

    /** The link's state without counting a view: for its exports, checked on every download. */
    async check(token: string): Promise<{ state: ShareLinkState; link: ShareLink }> {
      const link = await store.getShareLink(token);
      if (!link) throw new NotFoundError('share link');
      return { state: shareLinkState(link, now()), link };
    },

    /** Opens a link: records the view when it is active. Recording a view never stops the reading. */
    async open(token: string): Promise<{ state: ShareLinkState; link: ShareLink }> {
      const opened = await service.check(token);
      if (opened.state === 'active') await store.recordShareView(token, now().toISOString()).catch(() => undefined);
      return opened;
    },
  };
  return service;
}

export type SharingService = ReturnType<typeof createSharingService>;
