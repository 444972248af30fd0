import { describe, expect, it } from 'vitest';
import { pdfCache } from '../../src/web/pdf-cache.ts';

const pdf = (text: string) => Buffer.from(text);

describe('pdfCache', () => {
  it('when a key is asked for twice, then it is made once and the same bytes come back', async () => {
    const cache = pdfCache({ maxEntries: 4, maxBytes: 1000 });
    let made = 0;
    const make = async () => pdf(`made ${++made}`);
    const first = await cache.get('a', make);
    const second = await cache.get('a', make);
    expect(made).toBe(1);
    expect(second).toBe(first);
  });

  it('when a key is asked for again while it is being made, then both wait on the one render', async () => {
    const cache = pdfCache({ maxEntries: 4, maxBytes: 1000 });
    let made = 0;
    let finish: (b: Buffer) => void = () => {};
    const make = () => {
      made++;
      return new Promise<Buffer>((resolve) => (finish = resolve));
    };
    const both = Promise.all([cache.get('a', make), cache.get('a', make)]);
    finish(pdf('one'));
    const [x, y] = await both;
    expect(made).toBe(1);
    expect(x.toString()).toBe('one');
    expect(y).toBe(x);
  });

  it('when more PDFs are kept than allowed, then the least recently used goes first', async () => {
    const cache = pdfCache({ maxEntries: 2, maxBytes: 1000 });
    const made: string[] = [];
    const make = (key: string) => async () => {
      made.push(key);
      return pdf(key);
    };
    await cache.get('a', make('a'));
    await cache.get('b', make('b'));
    await cache.get('a', make('a')); // a is now the most recently used
    await cache.get('c', make('c')); // b goes
    expect(cache.size).toBe(2);
    await cache.get('a', make('a'));
    await cache.get('b', make('b'));
    expect(made).toEqual(['a', 'b', 'c', 'b']);
  });

  it('when the kept bytes would pass the bound, then older PDFs go, and one larger than the bound is not kept at all', async () => {
    const cache = pdfCache({ maxEntries: 10, maxBytes: 10 });
    let made = 0;
    const make = (size: number) => async () => {
      made++;
      return Buffer.alloc(size);
    };
    await cache.get('a', make(6));
    await cache.get('b', make(6)); // a goes: 12 bytes would pass 10
    expect(cache.size).toBe(1);
    await cache.get('big', make(11));
    expect(cache.size).toBe(1);
    await cache.get('b', make(6));
    expect(made).toBe(3);
  });

  it('when a render fails, then the failure is not kept', async () => {
    const cache = pdfCache({ maxEntries: 2, maxBytes: 1000 });
    await expect(cache.get('a', async () => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
    expect((await cache.get('a', async () => pdf('ok'))).toString()).toBe('ok');
  });
});
