/**
 * Memory given back after a burst of requests. Under load V8 grows its heap
 * for the garbage in flight, then keeps the pages: after the bench's load the
 * heap held 380 MB for 150 MB of live objects, and its own memory reducer never
 * compacted it. So once the server has been quiet for a moment after a burst
 * that grew the heap, one full garbage collection that compacts every page runs
 * (about 0.1-0.4 s with nothing waiting), and the freed pages go back to the
 * system. It runs at most once per `minIntervalMs` (5 s) and never while requests
 * arrive. When the store is still writing a burst's files in the background (`busy`),
 * it runs anyway, and once more as soon as that work is done (within the interval
 * too): what waited for the files is let go only then, and the first compaction
 * alone would leave its pages behind.
 *
 * Growth since the last compaction misses a burst that follows one without growing
 * the heap much more: the heap then holds a young generation grown to its largest
 * (64 MB on Node 24) and old pages that are mostly empty. So, once quiet after
 * requests, a compaction also runs when it can give back `slackBytes` (32 MB): the
 * empty part of each space and, from Node 22, the whole young generation (which
 * Node 20's compaction leaves as it is).
 *
 * The compaction needs V8's gc() (exposed here at start, as --expose-gc would)
 * and its --compact-on-every-full-gc flag, switched on for that one collection.
 */
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface IdleMemoryOptions {
  /** How long without a request counts as quiet. */
  quietMs?: number;
  /** How much the heap must have grown since the last compaction to be worth one. */
  growthBytes?: number;
  /** The least time between two compactions. */
  minIntervalMs?: number;
  /** What a compaction must be able to give back to run after requests that did not grow the heap by `growthBytes`. */
  slackBytes?: number;
  /**
   * True while the app works in the background (the store writing a burst's files):
   * that work holds memory it lets go of when done, so the compaction waits for it.
   */
  busy?: () => boolean;
  now?: () => number;
  heapBytes?: () => number;
  /** What a compaction would give back now (by default `reclaimableBytes()`). */
  reclaimable?: () => number;
  compact?: () => void;
}

let gc: ((options?: object) => void) | undefined;

/**
 * From Node 22, gc()'s `last-resort` flavour also shrinks the young generation, which
 * otherwise keeps its largest size (32 MB on Node 20 and 22, 128 MB on 24) until V8 sees
 * seconds without allocation. Node 20's V8 has no such flavour, and there the options
 * object makes a collection that compacts nothing: it gets a plain gc().
 */
const LAST_RESORT = Number(process.versions.node.split('.')[0]) >= 22;

/**
 * The heap's committed bytes that a compaction would give back: each space's pages
 * beyond what its objects use, and the young generation whole where the compaction
 * shrinks it (Node 22 and later).
 */
export function reclaimableBytes(spaces = getHeapSpaceStatistics(), shrinksYoung = LAST_RESORT): number {
  let bytes = 0;
  for (const s of spaces) {
    if (s.space_name === 'new_space') bytes += shrinksYoung ? s.space_size : 0;
    else bytes += Math.max(0, s.space_size - s.space_used_size);
  }
  return bytes;
}

/** A full collection that compacts every page of the heap, so that what it frees can be returned. */
export function compactHeap(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as (options?: object) => void;
  }
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    if (LAST_RESORT) gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    else gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

export function idleMemory(options: IdleMemoryOptions = {}) {
  const quietMs = options.quietMs ?? 1_000;
  const growthBytes = options.growthBytes ?? 64 * 1024 * 1024;
  const minIntervalMs = options.minIntervalMs ?? 5_000;
  const slackBytes = options.slackBytes ?? 32 * 1024 * 1024;
  const reclaimable = options.reclaimable ?? (() => reclaimableBytes());
  const now = options.now ?? (() => performance.now());
  const heapBytes = options.heapBytes ?? (() => getHeapStatistics().total_heap_size);
  const compact = options.compact ?? compactHeap;
  const busy = options.busy ?? (() => false);

  let lastRequest = -Infinity;
  let lastCompaction = -Infinity;
  let baseline = heapBytes();
  // A compaction ran while background work held memory: once that work is done, what it held is returned too.
  let owed = false;

  return {
    /** Call on every request. */
    request(): void {
      lastRequest = now();
    },
    /** Call now and then (a timer): compacts when the moment has come; true when it did. */
    check(): boolean {
      const at = now();
      if (at - lastRequest < quietMs) return false;
      const working = busy();
      // Growth counts also when no request made it: the background checkpoint after a burst of writes grows the heap too.
      const due = at - lastCompaction >= minIntervalMs;
      const forGrowth = due && heapBytes() - baseline >= growthBytes;
      // Requests since the last compaction that left much of the heap empty: once, until requests come again.
      const forSlack = due && lastRequest > lastCompaction && reclaimable() >= slackBytes;
      // The interval is for bursts that keep coming; what finished background work held goes as soon as it is done.
      const forWork = owed && !working;
      if (!forGrowth && !forSlack && !forWork) return false;
      compact();
      owed = working;
      lastCompaction = now();
      baseline = heapBytes();
      return true;
    },
  };
}

/** Wires `idleMemory` to a server's requests and an unreferenced timer; returns the function that stops it. */
export function releaseMemoryWhenIdle(server: { on(event: 'request', listener: () => void): unknown }, options: IdleMemoryOptions = {}): () => void {
  const idle = idleMemory(options);
  server.on('request', () => idle.request());
  const timer = setInterval(() => idle.check(), Math.max(100, (options.quietMs ?? 1_000) / 2));
  timer.unref();
  return () => clearInterval(timer);
}
