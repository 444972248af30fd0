/**
 * The embedded default store: one lowdb JSON file under DATA_DIR.
 * Writes are serialised, and a write is applied to a copy that becomes the
 * database only after it is on disk: a failed write leaves no trace in memory,
 * so the next successful write cannot carry a record whose request failed.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { AssessmentStore } from '../core/assessment/assessment-store.ts';
import type { Assessment, Organisation } from '../core/assessment/assessment.ts';
import { DurableJSONFile } from './durable-json-file.ts';

export const SCHEMA_VERSION = 1;

export interface StoredData {
  schemaVersion: number;
  organisations: Organisation[];
  assessments: Array<Assessment & { nonce?: string }>;
}

export const emptyData = (): StoredData => ({ schemaVersion: SCHEMA_VERSION, organisations: [], assessments: [] });

export class UnsupportedDataError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'UnsupportedDataError';
  }
}

export async function openLowdbStore(dataDir: string): Promise<AssessmentStore & { file: string }> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'db.json');
  const db = new Low<StoredData>(new DurableJSONFile<StoredData>(file), emptyData());
  await db.read();
  const data = db.data;
  if (data.schemaVersion !== SCHEMA_VERSION || !Array.isArray(data.assessments) || !Array.isArray(data.organisations)) {
    throw new UnsupportedDataError(file, `expected schemaVersion ${SCHEMA_VERSION} with organisations and assessments; got schemaVersion ${String(data.schemaVersion)}`);
  }

  const index = new Map(data.assessments.map((a, i) => [a.id, i]));
  const orgIndex = new Map(data.organisations.map((o, i) => [o.id, i]));
  const nonces = new Map(data.assessments.filter((a) => a.nonce).map((a) => [a.nonce!, a.id]));
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs one change at a time; `change` returns the next data, or null for nothing to write. */
  const commit = <R>(change: (current: StoredData) => { next: StoredData; after: () => void; result: R } | { result: R }): Promise<R> => {
    const run = queue.then(async () => {
      const current = db.data;
      const outcome = change(current);
      if (!('next' in outcome)) return outcome.result;
      db.data = outcome.next;
      try {
        await db.write();
      } catch (err) {
        db.data = current;
        throw err;
      }
      outcome.after();
      return outcome.result;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const strip = (a: Assessment & { nonce?: string }): Assessment => {
    const { nonce: _nonce, ...rest } = a;
    return structuredClone(rest);
  };

  return {
    file,
    create: (assessment, organisation, nonce) =>
      commit((current) => {
        const existing = nonce ? nonces.get(nonce) : undefined;
        if (existing) return { result: strip(current.assessments[index.get(existing)!]!) };
        const stored = structuredClone(nonce ? { ...assessment, nonce } : assessment);
        const next: StoredData = {
          ...current,
          organisations: organisation ? [...current.organisations, structuredClone(organisation)] : current.organisations,
          assessments: [...current.assessments, stored],
        };
        return {
          next,
          result: structuredClone(assessment),
          after: () => {
            index.set(assessment.id, next.assessments.length - 1);
            if (organisation) orgIndex.set(organisation.id, next.organisations.length - 1);
            if (nonce) nonces.set(nonce, assessment.id);
          },
        };
      }),
    update: (assessment) =>
      commit((current) => {
        const at = index.get(assessment.id);
        if (at === undefined) throw new Error(`no assessment ${assessment.id} to update`);
        const assessments = [...current.assessments];
        const previous = assessments[at]!;
        assessments[at] = structuredClone(previous.nonce ? { ...assessment, nonce: previous.nonce } : assessment);
        return { next: { ...current, assessments }, result: undefined, after: () => undefined };
      }),
    get: async (id) => {
      const at = index.get(id);
      return at === undefined ? undefined : strip(db.data.assessments[at]!);
    },
    getOrganisation: async (id) => {
      const at = orgIndex.get(id);
      return at === undefined ? undefined : structuredClone(db.data.organisations[at]!);
    },
    list: async () => db.data.assessments.map(strip),
  };
}
