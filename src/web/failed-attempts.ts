/**
 * Failed consultant-key attempts per client address, in fixed windows. Only
 * failures count, so a consultant who types the key right is never slowed;
 * a guesser gets `limit` tries per window, over every route together. Memory
 * is bounded: past MAX_ADDRESSES the oldest windows are dropped first.
 */
export interface FailedAttempts {
  /** Seconds until `address` may try a key again; 0 when it may now. */
  blockedFor(address: string, now: Date): number;
  fail(address: string, now: Date): void;
}

const MAX_ADDRESSES = 10_000;

export function failedAttempts(config: { limit: number; windowMinutes: number } | 'off'): FailedAttempts {
  if (config === 'off') return { blockedFor: () => 0, fail: () => undefined };
  const windowMs = config.windowMinutes * 60_000;
  const windows = new Map<string, { count: number; endsAt: number }>();

  const current = (address: string, at: number) => {
    const w = windows.get(address);
    if (w && w.endsAt > at) return w;
    if (w) windows.delete(address);
    return undefined;
  };

  return {
    blockedFor(address, now) {
      const w = current(address, now.getTime());
      return w && w.count >= config.limit ? Math.ceil((w.endsAt - now.getTime()) / 1000) : 0;
    },
    fail(address, now) {
      const at = now.getTime();
      const w = current(address, at);
      if (w) {
        w.count++;
        return;
      }
      // Insertion order is age order: the first key is the oldest window.
      if (windows.size >= MAX_ADDRESSES) windows.delete(windows.keys().next().value!);
      windows.set(address, { count: 1, endsAt: at + windowMs });
    },
  };
}
