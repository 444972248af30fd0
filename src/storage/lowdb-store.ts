/**
 * The embedded default store, on lowdb files under DATA_DIR:
 *
 *   meta.json            schema version and settings
 *   orgs/<id>.json       one organisation: its record, assessments and share links
 *   orgs/<id>.json.bak   the previous good version of that file
 *
 * A write rewrites one organisation's file, never the whole database. Every
 * file is read and checked at start-up; one that cannot be read, holds anything
 * but an object, or does not fit the schema stops the start with its name, and
 * is left untouched. Temporary files of writes a killed process left are removed.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { Store } from '../core/ports.ts';
import { CorruptDataFileError, DurableJSONFile, removeLeftoverTemporaryFiles } from './durable-json-file.ts';
import { createDocumentStore } from './document-store.ts';
import { emptyMeta, SCHEMA_VERSION, type Meta, type OrgDocument } from './org-document.ts';
import { describeSchemaProblem, metaSchema, orgDocumentSchema } from './stored-schema.ts';
import { STORED_ID_PATTERN } from '../core/ids.ts';
import { migrateFromV1 } from './migrate-v1.ts';

export class UnsupportedDataError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'UnsupportedDataError';
  }
}

export interface LowdbStore extends Store {
  dir: string;
}

async function readChecked<T>(file: string, schema: { safeParse(x: unknown): { success: true; data: unknown } | { success: false; error: import('zod').ZodError } }): Promise<T | null> {
  const data = await new DurableJSONFile<unknown>(file).read();
  if (data === null) return null;
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new UnsupportedDataError(file, `expected schemaVersion ${SCHEMA_VERSION}; got ${JSON.stringify(version)}. This data was written by another version of the app`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new CorruptDataFileError(file, `the data does not fit the schema (${describeSchemaProblem(parsed.error)})`);
  return data as T;
}

export async function openLowdbStore(dataDir: string): Promise<LowdbStore> {
  const orgsDir = join(dataDir, 'orgs');
  await mkdir(orgsDir, { recursive: true });
  await migrateFromV1(dataDir);
  await removeLeftoverTemporaryFiles(dataDir);
  await removeLeftoverTemporaryFiles(orgsDir);

  const metaFile = join(dataDir, 'meta.json');
  const metaDb = new Low<Meta>(new DurableJSONFile<Meta>(metaFile), emptyMeta());
  const storedMeta = await readChecked<Meta>(metaFile, metaSchema);
  if (storedMeta) metaDb.data = storedMeta;
  else await metaDb.write();

  const files = (await readdir(orgsDir)).filter((f) => f.endsWith('.json')).sort();
  const readOne = async (name: string): Promise<OrgDocument | null> => {
    const file = join(orgsDir, name);
    const doc = await readChecked<OrgDocument>(file, orgDocumentSchema);
    if (doc && `${doc.organisation.id}.json` !== name) throw new CorruptDataFileError(file, `holds organisation ${doc.organisation.id}, not the one its name says`);
    return doc;
  };
  // Several reads in flight keep the disk busy while JSON is parsed; the order of `files` is kept.
  const loaded: Array<OrgDocument | null> = new Array(files.length).fill(null);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(16, files.length) }, async () => {
      while (next < files.length) {
        const i = next++;
        loaded[i] = await readOne(files[i]!);
      }
    }),
  );
  const docs = loaded.filter((d): d is OrgDocument => d !== null);

  const handles = new Map<string, Low<OrgDocument>>();
  const fileOf = (id: string) => {
    if (!STORED_ID_PATTERN.test(id)) throw new Error(`unsafe organisation id ${JSON.stringify(id)}`);
    return join(orgsDir, `${id}.json`);
  };
  const store = createDocumentStore(
    { docs, meta: metaDb.data },
    {
      async writeDocument(doc) {
        let db = handles.get(doc.organisation.id);
        if (!db) {
          db = new Low<OrgDocument>(new DurableJSONFile<OrgDocument>(fileOf(doc.organisation.id)), doc);
          handles.set(doc.organisation.id, db);
        }
        db.data = doc;
        await db.write();
      },
      async writeMeta(meta) {
        metaDb.data = meta;
        await metaDb.write();
      },
    },
  );
  return Object.assign(store, { dir: dataDir });
}
