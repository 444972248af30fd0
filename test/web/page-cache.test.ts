import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pageCache, slottedPageCache, TOKEN_SLOT } from '../../src/web/page-cache.ts';
import { filledPage, gzippedPage, type SlottedPage } from '../../src/web/slotted-page.ts';

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

  it('when an entry was used since, then the least recently used one goes first', () => {
    const cache = pageCache({ maxEntries: 2, ttlMs: 60_000 });
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 0);
    cache.get('a', 1);
    cache.set('c', 'C', 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual(['A', undefined, 'C']);
  });

  it('when every kept entry was read since, then the new one is still kept and the oldest of them goes', () => {
    const cache = pageCache({ maxEntries: 2, ttlMs: 60_000 });
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 0);
    cache.get('a', 1);
    cache.get('b', 1);
    cache.set('c', 'C', 2);
    expect([cache.get('a', 3), cache.get('b', 3), cache.get('c', 3)]).toEqual([undefined, 'B', 'C']);

    // Read between every two pages kept, an entry outlives any number of them; one never read again goes.
    const often = pageCache({ maxEntries: 2, ttlMs: 60_000 });
    often.set('x', 'X', 0);
    for (const [i, key] of ['d', 'e', 'f', 'g'].entries()) {
      expect(often.get('x', 1 + i)).toBe('X');
      often.set(key, key.toUpperCase(), 1 + i);
    }
    expect([often.size, often.get('x', 9), often.get('f', 9), often.get('g', 9)]).toEqual([2, 'X', undefined, 'G']);
  });

  it('when the entries weigh more than the byte bound, then the oldest go until they fit', () => {
    const cache = pageCache({ maxEntries: 10, ttlMs: 60_000, maxBytes: 5, bytesOf: (s: string) => s.length });
    cache.set('a', 'AA', 0);
    cache.set('b', 'BB', 0);
    cache.set('c', 'CC', 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, 'BB', 'CC']);
  });

  it('when the generation has moved on, then entries made under an older one are neither served nor kept', () => {
    let generation = 1;
    const cache = pageCache({ maxEntries: 10, ttlMs: 60_000, generation: () => generation });
    cache.set('a', 'A', 0);
    cache.set('b', 'B', 0);
    generation = 2;
    cache.sweep(1);
    expect(cache.size).toBe(0);
    cache.set('c', 'made under 1', 1, 1);
    expect(cache.get('c', 2)).toBeUndefined();
    cache.set('d', 'D', 1);
    expect(cache.get('d', 2)).toBe('D');
  });

  it('when no request comes, then the sweep still drops what expired or went stale, and keeps the rest', async () => {
    let clock = 0;
    let generation = 1;
    const cache = pageCache({ maxEntries: 10, ttlMs: 1_000, generation: () => generation, clock: () => clock, sweepEveryMs: 10 });
    cache.set('old', 'O', 0);
    cache.set('young', 'Y', 900);
    clock = 1_500;
    await expect.poll(() => cache.size).toBe(1);
    expect(cache.get('young', 1_500)).toBe('Y');
    generation = 2;
    await expect.poll(() => cache.size).toBe(0);
  });
});

describe('slottedPageCache', () => {
  const filled = (page: SlottedPage, token: string) => filledPage(page, { [TOKEN_SLOT]: token }).toString('utf8');

  it('when requests miss at the same moment, then one render serves them all, each filling every slot with its own token', async () => {
    const cache = slottedPageCache({ maxEntries: 10, maxBytes: 1_000_000, ttlMs: 60_000 });
    let renders = 0;
    const render = async (slot: string) => {
      renders++;
      await new Promise((resolve) => setImmediate(resolve));
      return `<input value="${slot}"><p>café</p><input value="${slot}">`;
    };
    const pages = await Promise.all([0, 1, 2].map(() => cache.page('k', 0, render)));
    expect(renders).toBe(1);
    expect(['t1', 't2', 't3'].map((t, i) => filled(pages[i]!, t))).toEqual(['t1', 't2', 't3'].map((t) => `<input value="${t}"><p>café</p><input value="${t}">`));
    expect(gunzipSync(gzippedPage(pages[0]!, { [TOKEN_SLOT]: 't9' })).toString('utf8')).toBe('<input value="t9"><p>café</p><input value="t9">');
    await cache.page('k', 1, render);
    expect(renders).toBe(1);
  });

  it('when the generation moves on while a page renders, then the page is sent but not kept', async () => {
    let generation = 1;
    const cache = slottedPageCache({ maxEntries: 10, maxBytes: 1_000_000, ttlMs: 60_000, generation: () => generation });
    let renders = 0;
    const render = async (slot: string) => {
      renders++;
      generation++;
      return `<p>${slot}</p>`;
    };
    expect(filled(await cache.page('k', 0, render), 't')).toBe('<p>t</p>');
    expect(cache.kept('k', 1)).toBeUndefined();
    expect(renders).toBe(1);
  });

  it('when a render fails, then the requests waiting for it get the error and the next one renders again', async () => {
    const cache = slottedPageCache({ maxEntries: 10, maxBytes: 1_000_000, ttlMs: 60_000 });
    await expect(cache.page('k', 0, () => Promise.reject(new Error('broken template')))).rejects.toThrow('broken template');
    expect(filled(await cache.page('k', 0, async (slot) => `ok ${slot}`), 't')).toBe('ok t');
  });
});
