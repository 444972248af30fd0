/**
 * Persistence through the journal: a write is acknowledged once its record is
 * in journal.log (group commit, see group-commit-journal.ts); the organisation
 * files are written from memory in the background, a checkpoint at a time:
 *
 *   1. between two journal batches, journal.log becomes journal.checkpoint.log
 *      and the documents acknowledged in it are taken as one set;
 *   2. each is written to its file (temporary file, fsync, rename), then one
 *      fsync of the orgs folder makes the renames durable;
 *   3. journal.checkpoint.log is removed.
 *
 * A document changed many times between checkpoints is written once. A crash
 * at any step leaves every acknowledged record in a journal file, and start-up
 * replays them (replayJournals) before anything else. A checkpoint that fails
 * (a full disk) keeps its journal file and is tried again; writes go on being
 * acknowledged by the journal meanwhile.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Persistence } from './document-store.ts';
import type { Meta, OrgDocument } from './org-document.ts';
import { CHECKPOINT_FILE, GroupCommitJournal, JOURNAL_FILE, syncFolder } from './group-commit-journal.ts';
import { decodeJournal, encodeDocumentRecord, encodeRecord } from './journal-records.ts';
import { CorruptDataFileError } from './durable-json-file.ts';
import { headOf, type OrgHead } from './org-heads.ts';

export interface FileWriter {
  /** Writes one organisation's file durably (`json`: the document, serialised; `head`: what lists need of it), except for the fsync of its folder. */
  writeDocument(orgId: string, json: string, head: OrgHead): Promise<void>;
  writeMeta(meta: Meta): Promise<void>;
  /** Fsyncs the folders whose entries the writes above changed. */
  syncFolders(): Promise<void>;
}

export interface CheckpointOptions {
  /** How long after the first unwritten change a checkpoint starts; changes arriving meanwhile join it. */
  delayMs?: number;
  /** While writes keep arriving, the checkpoint waits for a pause this long (default: a fifth of `delayMs`)... */
  quietMs?: number;
  /** ...but starts no later than this after the first unwritten change (default: six times `delayMs`). */
  maxDelayMs?: number;
  /** Organisation files written at once during a checkpoint. */
  concurrency?: number;
  /** Where a failed background checkpoint is reported. */
  log?: (message: string) => void;
}

/**
 * A document acknowledged and not yet in its file: its JSON as the journal has
 * it, and its head (which the store holds anyway). Not the document's objects,
 * which nothing else here needs: a burst's documents would stay in the heap until
 * the checkpoint, and a read of one that has left the document cache parses its
 * JSON again.
 */
interface Unwritten {
  json: string;
  head: OrgHead;
}

interface Pending {
  docs: Map<string, Unwritten>;
  meta: Meta | undefined;
}

export interface JournaledPersistence extends Omit<Persistence, 'readDocument'> {
  /** Writes every acknowledged change to the files and empties the journal. */
  checkpoint(): Promise<void>;
  journal: GroupCommitJournal;
  /** The newest acknowledged version of a document that its file may not hold yet; otherwise the file is current. */
  unwritten(orgId: string): OrgDocument | undefined;
  /** True while acknowledged changes wait for their files (a checkpoint due or running). */
  pending(): boolean;
}

// Over 60 lines because it is a factory: the checkpoint's steps close over one journal and its pending sets.
export function journaledPersistence(dataDir: string, files: FileWriter, options: CheckpointOptions = {}): JournaledPersistence {
  const delayMs = options.delayMs ?? 5_000;
  const quietMs = options.quietMs ?? delayMs / 5;
  const maxDelayMs = options.maxDelayMs ?? delayMs * 6;
  const concurrency = options.concurrency ?? 8;
  const log = options.log ?? ((message: string) => console.error(message));
  const journal = new GroupCommitJournal(dataDir);
  let dirty: Pending = { docs: new Map(), meta: undefined };
  let rotated: Pending | undefined;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let failures = 0;
  /** When the oldest change not yet taken by a checkpoint was acknowledged, and the latest one. */
  let dirtySince: number | undefined;
  let lastWrite = 0;
  const now = () => performance.now();

  const isEmpty = (p: Pending) => p.docs.size === 0 && p.meta === undefined;
  const run = () =>
    checkpoint().then(
      () => (failures = 0),
      (err: Error) => {
        failures++;
        log(`The organisation files could not be brought up to date (${err.message}); the journal keeps every saved change, and this is tried again.`);
        retry(Math.min(30_000, delayMs * 2 ** failures));
      },
    );
  const retry = (ms: number) => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, ms);
    timer.unref();
  };
  /**
   * The checkpoint's file writes compete with requests for the CPU (a new
   * organisation's file costs about as much as the request that made it), so
   * during a burst of writes they wait for a pause, never longer than
   * `maxDelayMs`: the journal holds every change meanwhile, and under writes
   * that never pause the files are brought up to date every `maxDelayMs`.
   */
  const dueAt = () => (dirtySince === undefined ? undefined : Math.min(Math.max(dirtySince + delayMs, lastWrite + quietMs), dirtySince + maxDelayMs));
  const arm = () => {
    const due = dueAt();
    if (timer || due === undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      const next = dueAt();
      // Writes went on since the timer was set: wait for their pause.
      if (next !== undefined && next > now() + 1) return arm();
      run();
    }, Math.max(0, due - now()));
    timer.unref();
  };

  async function writeFiles(p: Pending): Promise<void> {
    const docs = [...p.docs];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, docs.length) }, async () => {
        while (next < docs.length) {
          const [orgId, { json, head }] = docs[next++]!;
          await files.writeDocument(orgId, json, head);
        }
      }),
    );
    if (p.meta) await files.writeMeta(p.meta);
    await files.syncFolders();
  }

  async function runCheckpoint(): Promise<void> {
    if (!rotated) {
      const swapped = await journal.rotate(() => {
        rotated = dirty;
        dirty = { docs: new Map(), meta: undefined };
        dirtySince = undefined;
      });
      if (!swapped) return;
    }
    await writeFiles(rotated!);
    await journal.dropCheckpointFile();
    rotated = undefined;
    if (!isEmpty(dirty)) arm();
  }

  function checkpoint(): Promise<void> {
    const done = chain.then(runCheckpoint);
    chain = done.catch(() => undefined);
    return done;
  }

  const append = (record: Buffer, onDurable: () => void) =>
    journal.append(record, () => {
      onDurable();
      lastWrite = now();
      dirtySince ??= lastWrite;
      arm();
    });

  return {
    journal,
    checkpoint,
    writeDocument(doc) {
      const { record, json } = encodeDocumentRecord(doc);
      // headOf keeps what it made for this document: the store's commit asks for the same head next.
      const head = headOf(doc);
      return append(record, () => void dirty.docs.set(doc.organisation.id, { json, head }));
    },
    writeMeta: (meta) => append(encodeRecord({ meta }), () => void (dirty.meta = meta)),
    // `rotated` is let go only once its files are written, so the newest version is here or in its file.
    unwritten: (orgId) => {
      const json = (dirty.docs.get(orgId) ?? rotated?.docs.get(orgId))?.json;
      return json === undefined ? undefined : (JSON.parse(json) as OrgDocument);
    },
    pending: () => !isEmpty(dirty) || rotated !== undefined,
  };
}

/** What the journals left by the last run hold, oldest first; the newest version of each document wins. */
export interface Replayed {
  docs: Map<string, unknown>;
  meta: unknown;
  files: string[];
  droppedTailBytes: number;
}

export async function readJournals(dataDir: string): Promise<Replayed> {
  const replayed: Replayed = { docs: new Map(), meta: undefined, files: [], droppedTailBytes: 0 };
  for (const name of [CHECKPOINT_FILE, JOURNAL_FILE]) {
    const file = join(dataDir, name);
    const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw new CorruptDataFileError(file, `the journal cannot be read (${err.code ?? err.message})`);
    });
    if (!bytes) continue;
    replayed.files.push(file);
    const { payloads, droppedTailBytes } = decodeJournal(file, bytes);
    replayed.droppedTailBytes += droppedTailBytes;
    for (const [i, payload] of payloads.entries()) {
      const record = payload as Partial<{ doc: { organisation?: { id?: unknown } }; meta: unknown }>;
      if (record.meta !== undefined) replayed.meta = record.meta;
      else if (typeof record.doc?.organisation?.id === 'string') replayed.docs.set(record.doc.organisation.id, record.doc);
      else throw new CorruptDataFileError(file, `record ${i + 1} holds neither an organisation document nor settings`);
    }
  }
  return replayed;
}

/** Removes the journals once what they held is in the files. */
export async function removeJournals(dataDir: string, files: string[]): Promise<void> {
  await Promise.all(files.map((file) => unlink(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  })));
  if (files.length) await syncFolder(dataDir);
}
