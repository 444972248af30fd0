/**
 * The store's logic over organisation documents held in memory, with a
 * `persist` function that writes one document (lowdb files, or nothing for
 * the in-memory store). Writes to one organisation are serialised; a change is
 * made on a copy that replaces the document only once persisted, so a failed
 * write leaves no trace and the next write cannot carry it.
 */
import type { Store } from '../core/assessment/assessment-store.ts';
import { ALREADY_SUBMITTED, type Assessment } from '../core/assessment/assessment.ts';
import type { ShareLink } from '../core/sharing/share-link.ts';
import { ConflictError, GoneError, StorageUnavailableError } from '../core/errors.ts';
import { invitationIdOf } from '../core/rounds/round.ts';
import { SCHEMA_VERSION, type Meta, type OrgDocument, type StoredAssessment } from './org-document.ts';

export interface Persistence {
  writeDocument(doc: OrgDocument): Promise<void>;
  writeMeta(meta: Meta): Promise<void>;
}

/**
 * Records are frozen when they enter the store and replaced, never changed, so
 * reads can hand them out without copying (a listing of 10,000 assessments stays cheap).
 */
const copy = <T>(x: T): T => deepFreeze(structuredClone(x));
function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
const stripped = new WeakMap<StoredAssessment, Assessment>();
/** The record without its nonce; the same object on every read, so callers may cache by identity. */
const strip = (a: StoredAssessment): Assessment => {
  if (a.nonce === undefined) return a;
  let out = stripped.get(a);
  if (!out) {
    const { nonce: _nonce, ...rest } = a;
    out = Object.freeze(rest);
    stripped.set(a, out);
  }
  return out;
};

const oldestFirst = (a: StoredAssessment, b: StoredAssessment) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);

/** Any failure to persist becomes one domain error: the caller answers 503 and keeps what was typed. */
async function persisting(write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StorageUnavailableError(code ?? (err as Error).message);
  }
}

/**
 * A response written before invitations had ids carried the token itself; it
 * now carries the token's one-way id, so no record hands out a working link.
 */
function withoutTokens(doc: OrgDocument): OrgDocument {
  if (!doc.assessments.some((a) => 'invitationToken' in a)) return doc;
  return {
    ...doc,
    assessments: doc.assessments.map((a) => {
      if (!('invitationToken' in a)) return a;
      const { invitationToken, ...rest } = a as StoredAssessment & { invitationToken?: string };
      return typeof invitationToken === 'string' ? { ...rest, invitationId: invitationIdOf(invitationToken) } : rest;
    }),
  };
}

/**
 * Checked inside the serialised write, so that concurrent answers through one
 * invitation cannot all pass: a closed round or withdrawn invitation takes no
 * answer, and a one-person invitation takes exactly one.
 */
function checkInvitation(doc: OrgDocument, a: Assessment): void {
  if (!a.roundId || !a.invitationId) return;
  const round = (doc.rounds ?? []).find((r) => r.id === a.roundId);
  const invitation = round?.invitations.find((i) => invitationIdOf(i.token) === a.invitationId);
  if (!round || !invitation) throw new GoneError('this invitation no longer exists');
  if (round.closedAt) throw new GoneError('this round has closed; answers are no longer taken');
  if (invitation.revokedAt) throw new GoneError('this invitation was withdrawn; ask the person who sent it');
  if (invitation.kind === 'respondent' && doc.assessments.some((x) => x.invitationId === a.invitationId)) {
    throw new ConflictError('this invitation has already been answered; it takes one answer only');
  }
}

export interface DocumentStoreOptions {
  /** How long views of share links wait in memory before one write per organisation records them. */
  viewFlushMs?: number;
}

/** Views of one link kept in memory while the disk refuses them; older ones beyond are dropped. */
const MAX_PENDING_VIEWS = 10_000;

export function createDocumentStore(initial: { docs: OrgDocument[]; meta: Meta }, persistence: Persistence, options: DocumentStoreOptions = {}): Store {
  const viewFlushMs = options.viewFlushMs ?? 5_000;
  const docs = new Map(initial.docs.map((d) => [d.organisation.id, deepFreeze(withoutTokens(d))]));
  let meta = initial.meta;
  const orgOfAssessment = new Map<string, string>();
  /** A form's nonce -> the assessments stored with it (one per organisation it was used for). */
  const nonces = new Map<string, Set<string>>();
  const pendingNonces = new Map<string, Promise<Assessment>>();
  const orgOfShare = new Map<string, string>();
  const orgOfRound = new Map<string, string>();
  const roundOfInvitation = new Map<string, string>();
  const roundOfShare = new Map<string, string>();
  const index = (doc: OrgDocument) => {
    for (const a of doc.assessments) {
      orgOfAssessment.set(a.id, doc.organisation.id);
      if (a.nonce) nonces.set(a.nonce, (nonces.get(a.nonce) ?? new Set()).add(a.id));
    }
    for (const l of doc.shareLinks) orgOfShare.set(l.token, doc.organisation.id);
    for (const r of doc.rounds ?? []) {
      orgOfRound.set(r.id, doc.organisation.id);
      for (const i of r.invitations) roundOfInvitation.set(i.token, r.id);
      for (const l of r.shareLinks ?? []) roundOfShare.set(l.token, r.id);
    }
  };
  docs.forEach(index);

  let revision = 0;
  const queues = new Map<string, Promise<unknown>>();
  /** Runs the tasks for one key (an organisation, or the meta file) one after another. */
  function serial<R>(key: string, run: () => Promise<R>): Promise<R> {
    const next = (queues.get(key) ?? Promise.resolve()).then(run);
    queues.set(key, next.catch(() => undefined));
    return next;
  }

  /** Writes a document and, once it is on disk, makes it the current one. Call it inside `serial`. */
  async function commit(next: OrgDocument): Promise<void> {
    await persisting(() => persistence.writeDocument(next));
    docs.set(next.organisation.id, deepFreeze(next));
    revision++;
    index(next);
  }

  function changeDoc<R>(orgId: string, change: (doc: OrgDocument) => { next: OrgDocument; result: R } | { result: R }): Promise<R> {
    return serial(orgId, async () => {
      const current = docs.get(orgId);
      if (!current) throw new Error(`no organisation ${orgId}`);
      const outcome = change(current);
      if ('next' in outcome) await commit(outcome.next);
      return outcome.result;
    });
  }

  /**
   * Views of share links are not written one by one: they wait here, are
   * shown with the links at once, and go to disk in one write per organisation
   * every `viewFlushMs`. Reading a shared report never waits for a write, so it
   * cannot fail because the disk is full; views that cannot be written wait
   * for the next try.
   */
  const pendingViews = new Map<string, Array<{ at: string }>>();
  let flushTimer: NodeJS.Timeout | undefined;
  const withPendingViews = (link: ShareLink): ShareLink => {
    const pending = pendingViews.get(link.token);
    return pending?.length ? { ...link, views: [...link.views, ...pending] } : link;
  };
  function flushSoon(): void {
    if (flushTimer) return;
    flushTimer = setTimeout(() => void flushShareViews(), viewFlushMs);
    flushTimer.unref();
  }
  async function flushShareViews(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const taken = new Map(pendingViews);
    pendingViews.clear();
    const byOrg = new Map<string, string[]>();
    for (const token of taken.keys()) {
      const orgId = orgOfShare.get(token)!;
      byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), token]);
    }
    let failed = false;
    await Promise.all(
      [...byOrg].map(([orgId, tokens]) =>
        changeDoc(orgId, (doc) => ({
          next: { ...doc, shareLinks: doc.shareLinks.map((l) => (tokens.includes(l.token) ? { ...l, views: [...l.views, ...taken.get(l.token)!] } : l)) },
          result: undefined,
        })).catch(() => {
          failed = true;
          // Put back, ahead of views that came in meanwhile.
          for (const token of tokens) pendingViews.set(token, [...taken.get(token)!, ...(pendingViews.get(token) ?? [])].slice(-MAX_PENDING_VIEWS));
        }),
      ),
    );
    if (failed || pendingViews.size) flushSoon();
  }

  const docOfAssessment = (id: string) => {
    const orgId = orgOfAssessment.get(id);
    return orgId ? docs.get(orgId) : undefined;
  };
  const docOfShare = (token: string) => {
    const orgId = orgOfShare.get(token);
    return orgId ? docs.get(orgId) : undefined;
  };

  return {
    async create(assessment, organisation, nonce) {
      // A nonce counts within one organisation: the same form sent twice for it (a double click, a replay)
      // is one record and the same answer; the nonce sent with another organisation's body is a new record,
      // never the first organisation's id and result.
      const scope = organisation ? `new organisation\0${organisation.name}` : `organisation\0${assessment.organisationId}`;
      const inScope = (stored: StoredAssessment) => (organisation ? docs.get(stored.organisationId)?.organisation.name === organisation.name : stored.organisationId === assessment.organisationId);
      if (nonce) {
        const pending = pendingNonces.get(`${scope}\0${nonce}`);
        if (pending) return copy(await pending);
        for (const id of nonces.get(nonce) ?? []) {
          const existing = docOfAssessment(id)!.assessments.find((a) => a.id === id)!;
          if (inScope(existing)) return strip(existing);
        }
      }
      const stored: StoredAssessment = copy(nonce ? { ...assessment, nonce } : assessment);
      const write = organisation
        ? serial(organisation.id, async () => {
            await commit({ schemaVersion: SCHEMA_VERSION, organisation: copy(organisation), assessments: [stored], shareLinks: [] });
            return copy(assessment);
          })
        : changeDoc(assessment.organisationId, (doc) => {
            checkInvitation(doc, assessment);
            return { next: { ...doc, assessments: [...doc.assessments, stored] }, result: copy(assessment) };
          });
      if (!nonce) return write;
      pendingNonces.set(`${scope}\0${nonce}`, write);
      try {
        return await write;
      } finally {
        pendingNonces.delete(`${scope}\0${nonce}`);
      }
    },

    async update(assessment) {
      const orgId = orgOfAssessment.get(assessment.id);
      if (!orgId) throw new Error(`no assessment ${assessment.id} to update`);
      await changeDoc(orgId, (doc) => ({
        next: { ...doc, assessments: doc.assessments.map((a) => (a.id === assessment.id ? copy(a.nonce ? { ...assessment, nonce: a.nonce } : assessment) : a)) },
        result: undefined,
      }));
    },

    async updateIf(id, expected, change) {
      const orgId = orgOfAssessment.get(id);
      if (!orgId) throw new Error(`no assessment ${id} to update`);
      return changeDoc(orgId, (doc) => {
        const current = doc.assessments.find((a) => a.id === id)!;
        if (current.status !== expected) throw new ConflictError(current.status === 'submitted' ? ALREADY_SUBMITTED : `this assessment is ${current.status}, not ${expected}`);
        const next = change(strip(current), doc.assessments.map(strip));
        if (next.id !== id) throw new Error('updateIf may not change an assessment id');
        const stored = copy(current.nonce ? { ...next, nonce: current.nonce } : next);
        return { next: { ...doc, assessments: doc.assessments.map((a) => (a.id === id ? stored : a)) }, result: strip(stored) };
      });
    },

    async get(id) {
      const found = docOfAssessment(id)?.assessments.find((a) => a.id === id);
      return found && strip(found);
    },
    async getOrganisation(id) {
      return docs.get(id)?.organisation;
    },
    async listOrganisations() {
      return [...docs.values()].map((d) => d.organisation);
    },
    async assessmentsOf(organisationId) {
      return (docs.get(organisationId)?.assessments ?? []).map(strip);
    },
    revision: () => revision,
    async list() {
      return [...docs.values()].flatMap((d) => d.assessments.map(strip));
    },

    async addShareLink(link) {
      const orgId = orgOfAssessment.get(link.assessmentId);
      if (!orgId) throw new Error(`no assessment ${link.assessmentId}`);
      await changeDoc(orgId, (doc) => ({ next: { ...doc, shareLinks: [...doc.shareLinks, copy(link)] }, result: undefined }));
    },
    async getShareLink(token) {
      const link = docOfShare(token)?.shareLinks.find((l) => l.token === token);
      return link && withPendingViews(link);
    },
    async shareLinksOf(assessmentId) {
      return (docOfAssessment(assessmentId)?.shareLinks ?? []).filter((l) => l.assessmentId === assessmentId).map(withPendingViews);
    },
    async revokeShareLink(token, at) {
      const orgId = orgOfShare.get(token);
      if (!orgId) return;
      await changeDoc(orgId, (doc) => ({
        next: { ...doc, shareLinks: doc.shareLinks.map((l): ShareLink => (l.token === token && !l.revokedAt ? { ...l, revokedAt: at } : l)) },
        result: undefined,
      }));
    },
    async recordShareView(token, at) {
      if (!orgOfShare.has(token)) return;
      const views = pendingViews.get(token) ?? [];
      views.push({ at });
      if (views.length > MAX_PENDING_VIEWS) views.splice(0, views.length - MAX_PENDING_VIEWS);
      pendingViews.set(token, views);
      flushSoon();
    },
    flushShareViews,

    async addRound(round) {
      await changeDoc(round.organisationId, (doc) => ({ next: { ...doc, rounds: [...(doc.rounds ?? []), copy(round)] }, result: undefined }));
    },
    async updateRound(round) {
      const orgId = orgOfRound.get(round.id);
      if (!orgId) throw new Error(`no round ${round.id}`);
      await changeDoc(orgId, (doc) => ({ next: { ...doc, rounds: (doc.rounds ?? []).map((r) => (r.id === round.id ? copy(round) : r)) }, result: undefined }));
    },
    async getRound(id) {
      const orgId = orgOfRound.get(id);
      return orgId ? docs.get(orgId)?.rounds?.find((r) => r.id === id) : undefined;
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
      const roundId = roundOfShare.get(token);
      const orgId = roundId ? orgOfRound.get(roundId) : undefined;
      return orgId ? docs.get(orgId)?.rounds?.find((r) => r.id === roundId) : undefined;
    },
    async findInvitation(token) {
      const roundId = roundOfInvitation.get(token);
      const orgId = roundId ? orgOfRound.get(roundId) : undefined;
      const round = orgId ? docs.get(orgId)?.rounds?.find((r) => r.id === roundId) : undefined;
      const invitation = round?.invitations.find((i) => i.token === token);
      return round && invitation ? { round, invitation } : undefined;
    },

    importRecords({ organisation, assessments, rounds, shareLinks }) {
      return serial(organisation.id, async () => {
        const current = docs.get(organisation.id);
        const fresh = {
          assessments: assessments.filter((a) => !orgOfAssessment.has(a.id)).map(copy),
          rounds: rounds.filter((r) => !orgOfRound.has(r.id)).map(copy),
          shareLinks: shareLinks.filter((l) => !orgOfShare.has(l.token)).map(copy),
        };
        const outcome = { created: false, imported: fresh.assessments.length, skipped: assessments.length - fresh.assessments.length };
        if (!current && !fresh.assessments.length) return outcome; // an organisation is kept only with an assessment
        if (current && !fresh.assessments.length && !fresh.rounds.length && !fresh.shareLinks.length) return outcome;
        const base: OrgDocument = current ?? { schemaVersion: SCHEMA_VERSION, organisation: copy(organisation), assessments: [], shareLinks: [] };
        await commit({
          ...base,
          assessments: [...base.assessments, ...fresh.assessments].sort(oldestFirst),
          shareLinks: [...base.shareLinks, ...fresh.shareLinks],
          ...(base.rounds || fresh.rounds.length ? { rounds: [...(base.rounds ?? []), ...fresh.rounds] } : {}),
        });
        return { ...outcome, created: !current };
      });
    },

    async getSetting(key) {
      return Object.hasOwn(meta.settings, key) ? meta.settings[key] : undefined;
    },
    async setSetting(key, value) {
      await serial('(meta)', async () => {
        const next: Meta = { ...meta, settings: { ...meta.settings, [key]: value } };
        await persisting(() => persistence.writeMeta(next));
        meta = next;
      });
    },
  };
}

