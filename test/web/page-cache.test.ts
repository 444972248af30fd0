import { describe, expect, it } from 'vitest';
import { pageCache } from '../../src/web/page-cache.ts';

describe('pageCache', () => {
  it('when an entry is younger than its time to live, then it is served; once older, it is gone', () => {
    const cache = pageCache({ maxEntries: 10, ttlMs: 60_000 });
    cache.set('a', '<p>a</p>', 1_000);
    expect(cache.get('a', 60_999)).toBe('<p>a</p>');
    expect(cache.get('a', 61_000)).toBeUndefined();
    expect(cache.get('a', 1_000)).toBeUndefined();
  });

  it('when more entries than the bound are kept, then the oldest goes first', () => {
    const cache = pageCache({ maxEntries: 2, ttlMs: 60_000 });
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 0);
    cache.set('c', 'C', 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, 'B', 'C']);
  });

  it('when the clock goes backwards, then the entry is not trusted', () => {
    const cache = pageCache({ maxEntries: 2, ttlMs: 60_000 });
    cache.set('a', 'A', 5_000);
    expect(cache.get('a', 4_000)).toBeUndefined();
  });
});
