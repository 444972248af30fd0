/**
 * The store's logic over organisation documents, with a `Persistence` that
 * writes one document and reads it back (lowdb files, or a map for the
 * in-memory store). Memory holds each organisation's head (org-heads.ts:
 * what indexes and listings need) and a bounded cache of full documents; a
 * full document is read on demand. Writes to one organisation are serialised;
 * a change is made on a copy that replaces the document only once persisted,
 * so a failed write leaves no trace and the next write cannot carry it.
 */
import type { Store } from '../core/ports.ts';
import { ALREADY_SUBMITTED, type Assessment } from '../core/assessment/assessment.ts';
import type { ShareLink } from '../core/sharing/share-link.ts';
import { ConflictError, StorageUnavailableError } from '../core/errors.ts';
import { SCHEMA_VERSION, type Meta, type OrgDocument, type StoredAssessment } from './org-document.ts';
import { copy, deepFreeze, strip } from './frozen-records.ts';
import { checkInvitation, withoutTokens } from './invitation-records.ts';
import { createShareViewBatch } from './share-views.ts';
import { roundRecords, type ChangeDoc } from './round-records.ts';
import { headOf, type OrgHead } from './org-heads.ts';
import { DocumentCache } from './document-cache.ts';

export interface Persistence {
  writeDocument(doc: OrgDocument): Promise<void>;
  writeMeta(meta: Meta): Promise<void>;
  /** The newest written version of an organisation's document, read and checked. */
  readDocument(orgId: string): Promise<OrgDocument>;
}

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

export interface DocumentStoreOptions {
  /** How long views of share links wait in memory before one write per organisation records them. */
  viewFlushMs?: number;
  /** How many full organisation documents are kept in memory (the most recently used). */
  maxDocuments?: number;
}

export type DocumentStore = Store & {
  /** How many full documents the store holds in memory now (never more than `maxDocuments`). */
  documentsHeld(): number;
};

/** Freezes a document read from storage; records written before invitations had ids lose their tokens. */
export const loadedDocument = (doc: OrgDocument): OrgDocument => deepFreeze(withoutTokens(doc));

const noop = (): void => undefined;

// Over 60 lines because it is a factory: the port's methods close over one set of heads, indexes and the document cache.
export function createDocumentStore(initial: { heads: OrgHead[]; meta: Meta }, persistence: Persistence, options: DocumentStoreOptions = {}): DocumentStore {
  const viewFlushMs = options.viewFlushMs ?? 5_000;
  /** Every organisation's head, in the order organisations are listed. */
  const docs = new Map(initial.heads.map((h) => [h.organisation.id, h]));
  const cache = new DocumentCache<OrgDocument>(options.maxDocuments ?? 100);
  /** Commits per organisation: a read that started before a commit must not put its older version in the cache. */
  const versions = new Map<string, number>();
  const reading = new Map<string, { version: number; doc: Promise<OrgDocument> }>();
  let meta = initial.meta;
  const orgOfAssessment = new Map<string, string>();
  /** A form's nonce -> the assessments stored with it (one per organisation it was used for). */
  // Nearly every nonce names one assessment: a string, and an array only for the rare second (no Set per record).
  const nonces = new Map<string, string | string[]>();
  const pendingNonces = new Map<string, Promise<Assessment>>();
  const orgOfShare = new Map<string, string>();
  const orgOfRound = new Map<string, string>();
  const roundOfInvitation = new Map<string, string>();
  const roundOfShare = new Map<string, string>();
  const index = (doc: OrgHead) => {
    for (const a of doc.assessments) {
      orgOfAssessment.set(a.id, doc.organisation.id);
      if (a.nonce) {
        const seen = nonces.get(a.nonce);
        if (seen === undefined) nonces.set(a.nonce, a.id);
        else if (typeof seen === 'string') nonces.set(a.nonce, seen === a.id ? seen : [seen, a.id]);
        else if (!seen.includes(a.id)) seen.push(a.id);
      }
    }
    for (const l of doc.shareLinks) orgOfShare.set(l.token, doc.organisation.id);
    for (const r of doc.rounds ?? []) {
      orgOfRound.set(r.id, doc.organisation.id);
      for (const i of r.invitations) roundOfInvitation.set(i.token, r.id);
      for (const l of r.shareLinks ?? []) roundOfShare.set(l.token, r.id);
    }
  };
  docs.forEach(index);

  /**
   * An organisation's full document: from the cache, or read (one read at a
   * time per organisation and version). `keep: false` leaves a document read
   * out of the cache (a bulk export's pass over every organisation).
   */
  function fullDocument(orgId: string, keep = true): Promise<OrgDocument> {
    const cached = cache.get(orgId);
    if (cached) return Promise.resolve(cached);
    const version = versions.get(orgId) ?? 0;
    const inFlight = reading.get(orgId);
    if (inFlight?.version === version) return inFlight.doc;
    const doc = persistence.readDocument(orgId).then(loadedDocument);
    reading.set(orgId, { version, doc });
    const done = () => {
      if (reading.get(orgId)?.doc === doc) reading.delete(orgId);
    };
    doc.then((d) => {
      done();
      if (keep && (versions.get(orgId) ?? 0) === version) cache.set(orgId, d);
    }, done);
    return doc;
  }

  let revision = 0;
  const queues = new Map<string, Promise<unknown>>();
  /** Runs the tasks for one key (an organisation, or the meta file) one after another. */
  function serial<R>(key: string, run: () => Promise<R>): Promise<R> {
    const next = (queues.get(key) ?? Promise.resolve()).then(run);
    // The queue keeps only that the task ended, never its value (a whole assessment with its result),
    // and forgets the key once nothing waits on it: a map that kept one per organisation written grew with every submit.
    const tail: Promise<void> = next.then(noop, noop);
    queues.set(key, tail);
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key);
    });
    return next;
  }

  /** Writes a document and, once it is on disk, makes it the current one. Call it inside `serial`. */
  async function commit(next: OrgDocument): Promise<void> {
    await persisting(() => persistence.writeDocument(next));
    const id = next.organisation.id;
    const head = headOf(deepFreeze(next));
    docs.set(id, head);
    versions.set(id, (versions.get(id) ?? 0) + 1);
    cache.set(id, next);
    revision++;
    index(head);
  }

  const changeDoc: ChangeDoc = (orgId, change) =>
    serial(orgId, async () => {
      if (!docs.has(orgId)) throw new Error(`no organisation ${orgId}`);
      const outcome = change(await fullDocument(orgId));
      if ('next' in outcome) await commit(outcome.next);
      return outcome.result;
    });

  const shareViews = createShareViewBatch(viewFlushMs, (token) => orgOfShare.get(token)!, (orgId, views) =>
    changeDoc(orgId, (doc) => ({
      next: { ...doc, shareLinks: doc.shareLinks.map((l) => (views.has(l.token) ? { ...l, views: [...l.views, ...views.get(l.token)!] } : l)) },
      result: undefined,
    })),
  );
  const withPendingViews = shareViews.withPendingViews;

  const docOfAssessment = (id: string) => {
    const orgId = orgOfAssessment.get(id);
    return orgId ? docs.get(orgId) : undefined;
  };
  const recordOf = async (id: string): Promise<StoredAssessment | undefined> => {
    const orgId = orgOfAssessment.get(id);
    return orgId ? (await fullDocument(orgId)).assessments.find((a) => a.id === id) : undefined;
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
      const inScope = (orgId: string) => (organisation ? docs.get(orgId)?.organisation.name === organisation.name : orgId === assessment.organisationId);
      if (nonce) {
        const pending = pendingNonces.get(`${scope}\0${nonce}`);
        if (pending) return copy(await pending);
        for (const id of [nonces.get(nonce) ?? []].flat()) {
          if (inScope(orgOfAssessment.get(id)!)) return strip((await recordOf(id))!);
        }
      }
      const stored: StoredAssessment = copy(nonce ? { ...assessment, nonce } : assessment);
      const write = organisation
        ? serial(organisation.id, async () => {
            await commit({ schemaVersion: SCHEMA_VERSION, organisation: copy(organisation), assessments: [stored], shareLinks: [] });
            return strip(stored);
          })
        : changeDoc(assessment.organisationId, (doc) => {
            checkInvitation(doc, assessment);
            return { next: { ...doc, assessments: [...doc.assessments, stored] }, result: strip(stored) };
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
      const found = await recordOf(id);
      return found && strip(found);
    },
    async getOrganisation(id) {
      return docs.get(id)?.organisation;
    },
    async listOrganisations() {
      return [...docs.values()].map((d) => d.organisation);
    },
    async assessmentsOf(organisationId, options) {
      return docs.has(organisationId) ? (await fullDocument(organisationId, options?.keep)).assessments.map(strip) : [];
    },
    revision: () => revision,
    async list() {
      const out: Assessment[] = [];
      for (const orgId of [...docs.keys()]) out.push(...(await fullDocument(orgId, false)).assessments.map(strip));
      return out;
    },
    async summaries() {
      return [...docs.values()].flatMap((d) => d.assessments.flatMap((a) => a.summary ?? []));
    },
    documentsHeld: () => cache.size,

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
      if (orgOfShare.has(token)) shareViews.record(token, at);
    },
    flushShareViews: shareViews.flush,

    ...roundRecords({ docs, orgOfRound, roundOfInvitation, roundOfShare }, changeDoc),

    importRecords({ organisation, assessments, rounds, shareLinks }) {
      return serial(organisation.id, async () => {
        const current = docs.has(organisation.id) ? await fullDocument(organisation.id) : undefined;
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

