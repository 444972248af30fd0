/**
 * After a burst of requests the server gives its grown heap back once it is
 * quiet (src/platform/idle-memory.ts): when, how often, and that the
 * compaction really shrinks V8's heap on the Node this runs on.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { compactHeap, idleMemory, reclaimableBytes } from '../../src/platform/idle-memory.ts';

const MB = 1024 * 1024;

function setUp(options: { busy?: () => boolean } = {}) {
  const clock = { now: 0 };
  // What the heap has committed, and how much of it a compaction would give back.
  const heap = { bytes: 100 * MB, empty: 0 };
  let compactions = 0;
  const idle = idleMemory({
    quietMs: 1_000,
    growthBytes: 64 * MB,
    minIntervalMs: 30_000,
    slackBytes: 32 * MB,
    now: () => clock.now,
    heapBytes: () => heap.bytes,
    reclaimable: () => heap.empty,
    ...options,
    compact: () => {
      compactions++;
      heap.bytes = 110 * MB;
      heap.empty = 0;
    },
  });
  return { clock, heap, idle, compactions: () => compactions };
}

describe('giving memory back when idle', () => {
  it('when requests grew the heap and then stop for a second, then one compaction runs, and none while requests arrive', () => {
    const { clock, heap, idle, compactions } = setUp();
    for (let t = 0; t < 5_000; t += 100) {
      clock.now = t;
      idle.request();
      heap.bytes += 5 * MB;
      expect(idle.check()).toBe(false);
    }
    clock.now = 5_500;
    expect(idle.check()).toBe(false);
    clock.now = 6_000;
    expect(idle.check()).toBe(true);
    clock.now = 9_000;
    expect(idle.check()).toBe(false);
    expect(compactions()).toBe(1);
  });

  /** A burst that grew the heap, then quiet while the app still works in the background: the first compaction has run. */
  function compactedWhileBusy() {
    const work = { busy: true };
    const set = setUp({ busy: () => work.busy });
    set.idle.request();
    set.heap.bytes += 100 * MB;
    set.clock.now = 5_000;
    expect(set.idle.check()).toBe(true);
    return { ...set, work };
  }

  it('when the app still works in the background after the requests stop, then it compacts for the growth, and once more when that work is done', () => {
    const { clock, idle, compactions, work } = compactedWhileBusy();
    // Past the interval, but the background work goes on and the heap did not grow again: nothing yet.
    clock.now = 40_000;
    expect(idle.check()).toBe(false);
    // The work is done: what it held is returned, once.
    work.busy = false;
    expect(idle.check()).toBe(true);
    clock.now = 80_000;
    expect(idle.check()).toBe(false);
    expect(compactions()).toBe(2);
  });

  it('when the background work ends soon after a compaction, then the second one runs as soon as it is done, within the interval too', () => {
    const { clock, heap, idle, compactions, work } = compactedWhileBusy();
    clock.now = 6_000;
    expect(idle.check()).toBe(false);
    work.busy = false;
    expect(idle.check()).toBe(true);
    // Nothing more is owed, and the heap did not grow: the interval holds again.
    heap.bytes += 100 * MB;
    clock.now = 7_000;
    expect(idle.check()).toBe(false);
    expect(compactions()).toBe(2);
  });

  it('when the heap did not grow by the threshold, or the last compaction was recent, then nothing runs', () => {
    const { clock, heap, idle, compactions } = setUp();
    idle.request();
    heap.bytes += 10 * MB;
    clock.now = 2_000;
    expect(idle.check()).toBe(false);

    heap.bytes += 100 * MB;
    expect(idle.check()).toBe(true);
    // Another burst at once: not again within the interval, but after it.
    clock.now = 3_000;
    idle.request();
    heap.bytes += 100 * MB;
    clock.now = 10_000;
    expect(idle.check()).toBe(false);
    clock.now = 32_001;
    expect(idle.check()).toBe(true);
    expect(compactions()).toBe(2);
  });

  it('when requests leave much of the heap empty without growing it by the threshold, then one compaction runs once they stop, and no other until requests come again', () => {
    const { clock, heap, idle, compactions } = setUp();
    idle.request();
    heap.bytes += 20 * MB;
    heap.empty = 16 * MB;
    clock.now = 2_000;
    // Too little to give back.
    expect(idle.check()).toBe(false);
    heap.empty = 48 * MB;
    expect(idle.check()).toBe(true);
    // Empty again (Node 20 keeps its young generation), but no request since: nothing.
    heap.empty = 40 * MB;
    clock.now = 40_000;
    expect(idle.check()).toBe(false);
    clock.now = 41_000;
    idle.request();
    clock.now = 42_000;
    expect(idle.check()).toBe(true);
    expect(compactions()).toBe(2);
  });

  it('when the heap is measured, then what a compaction gives back is the empty part of each space, and the young generation whole only where the compaction shrinks it', () => {
    const space = (space_name: string, space_size: number, space_used_size: number) => ({ space_name, space_size, space_used_size, space_available_size: 0, physical_space_size: space_size });
    const spaces = [space('new_space', 64 * MB, 1 * MB), space('old_space', 100 * MB, 70 * MB), space('large_object_space', 10 * MB, 10 * MB)];
    expect(reclaimableBytes(spaces, true)).toBe(94 * MB);
    expect(reclaimableBytes(spaces, false)).toBe(30 * MB);
  });

  it('when most of a grown heap is garbage, then the compaction returns its pages to the system', () => {
    let kept: Array<{ n: number; text: string }> = [];
    for (let n = 0; n < 400_000; n++) kept.push({ n, text: `record ${n}` });
    // Nine in ten become garbage, scattered over every page.
    kept = kept.filter((r) => r.n % 10 === 0);
    const before = getHeapStatistics().total_heap_size;
    compactHeap();
    const after = getHeapStatistics().total_heap_size;
    expect(kept).toHaveLength(40_000);
    expect(after).toBeLessThan(before - 10 * MB);
  });

  // Node 20's V8 shrinks the young generation only seconds later, on its own; from Node 22 the compaction does it.
  it.runIf(Number(process.versions.node.split('.')[0]) >= 22)('when the young generation grew under load, then the compaction shrinks it (Node 22 and later)', () => {
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size;
    let last: object[] = [];
    for (let n = 0; n < 2_000_000; n++) last = [{ n }, ...last.slice(0, 99)];
    const before = young();
    compactHeap();
    expect(last).toHaveLength(100);
    expect(before).toBeGreaterThan(8 * MB);
    expect(young()).toBeLessThan(before / 4);
  });
});
