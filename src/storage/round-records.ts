/**
 * The round port over organisation documents: rounds live in their
 * organisation's document, found through the document store's indexes, and
 * change only inside that organisation's serialised write.
 */
import type { RoundStore } from '../core/ports.ts';
import type { Round } from '../core/rounds/round.ts';
import { copy } from './frozen-records.ts';
import type { OrgDocument } from './org-document.ts';

/** Changes one organisation's document inside its serialised write (see document-store.ts). */
export type ChangeDoc = <R>(orgId: string, change: (doc: OrgDocument) => { next: OrgDocument; result: R } | { result: R }) => Promise<R>;

export interface RoundIndexes {
  /** Each organisation's rounds (its head: see org-heads.ts). */
  docs: ReadonlyMap<string, Pick<OrgDocument, 'rounds'>>;
  orgOfRound: ReadonlyMap<string, string>;
  roundOfInvitation: ReadonlyMap<string, string>;
  roundOfShare: ReadonlyMap<string, string>;
}

export function roundRecords({ docs, orgOfRound, roundOfInvitation, roundOfShare }: RoundIndexes, changeDoc: ChangeDoc): RoundStore {
  const roundById = (roundId: string | undefined): Round | undefined => {
    const orgId = roundId ? orgOfRound.get(roundId) : undefined;
    return orgId ? docs.get(orgId)?.rounds?.find((r) => r.id === roundId) : undefined;
  };
  return {
    async addRound(round) {
      await changeDoc(round.organisationId, (doc) => ({ next: { ...doc, rounds: [...(doc.rounds ?? []), copy(round)] }, result: undefined }));
    },
    async updateRound(round) {
      const orgId = orgOfRound.get(round.id);
      if (!orgId) throw new Error(`no round ${round.id}`);
      await changeDoc(orgId, (doc) => ({ next: { ...doc, rounds: (doc.rounds ?? []).map((r) => (r.id === round.id ? copy(round) : r)) }, result: undefined }));
    },
    async getRound(id) {
      return roundById(id);
    },
    async roundsOf(organisationId) {
      return docs.get(organisationId)?.rounds ?? [];
    },
    async changeRound(id, change) {
      const orgId = orgOfRound.get(id);
      if (!orgId) throw new Error(`no round ${id}`);
      return changeDoc(orgId, (doc) => {
        const next = copy(change(doc.rounds!.find((r) => r.id === id)!));
        return { next: { ...doc, rounds: doc.rounds!.map((r) => (r.id === id ? next : r)) }, result: next };
      });
    },
    async findRoundShare(token) {
      return roundById(roundOfShare.get(token));
    },
    async findInvitation(token) {
      const round = roundById(roundOfInvitation.get(token));
      const invitation = round?.invitations.find((i) => i.token === token);
      return round && invitation ? { round, invitation } : undefined;
    },
  };
}
