/**
 * Small caches of rendered pages. A submitted report never changes, only its
 * relative dates ("in 14 days") do, so its HTML is kept for a minute. Bounded by
 * entries and, when given, by bytes; when full, the oldest entry not read since it
 * was last passed over goes first (second chance, close to least recently used).
 */
import { randomBytes } from 'node:crypto';
import type { Application, Response } from 'express';
import { slottedPage, type SlottedPage } from './slotted-page.ts';
import { pageSlabs } from './page-slabs.ts';

export interface PageCacheOptions<T> {
  maxEntries: number;
  ttlMs: number;
  maxBytes?: number;
  bytesOf?: (value: T) => number;
  /**
   * The data's generation (the store's revision), for caches whose keys name it:
   * once it has moved on, entries made under an older one can never be asked for again.
   */
  generation?: () => number;
  /**
   * The clock of the `now` the caller passes, for the sweep: every `sweepEveryMs`
   * (5 s), entries past their time to live or of an older generation are dropped
   * even when no request comes, so a quiet server gives their memory back.
   */
  clock?: () => number;
  sweepEveryMs?: number;
}

export function pageCache<T = string>(options: PageCacheOptions<T>) {
  // In the order they were kept; `used` marks an entry read since it was last passed over (see `set`).
  const entries = new Map<string, { value: T; at: number; bytes: number; generation: number; used: boolean }>();
  let bytes = 0;
  const drop = (key: string) => {
    const hit = entries.get(key);
    if (!hit) return;
    bytes -= hit.bytes;
    entries.delete(key);
  };
  const stale = (hit: { at: number; generation: number }, now: number, generation: number) => now - hit.at >= options.ttlMs || now < hit.at || hit.generation < generation;
  const current = () => options.generation?.() ?? 0;
  const cache = {
    get(key: string, now: number): T | undefined {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (stale(hit, now, current())) {
        drop(key);
        return undefined;
      }
      // Marked, not moved: a read changes no Map (moving each hit to the end cost a delete and an insert per request).
      hit.used = true;
      return hit.value;
    },
    /** Keeps `value`; `generation` is the one it was made under (read before it was made), by default the current one. */
    set(key: string, value: T, now: number, generation = current()): void {
      drop(key);
      if (generation < current()) return;
      const size = options.bytesOf?.(value) ?? 0;
      entries.set(key, { value, at: now, bytes: size, generation, used: false });
      bytes += size;
      // Second chance (CLOCK): the oldest entry goes unless it was read since it was last passed over; then it
      // moves to the end unmarked. Each pass unmarks one entry, so this ends, and what is read stays.
      while (entries.size > options.maxEntries || (options.maxBytes !== undefined && bytes > options.maxBytes && entries.size > 1)) {
        const [oldest, entry] = entries.entries().next().value!;
        // The entry just kept is passed over like a read one: it is what was asked for last.
        if (entry.used || oldest === key) {
          entry.used = false;
          entries.delete(oldest);
          entries.set(oldest, entry);
        } else {
          drop(oldest);
        }
      }
    },
    /** Drops every entry that can no longer be served. */
    sweep(now: number): void {
      const generation = current();
      for (const [key, hit] of entries) if (stale(hit, now, generation)) drop(key);
    },
    get size(): number {
      return entries.size;
    },
  };
  if (options.clock) sweepEvery(cache, options.clock, options.sweepEveryMs ?? 5_000);
  return cache;
}

/** Sweeps `cache` on an unreferenced timer that ends once nothing else holds the cache. */
function sweepEvery(cache: { sweep(now: number): void }, clock: () => number, ms: number): void {
  const ref = new WeakRef(cache);
  const timer = setInterval(() => {
    const held = ref.deref();
    if (held) held.sweep(clock());
    else clearInterval(timer);
  }, ms);
  timer.unref();
}

/**
 * Where a cached page's CSRF token goes: random per process, so no text a user
 * typed (an organisation's name, a link's label) can hold it and be replaced.
 */
export const TOKEN_SLOT = `slot${randomBytes(12).toString('hex')}`;

/**
 * Rendered pages that differ per request at most by the CSRF token (the consultant's
 * dashboard and report; the public report has no token): kept as a slotted page
 * (slotted-page.ts) with holes at the token's slots, if any, which the caller fills
 * per request as it sends the page. A page's
 * key must name everything the page shows but the token and the clock (the store's
 * revision, the query...): the time to live bounds how stale a relative date gets.
 * Requests that miss at the same moment share one render.
 */
export function slottedPageCache(options: Omit<PageCacheOptions<SlottedPage>, 'bytesOf'> & { maxBytes: number }) {
  const pages = pageCache<SlottedPage>({ ...options, bytesOf: (page) => page.bytes });
  // Its pages' bytes go back to the system once they expire (page-slabs.ts).
  const slabs = pageSlabs({ maxAgeMs: options.ttlMs, now: options.clock ?? Date.now });
  const rendering = new Map<string, Promise<SlottedPage>>();

  return {
    /** The page under `key`, if it is kept; nothing is rendered. */
    kept: (key: string, now: number): SlottedPage | undefined => pages.get(key, now),
    /** The page under `key`; `render` makes it (with TOKEN_SLOT where the token goes) when it is not kept. */
    page(key: string, now: number, render: (slot: string) => Promise<string>): Promise<SlottedPage> {
      const kept = pages.get(key, now);
      if (kept) return Promise.resolve(kept);
      let pending = rendering.get(key);
      if (!pending) {
        const generation = options.generation?.() ?? 0;
        pending = render(TOKEN_SLOT).then((html) => slottedPage(html, [TOKEN_SLOT], slabs.allocate));
        rendering.set(key, pending);
        pending.then((page) => pages.set(key, page, now, generation)).catch(() => undefined).finally(() => rendering.delete(key));
      }
      return pending;
    },
  };
}

/** A view rendered as `res.render` would send it (with `res.locals`), returned instead of sent. */
export const renderHtml = (res: Response, view: string, locals: object): Promise<string> =>
  new Promise((resolve, reject) => res.render(view, locals, (err: Error | null, html: string) => (err ? reject(err) : resolve(html))));

/** A view rendered with the app's locals only, none of this request's: for a page shared by everyone who asks. */
export const renderAppHtml = (app: Application, view: string, locals: object): Promise<string> =>
  new Promise((resolve, reject) => app.render(view, locals, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? ''))));
