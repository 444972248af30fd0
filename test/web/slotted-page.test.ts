/**
 * A slotted page (web/slotted-page.ts) is gzipped once, with each request's
 * values spliced in as stored deflate blocks: what a browser unzips must be,
 * byte for byte, the page as filled, whatever the holes hold and wherever they are.
 */
import { gunzipSync, createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { filledPage, gzippedPage, slottedPage } from '../../src/web/slotted-page.ts';

const A = 'slotAaaa';
const B = 'slotBbbb';
const fillText = (html: string, fills: Record<string, string>) => html.replaceAll(A, fills[A] ?? '').replaceAll(B, fills[B] ?? '');

describe('slottedPage', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['no hole', '<p>Nothing to fill — café</p>', {}],
    ['a hole at each end and two side by side', `${A}<form>${A}${B}</form>${B}`, { [A]: 'tok|en', [B]: 'n0nce' }],
    ['one slot many times, the same value in each', `<input value="${A}"><p>${'word '.repeat(2000)}</p><input value="${A}">`, { [A]: 'the-token' }],
    ['values with multi-byte text and an empty one', `<p>Zürich ${A} 東京 ${B}</p>`, { [A]: 'ümlaut →', [B]: '' }],
    ['an empty page around a hole', A, { [A]: 'x' }],
    ['a value longer than one stored block holds', `<p>${A}</p>`, { [A]: 'v'.repeat(70_000) + 'é' }],
    ['the same text on both sides of a hole', `<p>${'Owners need social fluency. '.repeat(30)}</p>${A}<p>${'Owners need social fluency. '.repeat(30)}</p>`, { [A]: 'a value of another length than the slot' }],
  ];

  it.each(cases)('when it has %s, then its gzip unzips to the page as filled, and its plain bytes are the same page', async (_name, html, fills) => {
    const page = await slottedPage(html, [A, B]);
    const expected = fillText(html, fills);
    expect(filledPage(page, fills).toString('utf8')).toBe(expected);
    const gzipped = gzippedPage(page, fills);
    // zlib checks the trailer's CRC-32 and length: a wrong one throws.
    expect(gunzipSync(gzipped).toString('utf8')).toBe(expected);
    // A streaming decoder, fed a few bytes at a time, as a browser reads it off the network.
    const pieces = Array.from({ length: Math.ceil(gzipped.length / 7) }, (_, i) => gzipped.subarray(i * 7, i * 7 + 7));
    expect((await buffer(Readable.from(pieces).pipe(createGunzip()))).toString('utf8')).toBe(expected);
  });

  it('when two requests fill the same page, then each gets only its own values', async () => {
    const page = await slottedPage(`<input value="${A}"><input value="${B}">`, [A, B]);
    const first = gunzipSync(gzippedPage(page, { [A]: 'one', [B]: 'n1' })).toString('utf8');
    const second = gunzipSync(gzippedPage(page, { [A]: 'two', [B]: 'n2' })).toString('utf8');
    expect(first).toBe('<input value="one"><input value="n1">');
    expect(second).toBe('<input value="two"><input value="n2">');
  });

  it('when a slot has no value, then the page is not sent half-filled', async () => {
    const page = await slottedPage(`<p>${A}</p>`, [A]);
    expect(() => gzippedPage(page, {})).toThrow(A);
    expect(() => filledPage(page, {})).toThrow(A);
  });

  it('when a page is large, then its gzip is a fraction of its bytes (each piece is compressed, not stored)', async () => {
    const html = `<table>${'<tr><td>Business communication</td><td>100</td></tr>'.repeat(500)}</table><input value="${A}">${'<p>Strong</p>'.repeat(500)}`;
    const page = await slottedPage(html, [A]);
    expect(gzippedPage(page, { [A]: 't' }).length).toBeLessThan(Buffer.byteLength(html) / 10);
  });
});
