/**
 * Views of share links are not written one by one: they wait here, are
 * shown with the links at once, and go to disk in one write per organisation
 * every `flushMs`. Reading a shared report never waits for a write, so it
 * cannot fail because the disk is full; views that cannot be written wait
 * for the next try.
 */
import type { ShareLink } from '../core/sharing/share-link.ts';

/** Views of one link kept in memory while the disk refuses them; older ones beyond are dropped. */
const MAX_PENDING_VIEWS = 10_000;

type Views = Array<{ at: string }>;

export interface ShareViewBatch {
  /** The link with the views still waiting to be written. */
  withPendingViews(link: ShareLink): ShareLink;
  /** Keeps a view of the link to write with the next batch. */
  record(token: string, at: string): void;
  /** Writes every waiting view now; views that fail wait for the next try. Never rejects. */
  flush(): Promise<void>;
}

/**
 * `orgOf` names the organisation a link's token belongs to; `write` adds the
 * given views (by token) to that organisation's links in one write.
 */
export function createShareViewBatch(flushMs: number, orgOf: (token: string) => string, write: (orgId: string, views: Map<string, Views>) => Promise<void>): ShareViewBatch {
  const pendingViews = new Map<string, Views>();
  let flushTimer: NodeJS.Timeout | undefined;

  function flushSoon(): void {
    if (flushTimer) return;
    flushTimer = setTimeout(() => void flush(), flushMs);
    flushTimer.unref();
  }

  async function flush(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const taken = new Map(pendingViews);
    pendingViews.clear();
    const byOrg = new Map<string, string[]>();
    for (const token of taken.keys()) {
      const orgId = orgOf(token);
      byOrg.set(orgId, [...(byOrg.get(orgId) ?? []), token]);
    }
    let failed = false;
    await Promise.all(
      [...byOrg].map(([orgId, tokens]) =>
        write(orgId, new Map(tokens.map((t) => [t, taken.get(t)!]))).catch(() => {
          failed = true;
          // Put back, ahead of views that came in meanwhile.
          for (const token of tokens) pendingViews.set(token, [...taken.get(token)!, ...(pendingViews.get(token) ?? [])].slice(-MAX_PENDING_VIEWS));
        }),
      ),
    );
    if (failed || pendingViews.size) flushSoon();
  }

  return {
    withPendingViews(link) {
      const pending = pendingViews.get(link.token);
      return pending?.length ? { ...link, views: [...link.views, ...pending] } : link;
    },
    record(token, at) {
      const views = pendingViews.get(token) ?? [];
      views.push({ at });
      if (views.length > MAX_PENDING_VIEWS) views.splice(0, views.length - MAX_PENDING_VIEWS);
      pendingViews.set(token, views);
      flushSoon();
    },
    flush,
  };
}
