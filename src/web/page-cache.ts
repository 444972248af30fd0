/**
 * Small caches of rendered pages. A submitted report never changes, only its
 * relative dates ("in 14 days") do, so its HTML is kept for a minute. Bounded by
 * entries and, when given, by bytes; the least recently used entry goes first.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

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
  const entries = new Map<string, { value: T; at: number; bytes: number; generation: number }>();
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
      // Re-inserted, so that the Map's order is the order of use.
      entries.delete(key);
      entries.set(key, hit);
      return hit.value;
    },
    /** Keeps `value`; `generation` is the one it was made under (read before it was made), by default the current one. */
    set(key: string, value: T, now: number, generation = current()): void {
      drop(key);
      if (generation < current()) return;
      const size = options.bytesOf?.(value) ?? 0;
      entries.set(key, { value, at: now, bytes: size, generation });
      bytes += size;
      while (entries.size > options.maxEntries || (options.maxBytes !== undefined && bytes > options.maxBytes && entries.size > 1)) drop(entries.keys().next().value!);
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
 * Rendered pages that differ per request only by the CSRF token (the consultant's
 * dashboard and report): kept as UTF-8 pieces around the token's slots, the token
 * filled in per request. A page's key must name everything the page shows but the
 * token and the clock (the store's revision, the query...): the time to live bounds
 * how stale a relative date gets. Requests that miss at the same moment share one
 * render.
 */
export function slottedPageCache(options: Omit<PageCacheOptions<Buffer[]>, 'bytesOf'> & { maxBytes: number }) {
  const pages = pageCache<Buffer[]>({ ...options, bytesOf: (parts) => parts.reduce((n, p) => n + p.length, 0) });
  const rendering = new Map<string, Promise<Buffer[]>>();

  const piecesOf = (key: string, now: number, render: (slot: string) => Promise<string>): Promise<Buffer[]> => {
    const kept = pages.get(key, now);
    if (kept) return Promise.resolve(kept);
    let pending = rendering.get(key);
    if (!pending) {
      const generation = options.generation?.() ?? 0;
      pending = render(TOKEN_SLOT).then((html) => html.split(TOKEN_SLOT).map((s) => Buffer.from(s, 'utf8')));
      rendering.set(key, pending);
      pending.then((parts) => pages.set(key, parts, now, generation)).catch(() => undefined).finally(() => rendering.delete(key));
    }
    return pending;
  };

  const fill = (parts: Buffer[], token: string) => {
    const filled = Buffer.from(token, 'utf8');
    return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [filled, p])));
  };

  return {
    /** The page under `key` with `token` in its slots, if it is kept; nothing is rendered. */
    kept(key: string, now: number, token: () => string): Buffer | undefined {
      const parts = pages.get(key, now);
      return parts && fill(parts, token());
    },
    /** The page under `key` with `token` in its slots; `render` makes it (with the slot for the token) when it is not kept. */
    async page(key: string, now: number, token: () => string, render: (slot: string) => Promise<string>): Promise<Buffer> {
      return fill(await piecesOf(key, now, render), token());
    },
  };
}

/** A view rendered as `res.render` would send it (with `res.locals`), returned instead of sent. */
export const renderHtml = (res: Response, view: string, locals: object): Promise<string> =>
  new Promise((resolve, reject) => res.render(view, locals, (err: Error | null, html: string) => (err ? reject(err) : resolve(html))));

/** A page kept for everyone who asks (no token in it): its bytes, and the same gzipped once a browser takes gzip. */
export interface KeptPage {
  html: Buffer;
  gzipped?: Buffer;
}

export const keptPage = (html: string): KeptPage => ({ html: Buffer.from(html, 'utf8') });

/**
 * Sends a kept page as it is, or gzipped to a browser that takes gzip; the
 * gzipped copy is made once and kept with the page, where the compression
 * middleware would gzip the same bytes again for every request.
 */
export function sendKept(req: Request, res: Response, page: KeptPage): void {
  res.type('html').vary('Accept-Encoding');
  if (req.acceptsEncodings('gzip', 'identity') !== 'gzip') return void res.send(page.html);
  page.gzipped ??= gzipSync(page.html);
  res.set('Content-Encoding', 'gzip').send(page.gzipped);
}
