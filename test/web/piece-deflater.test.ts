/**
 * One deflate stream for every kept page (src/web/piece-deflater.ts): each
 * piece's output stands on its own, whatever was deflated before it, so a
 * request's values can go between pieces and one page never depends on another.
 */
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FINAL_BLOCK, pieceDeflater } from '../../src/web/piece-deflater.ts';

const text = (s: string) => Buffer.from(s, 'utf8');
const inflated = (...parts: Buffer[]) => inflateRawSync(Buffer.concat([...parts, FINAL_BLOCK])).toString('utf8');

describe('pieceDeflater', () => {
  it('when pieces repeat each other, then each one still inflates alone, without the pieces before it', async () => {
    const deflater = pieceDeflater();
    const repeated = `<p>${'Business communication and social fluency. '.repeat(40)}</p>`;
    const [first, second, third] = await deflater.deflate([text(repeated), text(repeated), text('')]);
    expect(inflated(first!)).toBe(repeated);
    expect(inflated(second!)).toBe(repeated);
    expect(inflated(third!)).toBe('');
    expect(inflated(first!, second!, third!)).toBe(repeated + repeated);
    // Compressed, not stored: the repetition within a piece is used.
    expect(second!.length).toBeLessThan(repeated.length / 5);
  });

  it('when pages are deflated one after another or at the same moment, then each page gets the bytes it gets alone', async () => {
    const pages = Array.from({ length: 12 }, (_, n) => [text(`<h1>Report ${n}</h1>${'<td>Leadership readiness</td>'.repeat(20 + n)}`), text(`<p>${'é'.repeat(n)} end</p>`)]);
    const alone: Buffer[][] = [];
    for (const page of pages) alone.push(await pieceDeflater().deflate(page));
    const shared = pieceDeflater();
    const atOnce = await Promise.all(pages.map((page) => shared.deflate(page)));
    const again = await shared.deflate(pages[3]!);
    atOnce.forEach((out, n) => expect(Buffer.concat(out).equals(Buffer.concat(alone[n]!))).toBe(true));
    expect(Buffer.concat(again).equals(Buffer.concat(alone[3]!))).toBe(true);
    expect(inflated(...atOnce[7]!)).toBe(Buffer.concat(pages[7]!).toString('utf8'));
  });
});
