/**
 * A small cache of rendered pages that are the same for every reader for a while:
 * a submitted report never changes, only its relative dates ("in 14 days") do, so
 * its HTML is kept for a minute. Bounded; the oldest entry goes first.
 */
export function pageCache(options: { maxEntries: number; ttlMs: number }) {
  const entries = new Map<string, { html: string; at: number }>();
  return {
    get(key: string, now: number): string | undefined {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (now - hit.at >= options.ttlMs || now < hit.at) {
        entries.delete(key);
        return undefined;
      }
      return hit.html;
    },
    set(key: string, html: string, now: number): void {
      entries.delete(key);
      entries.set(key, { html, at: now });
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}
