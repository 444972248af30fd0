/**
 * The embedded default store, on lowdb files under DATA_DIR:
 *
 *   meta.json            schema version and settings
 *   orgs/<id>.json       one organisation: its record, assessments and share links
 *   orgs/<id>.json.bak   the previous good version of that file
 *   journal.log          changes acknowledged since the last checkpoint
 *
 * A write is acknowledged once its record is in the journal: concurrent writes
 * share one fsync (group commit). The organisation files are brought up to
 * date from memory in the background (checkpoint.ts), one file per changed
 * organisation, never the whole database. Every file is read and checked at
 * start-up, then the journals a crash left are replayed into the files; a file
 * that cannot be read, holds anything but an object, or does not fit the
 * schema stops the start with its name, and is left untouched. Temporary files
 * of writes a killed process left are removed.
 */
import { statSync, type Stats } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Store } from '../core/ports.ts';
import { CorruptDataFileError, DurableJSONFile, removeLeftoverTemporaryFiles } from './durable-json-file.ts';
import { createDocumentStore, loadedDocument, type DocumentStoreOptions } from './document-store.ts';
import { emptyMeta, SCHEMA_VERSION, type Meta, type OrgDocument } from './org-document.ts';
import { describeSchemaProblem, metaSchema, orgDocumentSchema } from './stored-schema.ts';
import { journaledPersistence, readJournals, removeJournals, type CheckpointOptions } from './checkpoint.ts';
import { syncFolder } from './group-commit-journal.ts';
import { STORED_ID_PATTERN } from '../core/ids.ts';
import { migrateFromV1 } from './migrate-v1.ts';
import { headOf, type OrgHead } from './org-heads.ts';
import { readStartIndex, startIndex, stillMatches } from './start-index.ts';
import { writeInBackground } from './background-writer.ts';

export class UnsupportedDataError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'UnsupportedDataError';
  }
}

export interface LowdbStore extends Store {
  dir: string;
  /** Writes every acknowledged change to the organisation files and empties the journal (tests, a clean stop). */
  checkpoint(): Promise<void>;
  /** Writes pending share views and checkpoints: call before a clean stop. */
  close(): Promise<void>;
  /** True while acknowledged changes wait for the background checkpoint to write their files. */
  checkpointPending(): boolean;
  /** Records written to the journal and the fsyncs they took (batches). */
  journalStats(): { batches: number; records: number };
  /** How many full organisation documents are held in memory now (bounded by `maxDocuments`). */
  documentsHeld(): number;
  /** What the last start read: organisation files read and checked, and those taken from the index. */
  startStats: { read: number; indexed: number };
  /** Documents the start parsed (files read and journal records replayed): their text is garbage once it is done. */
  documentsReadAtStart: number;
}

type Schema = { safeParse(x: unknown): { success: true; data: unknown } | { success: false; error: import('zod').ZodError } };

function checked<T>(file: string, data: unknown, schema: Schema): T {
  const version = (data as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new UnsupportedDataError(file, `expected schemaVersion ${SCHEMA_VERSION}; got ${JSON.stringify(version)}. This data was written by another version of the app`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new CorruptDataFileError(file, `the data does not fit the schema (${describeSchemaProblem(parsed.error)})`);
  return data as T;
}

async function readChecked<T>(file: string, schema: Schema): Promise<T | null> {
  const data = await new DurableJSONFile<unknown>(file).read();
  return data === null ? null : checked<T>(file, data, schema);
}

export type LowdbStoreOptions = CheckpointOptions & Pick<DocumentStoreOptions, 'maxDocuments'> & {
  /** How long after a checkpoint the start-up index is written (start-index.ts); it is also written at a clean stop. */
  indexDelayMs?: number;
};

/**
 * Stores open in this process, by folder. Another process is kept out by the
 * folder's lock; within one (tests reopen a folder to check what was saved), a
 * second open first has the earlier store checkpoint, so that its background
 * checkpoint cannot move or remove the journal while the new store reads it.
 */
const openInThisProcess = new Map<string, LowdbStore>();

// Over 60 lines because it is the store's start-up in order: files, journal replay, then the running store.
export async function openLowdbStore(dataDir: string, options: LowdbStoreOptions = {}): Promise<LowdbStore> {
  await openInThisProcess.get(resolve(dataDir))?.checkpoint().catch(() => undefined);
  const orgsDir = join(dataDir, 'orgs');
  await mkdir(orgsDir, { recursive: true });
  await migrateFromV1(dataDir);
  await removeLeftoverTemporaryFiles(dataDir);
  await removeLeftoverTemporaryFiles(orgsDir);

  const metaFile = join(dataDir, 'meta.json');
  const fileOf = (id: string) => {
    if (!STORED_ID_PATTERN.test(id)) throw new Error(`unsafe organisation id ${JSON.stringify(id)}`);
    return join(orgsDir, `${id}.json`);
  };
  const log = options.log ?? ((message: string) => console.error(message));
  const index = startIndex(dataDir, { delayMs: options.indexDelayMs ?? 60_000, log });
  const files = {
    async writeDocument(orgId: string, json: string, head: OrgHead) {
      index.record(orgId, await writeInBackground(fileOf(orgId), json), head);
    },
    writeMeta: (meta: Meta) => new DurableJSONFile<Meta>(metaFile).write(meta, { syncFolder: false }),
    async syncFolders() {
      await Promise.all([syncFolder(orgsDir), syncFolder(dataDir)]);
      index.soon();
    },
  };
  const sameName = (file: string, name: string, doc: OrgDocument | null) => {
    if (doc && `${doc.organisation.id}.json` !== name) throw new CorruptDataFileError(file, `holds organisation ${doc.organisation.id}, not the one its name says`);
    return doc;
  };
  const readOne = async (name: string): Promise<OrgDocument | null> => {
    const file = join(orgsDir, name);
    return sameName(file, name, await readChecked<OrgDocument>(file, orgDocumentSchema));
  };
  /**
   * A document read on demand. A file whose size and mtime are still those it
   * had when it was checked (at a start, or when this process wrote it) is
   * trusted as a start trusts the index (start-index.ts), and not checked
   * again: the check was a quarter of a bulk export's time. A file changed
   * since is checked as at a start.
   */
  const readOnDemand = async (orgId: string): Promise<OrgDocument | null> => {
    const name = `${orgId}.json`;
    const file = fileOf(orgId);
    const read = await new DurableJSONFile<unknown>(file).readWithStat();
    if (!read) return null;
    const doc = index.matches(orgId, read) ? (read.data as OrgDocument) : checked<OrgDocument>(file, read.data, orgDocumentSchema);
    return sameName(file, name, doc);
  };

  const storedMeta = await readChecked<Meta>(metaFile, metaSchema);
  let meta = storedMeta ?? emptyMeta();
  const names = (await readdir(orgsDir)).filter((f) => f.endsWith('.json')).sort();
  // Only files that changed since the index was written are read and checked; the others' heads come from it.
  const indexed = await readStartIndex(dataDir, log);
  const startStats = { read: 0, indexed: 0 };
  const loaded: Array<OrgHead | null> = new Array(names.length).fill(null);
  // Stat before the read: a write between the two leaves an entry that no longer matches, never one that matches a file it does not describe.
  const toRead: Array<{ i: number; st: Stats }> = [];
  for (let i = 0; i < names.length; i++) {
    const entry = indexed.get(names[i]!);
    // A synchronous stat: thousands of them at start cost less than a trip each through the thread pool.
    const st = statSync(join(orgsDir, names[i]!));
    if (!stillMatches(entry, st)) {
      toRead.push({ i, st });
      continue;
    }
    startStats.indexed++;
    index.keep(entry.head.organisation.id, entry);
    loaded[i] = entry.head;
  }
  await inTurn(toRead.length, 16, async (n) => {
    const { i, st } = toRead[n]!;
    const doc = await readOne(names[i]!);
    if (!doc) return;
    startStats.read++;
    loaded[i] = headOf(loadedDocument(doc));
    index.record(doc.organisation.id, st, loaded[i]!);
  });
  const heads = new Map(loaded.filter((h): h is OrgHead => h !== null).map((h) => [h.organisation.id, h]));

  // Changes acknowledged before a crash and not yet in the files: checked like a file, then written to the files.
  const replayed = await readJournals(dataDir);
  const journalName = replayed.files.at(-1) ?? join(dataDir, 'journal.log');
  if (replayed.droppedTailBytes) console.error(`${journalName}: dropped ${replayed.droppedTailBytes} bytes at its end, an unfinished write that was never acknowledged (the process stopped part-way)`);
  const fromJournal = [...replayed.docs.values()].map((d) => checked<OrgDocument>(journalName, d, orgDocumentSchema));
  if (replayed.meta !== undefined) meta = checked<Meta>(journalName, replayed.meta, metaSchema);
  for (const raw of fromJournal) {
    const doc = loadedDocument(raw);
    const head = headOf(doc);
    heads.set(doc.organisation.id, head);
    await files.writeDocument(doc.organisation.id, JSON.stringify(doc), head);
  }
  if (replayed.meta !== undefined || !storedMeta) await files.writeMeta(meta);
  await files.syncFolders();
  await removeJournals(dataDir, replayed.files);
  // Rewritten when the start had to read anything, or the index named files that are gone.
  if (startStats.read || fromJournal.length || indexed.size !== startStats.indexed) await index.flush(true);

  const journaled = journaledPersistence(dataDir, files, options);
  const persistence = {
    ...journaled,
    async readDocument(orgId: string): Promise<OrgDocument> {
      const unwritten = journaled.unwritten(orgId);
      if (unwritten) return unwritten;
      const doc = await readOnDemand(orgId);
      if (!doc) throw new CorruptDataFileError(fileOf(orgId), 'the file is gone; it was removed while the app runs');
      return doc;
    },
  };
  const store = createDocumentStore({ heads: [...heads.values()].sort(byId), meta }, persistence, options);
  const opened: LowdbStore = Object.assign(store, {
    dir: dataDir,
    checkpoint: journaled.checkpoint,
    checkpointPending: journaled.pending,
    journalStats: () => ({ ...journaled.journal.stats }),
    startStats,
    documentsReadAtStart: startStats.read + fromJournal.length,
    async close() {
      await store.flushShareViews();
      await journaled.checkpoint();
      await journaled.journal.close();
      await index.flush();
    },
  });
  openInThisProcess.set(resolve(dataDir), opened);
  return opened;
}

/** Runs `task(0..count-1)`, `width` at a time: several reads in flight keep the disk busy while JSON is parsed. */
async function inTurn(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** The order of the file names, as the documents were always listed. */
const byId = (a: OrgHead, b: OrgHead) => {
  const [x, y] = [`${a.organisation.id}.json`, `${b.organisation.id}.json`];
  return x < y ? -1 : x > y ? 1 : 0;
};
