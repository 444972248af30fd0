/**
 * Kept pages are copied into shared slabs (web/page-slabs.ts), so that their
 * memory goes back to the system whole when they expire instead of leaving
 * holes in glibc's heap.
 */
import { describe, expect, it } from 'vitest';
import { pageSlabs, SLAB_BYTES } from '../../src/web/page-slabs.ts';
import { slottedPageCache, TOKEN_SLOT } from '../../src/web/page-cache.ts';
import { filledPage } from '../../src/web/slotted-page.ts';
import { compactHeap } from '../../src/platform/idle-memory.ts';

const SMALL = 64 * 1024;

describe('page slabs', () => {
  it('when pages are kept, then they follow one another in one slab until it is full, each on 8 bytes; a page too large for a slab gets a block of its own', () => {
    const slabs = pageSlabs({ maxAgeMs: 60_000, now: () => 0, slabBytes: SMALL });
    const a = slabs.allocate(100);
    const b = slabs.allocate(200);
    expect(a.buffer).toBe(b.buffer);
    expect(a.buffer.byteLength).toBe(SMALL);
    expect(a.length).toBe(100);
    expect(b.byteOffset - a.byteOffset).toBe(104);
    a.fill(1);
    b.fill(2);
    expect([...a].every((x) => x === 1) && [...b].every((x) => x === 2)).toBe(true);

    const fits = slabs.allocate(SMALL / 8);
    expect(fits.buffer).toBe(a.buffer);
    let next = fits;
    while (next.buffer === a.buffer) next = slabs.allocate(SMALL / 8);
    expect(next.byteOffset).toBe(0);
    expect(next.buffer.byteLength).toBe(SMALL);

    const large = slabs.allocate(SMALL / 8 + 1);
    expect(large.buffer.byteLength).toBe(SMALL / 8 + 1);
    expect(slabs.allocate(10).buffer).toBe(next.buffer);
  });

  it('when a garbage collection runs while pages in the slab are kept, then the next page still goes to that slab', async () => {
    const slabs = pageSlabs({ maxAgeMs: 60_000, now: () => 0, slabBytes: SMALL });
    const kept = slabs.allocate(100);
    await new Promise((resolve) => setImmediate(resolve));
    compactHeap();
    const next = slabs.allocate(100);
    expect(next.buffer).toBe(kept.buffer);
    expect(next.byteOffset).toBe(104);
  });

  it("when a slab has taken pages for the cache's time to live, then the next page starts a new one", () => {
    let now = 1_000;
    const slabs = pageSlabs({ maxAgeMs: 60_000, now: () => now, slabBytes: SMALL });
    const first = slabs.allocate(10);
    now += 59_999;
    expect(slabs.allocate(10).buffer).toBe(first.buffer);
    now += 1;
    const later = slabs.allocate(10);
    expect(later.buffer).not.toBe(first.buffer);
    expect(later.byteOffset).toBe(0);
  });

  it('when every page in a slab is gone, then the slab can be collected: the allocator does not hold it', async () => {
    const slabs = pageSlabs({ maxAgeMs: 60_000, now: () => 0, slabBytes: SMALL });
    const slab = (() => new WeakRef(slabs.allocate(100).buffer))();
    // A WeakRef holds its target until the end of the job that made it.
    await new Promise((resolve) => setImmediate(resolve));
    await expect.poll(() => {
      compactHeap();
      return slab.deref();
    }).toBeUndefined();
    // The next page starts a new slab.
    expect(slabs.allocate(100).byteOffset).toBe(0);
  });

  it('when old pages still hold as many slabs as a cache may have, then a page gets a block of its own, and a slab again once one is collected', async () => {
    const slabs = pageSlabs({ maxAgeMs: 60_000, now: () => 0, slabBytes: SMALL, maxSlabs: 2 });
    // A slab's worth of pages, of which one is kept.
    const fill = () => {
      const first = slabs.allocate(SMALL / 8);
      for (let i = 1; i < 8; i++) expect(slabs.allocate(SMALL / 8).buffer).toBe(first.buffer);
      return first;
    };
    let held: Buffer[] = [fill(), fill()];
    expect(held[0]!.buffer).not.toBe(held[1]!.buffer);
    const alone = slabs.allocate(100);
    expect(alone.buffer.byteLength).toBe(100);
    held = [held[1]!];
    // Finalisers run in a task of their own after the collection that found the slab unreachable.
    await new Promise((resolve) => setImmediate(resolve));
    await expect.poll(async () => {
      compactHeap();
      await new Promise((resolve) => setImmediate(resolve));
      return slabs.allocate(100).buffer.byteLength;
    }).toBe(SMALL);
    expect(held[0]!.length).toBe(SMALL / 8);
  });

  it("when a cache keeps pages, then they share its slabs and read back as they were rendered", async () => {
    const cache = slottedPageCache({ maxEntries: 10, maxBytes: 1024 * 1024, ttlMs: 60_000, clock: () => 0 });
    const html = (n: number) => `<!doctype html><p>Report ${n} ${'é'.repeat(n)}</p><input value="${TOKEN_SLOT}"><p>end ${n}</p>`;
    const one = await cache.page('one', 0, async () => html(1));
    const two = await cache.page('two', 0, async () => html(2));
    expect(one.pieces[0]!.buffer).toBe(two.pieces[0]!.buffer);
    expect(one.pieces[0]!.buffer.byteLength).toBe(SLAB_BYTES);
    expect(filledPage(one, { [TOKEN_SLOT]: 't1' }).toString('utf8')).toBe(html(1).replace(TOKEN_SLOT, 't1'));
    expect(filledPage(two, { [TOKEN_SLOT]: 't2' }).toString('utf8')).toBe(html(2).replace(TOKEN_SLOT, 't2'));
  });
});
