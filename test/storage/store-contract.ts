/**
 * The behaviour every store adapter owes the core (src/core/ports.ts), run
 * against each of them: memory, lowdb and PostgreSQL. What one adapter does,
 * the others do.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.ts';
import type { Assessment, Organisation } from '../../src/core/assessment/assessment.ts';
import type { Round } from '../../src/core/rounds/round.ts';
import { invitationIdOf } from '../../src/core/rounds/round.ts';
import type { ShareLink } from '../../src/core/sharing/share-link.ts';
import { ConflictError, GoneError } from '../../src/core/errors.ts';
import { ALREADY_SUBMITTED } from '../../src/core/assessment/assessment.ts';

const AT = '2026-11-25T10:00:00.000Z';
const LATER = '2026-11-26T09:30:00Z';
let counter = 0;
/** A fresh stored-id-shaped id (22 characters). */
const id = (prefix: string) => `${prefix}-${String(++counter).padStart(6, '0')}-${'x'.repeat(22)}`.slice(0, 22);
const token = (prefix: string) => `${prefix}${String(++counter).padStart(6, '0')}${'t'.repeat(43)}`.slice(0, 43);

const org = (name = 'Acme'): Organisation => ({ id: id('org'), name, sector: 'charity', createdAt: AT });
const draft = (o: Organisation, extra: Partial<Assessment> = {}): Assessment => ({
  id: id('asm'),
  rubricId: 'social-ownership',
  rubricVersion: '1.0.0',
  organisationId: o.id,
  organisation: { name: o.name, sector: 'charity' },
  respondent: { role: 'leadership' },
  answers: { 'gov-01': '2', 'risk-02': 'not-sure' },
  notes: { 'gov-01': 'a note with "quotes" and ünïcode' },
  status: 'draft',
  createdAt: AT,
  updatedAt: AT,
  ...extra,
});
const submit = (a: Assessment): Assessment => ({ ...a, status: 'submitted', submittedAt: LATER, updatedAt: LATER, result: { overall: 61, recommendation: { code: 'shared', actions: [] } } as unknown as Assessment['result'] });
const round = (o: Organisation, kinds: Array<'group' | 'respondent'> = ['group', 'respondent']): Round => ({
  id: id('rnd'),
  organisationId: o.id,
  rubricId: 'social-ownership',
  rubricVersion: '1.0.0',
  title: 'Spring round',
  createdAt: AT,
  closesOn: '2026-12-31',
  invitations: kinds.map((kind) => ({ token: token('inv'), role: 'communications', kind, createdAt: AT })),
});
const shareLink = (assessmentId: string): ShareLink => ({ token: token('shr'), assessmentId, label: 'board', createdAt: AT, expiresAt: '2026-12-25T10:00:00.000Z', views: [] });
const throughInvitation = (o: Organisation, r: Round, n: number): Assessment => draft(o, { roundId: r.id, invitationId: invitationIdOf(r.invitations[n]!.token) });

async function settled<T>(promises: Array<Promise<T>>) {
  const all = await Promise.allSettled(promises);
  return { ok: all.filter((p) => p.status === 'fulfilled').map((p) => (p as PromiseFulfilledResult<T>).value), errors: all.filter((p) => p.status === 'rejected').map((p) => (p as PromiseRejectedResult).reason as Error) };
}

// Over 60 lines because it is the whole contract, one `it` per rule.
export function describeStoreContract(name: string, makeStore: () => Promise<Store>) {
  describe(`store contract: ${name}`, () => {
    it('when an assessment is created with its organisation, then every read returns it as given, without its nonce', async () => {
      const store = await makeStore();
      const o = org();
      const a = draft(o);
      expect(await store.create(a, o, 'nonce-1')).toEqual(a);
      expect(await store.get(a.id)).toEqual(a);
      expect(await store.getOrganisation(o.id)).toEqual(o);
      expect(await store.listOrganisations()).toEqual([o]);
      expect(await store.assessmentsOf(o.id)).toEqual([a]);
      expect(await store.list()).toEqual([a]);
      expect(await store.get(id('missing'))).toBeUndefined();
      expect(await store.getOrganisation(id('missing'))).toBeUndefined();
      expect(await store.assessmentsOf(id('missing'))).toEqual([]);
    });

    it('when a note holds any character and a result lists its parts in an order, then both come back exactly, in that order', async () => {
      const store = await makeStore();
      const o = org();
      const odd = 'nul\u0000 lone\uD800 bom\uFEFF emoji 👍 "quoted" \\ back';
      const result = { overall: 50, dimensions: { zeta: 1, alpha: 2, mid: 3 }, recommendation: { code: 'x', actions: [] } } as unknown as Assessment['result'];
      const a = await store.create({ ...submit(draft(o)), notes: { 'gov-01': odd }, result }, o);
      const [read] = await store.list();
      expect(read!.notes['gov-01']).toBe(odd);
      expect(Object.keys((read!.result as unknown as { dimensions: object }).dimensions)).toEqual(['zeta', 'alpha', 'mid']);
      expect(read).toEqual(a);
    });

    it('when the same form (nonce) is sent several times at once for a new organisation, then one record is stored and every caller gets it', async () => {
      const store = await makeStore();
      const sends = Array.from({ length: 6 }, () => {
        const o = org('Double Click Ltd');
        return store.create(draft(o), o, 'same-nonce');
      });
      const results = await Promise.all(sends);
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(await store.list()).toHaveLength(1);
      expect(await store.listOrganisations()).toHaveLength(1);
    });

    it('when a nonce comes again for another organisation, then it is a new record, never the first one', async () => {
      const store = await makeStore();
      const first = org('First');
      const a = await store.create(draft(first), first, 'shared-nonce');
      const second = org('Second');
      const b = await store.create(draft(second), second, 'shared-nonce');
      expect(b.id).not.toBe(a.id);
      expect(b.organisationId).toBe(second.id);
      const again = await store.create(draft(first), undefined, 'shared-nonce');
      expect(again.id).toBe(a.id);
      const fresh = await store.create(draft(first), undefined, 'other-nonce');
      expect(await store.assessmentsOf(first.id)).toEqual([a, fresh]);
    });

    it('when a draft is submitted with updateIf, then the change is stored and a later change expecting a draft is refused', async () => {
      const store = await makeStore();
      const o = org();
      const a = await store.create(draft(o), o);
      const done = await store.updateIf(a.id, 'draft', (current, organisation) => {
        expect(organisation.map((x) => x.id)).toEqual([a.id]);
        return submit(current);
      });
      expect(done).toEqual(submit(a));
      expect(await store.get(a.id)).toEqual(submit(a));
      await expect(store.updateIf(a.id, 'draft', (c) => ({ ...c, answers: {} }))).rejects.toThrow(new ConflictError(ALREADY_SUBMITTED));
      expect((await store.get(a.id))!.answers).toEqual(a.answers);
    });

    it('when updateIf\'s change throws, then nothing is written', async () => {
      const store = await makeStore();
      const o = org();
      const a = await store.create(draft(o), o);
      await expect(store.updateIf(a.id, 'draft', () => { throw new GoneError('no'); })).rejects.toBeInstanceOf(GoneError);
      expect(await store.get(a.id)).toEqual(a);
    });

    it('when ten submissions of one draft race, then exactly one wins and the others get a conflict', async () => {
      const store = await makeStore();
      const o = org();
      const a = await store.create(draft(o), o);
      const { ok, errors } = await settled(Array.from({ length: 10 }, (_, n) => store.updateIf(a.id, 'draft', (c) => ({ ...submit(c), notes: { n: String(n) } }))));
      expect(ok).toHaveLength(1);
      expect(errors.every((e) => e instanceof ConflictError)).toBe(true);
      expect(await store.get(a.id)).toEqual(ok[0]);
    });

    it('when drafts are saved one over another, then the last saved is kept', async () => {
      const store = await makeStore();
      const o = org();
      const a = await store.create(draft(o), o);
      for (const n of ['1', '2', '3']) await store.updateIf(a.id, 'draft', (c) => ({ ...c, answers: { 'gov-01': n } }));
      expect((await store.get(a.id))!.answers).toEqual({ 'gov-01': '3' });
      await store.update({ ...a, notes: { replaced: 'yes' } });
      expect((await store.get(a.id))!.notes).toEqual({ replaced: 'yes' });
    });

    it('when anything is written, then the revision changes', async () => {
      const store = await makeStore();
      const before = store.revision();
      const o = org();
      await store.create(draft(o), o);
      expect(store.revision()).not.toBe(before);
    });

    it('when a share link is added, viewed and revoked, then reads show it with its views and the first revocation time', async () => {
      const store = await makeStore();
      const o = org();
      const a = await store.create(draft(o), o);
      const link = shareLink(a.id);
      await store.addShareLink(link);
      expect(await store.getShareLink(link.token)).toEqual(link);
      await store.recordShareView(link.token, AT);
      await store.recordShareView(link.token, LATER);
      await store.recordShareView(token('nope'), AT);
      const viewed = { ...link, views: [{ at: AT }, { at: LATER }] };
      expect(await store.getShareLink(link.token)).toEqual(viewed);
      await store.flushShareViews();
      expect(await store.shareLinksOf(a.id)).toEqual([viewed]);
      await store.revokeShareLink(link.token, LATER);
      await store.revokeShareLink(link.token, '2027-01-01T00:00:00.000Z');
      expect(await store.getShareLink(link.token)).toEqual({ ...viewed, revokedAt: LATER });
      expect(await store.getShareLink(token('unknown'))).toBeUndefined();
      expect(await store.shareLinksOf(id('missing'))).toEqual([]);
    });

    it('when a round is added and changed, then it is found by id, organisation, invitation token and share token', async () => {
      const store = await makeStore();
      const o = org();
      await store.create(draft(o), o);
      const r = round(o);
      await store.addRound(r);
      expect(await store.getRound(r.id)).toEqual(r);
      expect(await store.roundsOf(o.id)).toEqual([r]);
      expect(await store.findInvitation(r.invitations[1]!.token)).toEqual({ round: r, invitation: r.invitations[1] });
      const share = { token: token('rsh'), createdAt: AT, expiresAt: '2026-12-25T10:00:00.000Z', views: [] };
      const added = { token: token('inv'), role: 'leadership' as const, kind: 'group' as const, label: 'board', createdAt: LATER };
      const changed = await store.changeRound(r.id, (x) => ({ ...x, invitations: [...x.invitations.map((i, n) => (n === 0 ? { ...i, revokedAt: LATER } : i)), added], shareLinks: [share] }));
      const viewed = await store.changeRound(r.id, (x) => ({ ...x, shareLinks: x.shareLinks!.map((l) => ({ ...l, views: [...l.views, { at: LATER }] })) }));
      expect(viewed.shareLinks![0]!.views).toEqual([{ at: LATER }]);
      expect(changed.invitations).toHaveLength(3);
      expect(await store.getRound(r.id)).toEqual(viewed);
      expect(await store.findRoundShare(share.token)).toEqual(viewed);
      expect((await store.findInvitation(added.token))?.invitation).toEqual(added);
      await store.updateRound({ ...viewed, closedAt: LATER });
      expect((await store.getRound(r.id))?.closedAt).toBe(LATER);
      expect(await store.getRound(id('missing'))).toBeUndefined();
      expect(await store.findInvitation(token('unknown'))).toBeUndefined();
      expect(await store.findRoundShare(token('unknown'))).toBeUndefined();
      await expect(store.changeRound(r.id, () => { throw new ConflictError('closed'); })).rejects.toBeInstanceOf(ConflictError);
    });

    it('when five people answer through one one-person invitation at once, then one answer is stored and the others get a conflict', async () => {
      const store = await makeStore();
      const o = org();
      await store.create(draft(o), o);
      const r = round(o);
      await store.addRound(r);
      const { ok, errors } = await settled(Array.from({ length: 5 }, () => store.create(throughInvitation(o, r, 1))));
      expect(ok).toHaveLength(1);
      expect(errors.map((e) => e.message)).toEqual(Array(4).fill('this invitation has already been answered; it takes one answer only'));
      expect(errors.every((e) => e instanceof ConflictError)).toBe(true);
      // A group invitation takes one answer per person.
      await Promise.all([store.create(throughInvitation(o, r, 0)), store.create(throughInvitation(o, r, 0))]);
      expect((await store.assessmentsOf(o.id)).filter((a) => a.roundId === r.id)).toHaveLength(3);
    });

    it('when a round is closed or an invitation withdrawn, then answers through it are refused as gone', async () => {
      const store = await makeStore();
      const o = org();
      await store.create(draft(o), o);
      const r = round(o, ['group', 'group']);
      await store.addRound(r);
      await store.changeRound(r.id, (x) => ({ ...x, invitations: x.invitations.map((i, n) => (n === 1 ? { ...i, revokedAt: LATER } : i)) }));
      await expect(store.create(throughInvitation(o, r, 1))).rejects.toThrow(new GoneError('this invitation was withdrawn; ask the person who sent it'));
      await store.changeRound(r.id, (x) => ({ ...x, closedAt: LATER }));
      await expect(store.create(throughInvitation(o, r, 0))).rejects.toThrow(new GoneError('this round has closed; answers are no longer taken'));
      await expect(store.create(draft(o, { roundId: r.id, invitationId: invitationIdOf(token('gone')) }))).rejects.toBeInstanceOf(GoneError);
      expect(await store.assessmentsOf(o.id)).toHaveLength(1);
    });

    it('when an organisation\'s records are imported twice, then the first import stores them exactly and the second skips them', async () => {
      const store = await makeStore();
      const o = org('Imported');
      const r = { ...round(o, ['respondent']), shareLinks: [{ token: token('rsh'), createdAt: AT, expiresAt: LATER, views: [{ at: AT }] }] };
      const a = submit(draft(o));
      const b = { ...throughInvitation(o, r, 0), createdAt: '2026-11-20T08:00:00Z' };
      const link = { ...shareLink(a.id), views: [{ at: AT }], revokedAt: LATER };
      const records = { organisation: o, assessments: [b, a], rounds: [r], shareLinks: [link] };
      expect(await store.importRecords(records)).toEqual({ created: true, imported: 2, skipped: 0 });
      expect(await store.getOrganisation(o.id)).toEqual(o);
      expect(await store.assessmentsOf(o.id)).toEqual([b, a]);
      expect(await store.getRound(r.id)).toEqual(r);
      expect(await store.getShareLink(link.token)).toEqual(link);
      expect(await store.importRecords(records)).toEqual({ created: false, imported: 0, skipped: 2 });
      expect(await store.list()).toHaveLength(2);
      const empty = org('Empty');
      expect(await store.importRecords({ organisation: empty, assessments: [], rounds: [], shareLinks: [] })).toEqual({ created: false, imported: 0, skipped: 0 });
      expect(await store.getOrganisation(empty.id)).toBeUndefined();
    });

    it('when settings are set, then the last value is read back and unknown keys are undefined', async () => {
      const store = await makeStore();
      expect(await store.getSetting('sessionSecret')).toBeUndefined();
      await store.setSetting('sessionSecret', 'one');
      await store.setSetting('sessionSecret', 'two');
      await store.setSetting('sessionVersion', '1');
      expect(await store.getSetting('sessionSecret')).toBe('two');
      expect(await store.getSetting('sessionVersion')).toBe('1');
      expect(await store.getSetting('toString')).toBeUndefined();
    });
  });
}
