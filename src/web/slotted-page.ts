/**
 * A rendered page kept as UTF-8 pieces around its per-request holes (a CSRF
 * token, a nonce), sent as it is or gzipped to a browser that takes gzip.
 *
 * The gzip is made when the page is, not per request: each piece is deflated
 * on its own, ending with a full flush (on a byte boundary, not the final block;
 * piece-deflater.ts), the last followed by an empty final block, and a request's
 * values go between them as stored deflate blocks, which need no compressing
 * (RFC 1951, 3.2.4). The gzip member's trailer is the CRC-32 and length of the
 * page as filled (RFC 1952).
 * The compression middleware would instead start a zlib stream for every
 * request: at 10,000 assessments that made the form 3 times and the consultant's
 * report 6 times slower for a browser than this (docs/performance.md).
 */
import { crc32 } from 'node:zlib';
import type { Request, Response } from 'express';
import { crc32Combine, crc32Shift } from '../platform/crc32-combine.ts';
import { FINAL_BLOCK, pieceDeflater } from './piece-deflater.ts';

export interface SlottedPage {
  /** The bytes between the holes: one more than there are holes. */
  readonly pieces: readonly Buffer[];
  /** For each hole, the slot it is filled from. */
  readonly holes: readonly string[];
  /** Each piece deflated on its own (raw deflate); only the last one ends the stream (with its final block). Empty for a page with no holes. */
  readonly deflated: readonly Buffer[];
  /** A page with no holes (the public report) as one whole gzip member, header and trailer included: sent as it is. */
  readonly gzipMember: Buffer | null;
  /** Each piece's CRC-32 and what moves a CRC past it, so that a request's CRC reads only its own values. */
  readonly crcs: readonly { crc: number; shift: number }[];
  /** Bytes held: the pieces and their deflated copies (or the gzip member). */
  readonly bytes: number;
}

/** Where each piece's compressed bytes and the trailer go: a gzip member with no name, time or flags (RFC 1952, 2.3). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
/** A stored block holds at most this many bytes (its LEN field is 16 bits). */
const STORED_MAX = 0xffff;

/** zlib's crc32() answers 0 for a buffer without memory behind it (an empty one may have none), whatever the CRC so far. */
const crcOf = (bytes: Buffer, soFar = 0): number => (bytes.length === 0 ? soFar : crc32(bytes, soFar));

const deflater = pieceDeflater();

/**
 * Copies `parts` into one block from `allocate`, taken once they are all made
 * (after the page's text and its compression): the parts are views on it.
 */
function oneBlock(parts: readonly Buffer[], allocate: (bytes: number) => Buffer): Buffer[] {
  const block = allocate(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  return parts.map((part) => {
    part.copy(block, at);
    const view = block.subarray(at, at + part.length);
    at += part.length;
    return view;
  });
}

/**
 * `html` cut at every occurrence of the `slots` (markers no user text can hold, such as page-cache.ts's TOKEN_SLOT).
 * Its kept bytes are one block from `allocate` (a cache's slabs, page-slabs.ts; by default a block of its own).
 */
export async function slottedPage(html: string, slots: readonly string[] = [], allocate: (bytes: number) => Buffer = Buffer.allocUnsafeSlow): Promise<SlottedPage> {
  const texts: string[] = [];
  const holes: string[] = [];
  if (slots.length === 0) {
    texts.push(html);
  } else {
    const parts = html.split(new RegExp(`(${slots.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`));
    parts.forEach((part, i) => (i % 2 === 0 ? texts.push(part) : holes.push(part)));
  }
  const made = texts.map((text) => Buffer.from(text, 'utf8'));
  const crcs = made.map((piece) => ({ crc: crcOf(piece), shift: crc32Shift(piece.length) }));
  // The page's deflate data ends after its last piece.
  const deflated = await deflater.deflate(made);
  deflated.push(Buffer.concat([deflated.pop()!, FINAL_BLOCK]));
  if (holes.length === 0) {
    const [piece, gzipMember] = oneBlock([made[0]!, Buffer.concat([GZIP_HEADER, deflated[0]!, gzipTrailer(crcs[0]!.crc, made[0]!.length)])], allocate);
    return { pieces: [piece!], holes, deflated: [], gzipMember: gzipMember!, crcs, bytes: piece!.length + gzipMember!.length };
  }
  const kept = oneBlock([...made, ...deflated], allocate);
  const bytes = kept.reduce((n, b) => n + b.length, 0);
  return { pieces: kept.slice(0, made.length), holes, deflated: kept.slice(made.length), gzipMember: null, crcs, bytes };
}

/** A gzip member's trailer: the CRC-32 and the length (mod 2^32) of what it holds, little-endian (RFC 1952, 2.3.1). */
function gzipTrailer(crc: number, length: number): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length >>> 0, 4);
  return trailer;
}

/** `value` as stored (uncompressed) deflate blocks, none of them final. */
function storedBlocks(value: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let at = 0; at < value.length || blocks.length === 0; at += STORED_MAX) {
    const chunk = value.subarray(at, at + STORED_MAX);
    const header = Buffer.alloc(5);
    // BFINAL 0, BTYPE 00 (stored), padded to the byte; then LEN and its ones' complement, little-endian.
    header.writeUInt16LE(chunk.length, 1);
    header.writeUInt16LE(~chunk.length & 0xffff, 3);
    blocks.push(header, chunk);
  }
  return blocks;
}

function valuesOf(page: SlottedPage, fills: Readonly<Record<string, string>>): Buffer[] {
  const bySlot = new Map<string, Buffer>();
  return page.holes.map((slot) => {
    let value = bySlot.get(slot);
    if (!value) {
      const text = fills[slot];
      if (text === undefined) throw new Error(`no value for the page's slot ${slot}`);
      value = Buffer.from(text, 'utf8');
      bySlot.set(slot, value);
    }
    return value;
  });
}

/** The page with each hole filled from `fills` (by slot), as it is, in the pieces it is sent in. */
function filledChunks(page: SlottedPage, fills: Readonly<Record<string, string>>): readonly Buffer[] {
  if (page.holes.length === 0) return page.pieces;
  const values = valuesOf(page, fills);
  return page.pieces.flatMap((piece, i) => (i < values.length ? [piece, values[i]!] : [piece]));
}

/** The page with each hole filled from `fills`, as one gzip member, in the pieces it is sent in. */
function gzippedChunks(page: SlottedPage, fills: Readonly<Record<string, string>>): readonly Buffer[] {
  if (page.gzipMember) return [page.gzipMember];
  const values = valuesOf(page, fills);
  const chunks: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  page.pieces.forEach((piece, i) => {
    crc = crc32Combine(crc, page.crcs[i]!.crc, page.crcs[i]!.shift);
    length += piece.length;
    chunks.push(page.deflated[i]!);
    const value = values[i];
    if (value) {
      crc = crcOf(value, crc);
      length += value.length;
      chunks.push(...storedBlocks(value));
    }
  });
  chunks.push(gzipTrailer(crc, length));
  return chunks;
}

/** The page with each hole filled from `fills` (by slot), as it is. */
export function filledPage(page: SlottedPage, fills: Readonly<Record<string, string>> = {}): Buffer {
  return Buffer.concat(filledChunks(page, fills));
}

/** The page with each hole filled from `fills`, as one gzip member. */
export function gzippedPage(page: SlottedPage, fills: Readonly<Record<string, string>> = {}): Buffer {
  return Buffer.concat(gzippedChunks(page, fills));
}

/**
 * Marks a response whose encoding `sendPage` settled itself (gzip, or none where the
 * request takes nothing else): the compression middleware leaves it alone (`encodedHere`,
 * its filter) instead of negotiating again per request.
 */
const ENCODED_HERE = Symbol('encoded here');
const marks = (res: Response) => res.locals as Record<symbol, boolean | undefined>;

/** True for a page `sendPage` sent: its encoding is already chosen and made. */
export function encodedHere(res: Response): boolean {
  return marks(res)[ENCODED_HERE] === true;
}

/** Below this, copying a piece costs less than a write of its own does. */
const WRITE_ALONE = 4096;

/**
 * The chunks with every run of small ones joined: a write costs about a microsecond
 * whatever its size, a copy of a few hundred bytes far less. Large pieces go as
 * they are kept, so the page is still not copied whole.
 */
function coalesced(chunks: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  let run: Buffer[] = [];
  const flush = () => {
    if (run.length > 0) out.push(run.length === 1 ? run[0]! : Buffer.concat(run));
    run = [];
  };
  for (const chunk of chunks) {
    if (chunk.length >= WRITE_ALONE) {
      flush();
      out.push(chunk);
    } else {
      run.push(chunk);
    }
  }
  flush();
  return out;
}

/**
 * How the page goes to this request: gzipped here (the Accept-Encoding prefers gzip
 * to the page as it is), as it is and nothing else (it takes no other encoding either),
 * or as it is for the compression middleware to encode (a browser that takes only
 * brotli or deflate). Browsers send a handful of distinct headers, so each is
 * negotiated once (a bounded memo: emptied when it holds 64), not parsed again for
 * every page.
 */
type PageEncoding = 'gzip' | 'identity' | 'middleware';
const encodingByHeader = new Map<string, PageEncoding>();
function pageEncoding(req: Request): PageEncoding {
  const header = req.headers['accept-encoding'] ?? '';
  let encoding = encodingByHeader.get(header);
  if (encoding === undefined) {
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') encoding = 'gzip';
    else encoding = header && ['br', 'deflate'].includes(String(req.acceptsEncodings('identity', 'br', 'deflate'))) ? 'middleware' : 'identity';
    if (encodingByHeader.size >= 64) encodingByHeader.clear();
    encodingByHeader.set(header, encoding);
  }
  return encoding;
}

/**
 * Sends the page as HTML, gzipped to a browser that takes gzip (the compression
 * middleware leaves a response that already has its encoding alone). The pieces
 * go out as they are kept, written in one tick so that Node sends them with the
 * headers in one writev: joining them first copied the whole page per request
 * (38 kB for the consultant's report) only for the kernel to copy it again.
 */
export function sendPage(req: Request, res: Response, page: SlottedPage, fills: Readonly<Record<string, string>> = {}): void {
  const encoding = pageEncoding(req);
  if (encoding !== 'middleware') marks(res)[ENCODED_HERE] = true;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // Nothing before a page sets Vary: set whole, not parsed and merged (res.vary) per request.
  if (res.hasHeader('Vary')) res.vary('Accept-Encoding');
  else res.setHeader('Vary', 'Accept-Encoding');
  const gzip = encoding === 'gzip';
  const chunks = gzip ? gzippedChunks(page, fills) : filledChunks(page, fills);
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  res.setHeader('Content-Length', length);
  // Express answers HEAD with a GET route: the headers of the page, without it.
  if (req.method === 'HEAD') return void res.end();
  for (const chunk of coalesced(chunks)) res.write(chunk);
  res.end();
}
