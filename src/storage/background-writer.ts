/**
 * Organisation files written on a thread of their own (background-writer-worker.ts).
 * A checkpoint writes every organisation changed since the last one, each file
 * with a temporary file, an fsync, a backup link and a rename: seven file system
 * calls whose promises, handles and callbacks cost the main thread about as much
 * as the request that made the change. On their own thread they cost the main
 * thread one message each way, and the requests the app is answering meanwhile
 * keep the CPU.
 *
 * One writer per process, started on first use, shared by every store the process
 * opens (tests open many); it holds the process open only while a write is pending.
 * A worker that dies fails the writes it held (the journal still has them, and the
 * checkpoint is tried again) and is started again by the next write.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WrittenFile } from './durable-json-file.ts';

export interface WriteRequest {
  id: number;
  file: string;
  /** The file's JSON text. */
  text: string;
}

export type WriteReply = { id: number; written: WrittenFile } | { id: number; error: { message: string; code?: string | undefined } };

/**
 * Bundled (dist/), the worker is a file beside this code; from the TypeScript
 * sources (tests, the command line, `npm run dev`) it is loaded through tsx,
 * which a worker does not inherit from its parent.
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./background-writer-worker.js', here));
  // The package's ES module build (require.resolve names its CommonJS one, which cannot register hooks in a worker).
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = new URL('./background-writer-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, { eval: true });
}

interface Pending {
  resolve: (written: WrittenFile) => void;
  reject: (err: Error) => void;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 0;
/** A thread with nothing to write for this long is stopped (its heap goes with it) and started again by the next write. */
const IDLE_MS = 2_000;
let idleTimer: NodeJS.Timeout | undefined;

function failAll(err: Error): void {
  worker = undefined;
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function running(): Worker {
  if (worker) return worker;
  const started = startWorker();
  started.on('message', (reply: WriteReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) {
      started.unref();
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        if (pending.size > 0 || worker !== started) return;
        worker = undefined;
        void started.terminate();
      }, IDLE_MS);
      idleTimer.unref();
    }
    if ('error' in reply) p.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
    else p.resolve(reply.written);
  });
  started.on('error', (err) => failAll(err));
  started.on('exit', (code) => {
    if (worker === started) failAll(new Error(`the file writer stopped (exit code ${code})`));
  });
  started.unref();
  worker = started;
  return started;
}

/** Writes `text` (JSON) to `file` durably, except for the fsync of its folder (see DurableJSONFile.writeText). */
export function writeInBackground(file: string, text: string): Promise<WrittenFile> {
  clearTimeout(idleTimer);
  const w = running();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    if (pending.size === 1) w.ref();
    w.postMessage({ id, file, text } satisfies WriteRequest);
  });
}

/** Whether the thread is running now (tests wait on it). */
export const writerRunning = (): boolean => worker !== undefined;
