/**
 * Memory for kept pages that goes back to the system when they expire.
 *
 * Each kept page was one block of the C heap (about 40 kB). glibc serves blocks
 * of that size from its main heap and can give back only the free space at the
 * top of it: once the pages of a load expired, the blocks that other work had
 * taken in between held the rest. After the bench's load, 87 MB of that heap
 * were free and still resident (Node 24); a `malloc_trim` gave 68 MB back, and
 * Node has no way to call one.
 *
 * So the pages of a cache are copied, one after the other, into slabs of
 * 32 MB. glibc maps a block that large on its own (its threshold for that moves
 * with the sizes freed, but never above 32 MB) and unmaps it when it is freed,
 * which V8 does once no page in it is reachable. The allocator holds the slab it
 * fills only weakly, so a slab whose pages have all gone is collected too. Only
 * the pages placed in it count towards RSS: the rest of a slab is address space.
 *
 * A slab takes pages for at most `maxAgeMs` (a cache's time to live): when pages
 * come a few at a time, the slab they go to is let go of soon after the last of
 * them expires, instead of gathering every page of hours until it is full.
 * Pages are never copied from one slab to another, so one page still kept holds
 * its whole slab: a cache has at most `maxSlabs` (4) slabs at once, and past that a
 * page gets a block of its own until one of them is collected.
 */
export interface PageSlabOptions {
  /** How long a slab takes new pages (from its first); give the cache's time to live. */
  maxAgeMs: number;
  /** The clock of `maxAgeMs`. */
  now: () => number;
  /** A slab's size (32 MB); a block over an eighth of it is allocated on its own. */
  slabBytes?: number;
  /** How many slabs may be alive at once (4); past that, pages get blocks of their own. */
  maxSlabs?: number;
}

export const SLAB_BYTES = 32 * 1024 * 1024;

export function pageSlabs(options: PageSlabOptions) {
  const slabBytes = options.slabBytes ?? SLAB_BYTES;
  const maxSlabs = options.maxSlabs ?? 4;
  // Slabs not yet collected: counted down when V8 collects one.
  let alive = 0;
  const collected = new FinalizationRegistry<undefined>(() => alive--);
  // The slab's memory, not a Buffer over it: each page is a view of its own on it, and a Buffer only the
  // allocator had would be collected (and the slab left half empty) while the pages still hold the memory.
  let current: WeakRef<ArrayBuffer> | undefined;
  let used = 0;
  let since = 0;

  return {
    /** `bytes` of uninitialised memory: a view on the slab being filled, or a block of its own when large. */
    allocate(bytes: number): Buffer {
      if (bytes > slabBytes / 8) return Buffer.allocUnsafeSlow(bytes);
      const at = options.now();
      let slab = current?.deref();
      if (!slab || used + bytes > slabBytes || at - since >= options.maxAgeMs || at < since) {
        if (alive >= maxSlabs) return Buffer.allocUnsafeSlow(bytes);
        slab = Buffer.allocUnsafeSlow(slabBytes).buffer;
        alive++;
        collected.register(slab, undefined);
        current = new WeakRef(slab);
        used = 0;
        since = at;
      }
      const block = Buffer.from(slab, used, bytes);
      // The next block starts on 8 bytes, as malloc's would.
      used += (bytes + 7) & ~7;
      return block;
    },
  };
}
