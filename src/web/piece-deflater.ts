/**
 * Raw deflate of a kept page's pieces (slotted-page.ts) through one zlib stream
 * that lives as long as the process, instead of a stream per piece.
 *
 * Each piece ends with a full flush: its blocks end on a byte boundary and the
 * compressor forgets what it has seen, so no piece refers back to another (or to
 * another page) and a request's values can go between them (RFC 1951, 3.2.4). The
 * stream itself never ends: a page's deflate data ends with an empty final stored
 * block, `FINAL_BLOCK`, written after its last piece.
 *
 * Why one stream: zlib.deflateRawSync() sets up a compressor per call, four 64 kB
 * blocks of the C heap, and frees them when it returns; the piece's copy kept for
 * the page took their place, so the next call asked for fresh ones. Rendering the
 * 500 sample consultant's reports once grew the C heap from 15 to 85 MB on Node 24
 * (6 to 32 MB on Node 20), and glibc kept that memory after the pages had expired
 * (docs/performance.md, the ninth session).
 */
import type { TransformOptions } from 'node:stream';
import { constants, createDeflateRaw, type DeflateRaw, type ZlibOptions } from 'node:zlib';

/** BFINAL 1, BTYPE 00 (stored), LEN 0 and its complement: ends a deflate stream that stands on a byte boundary. */
export const FINAL_BLOCK: Readonly<Buffer> = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

/**
 * Larger than any page's compressed output: the stream buffers a piece's output
 * whole until it is read, so it never waits for a reader in between.
 */
const OUTPUT_BUFFER = 64 * 1024 * 1024;

export function pieceDeflater() {
  let stream: DeflateRaw | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  /** One piece through the stream, up to and with its full flush; its output is read once the flush is done. */
  const deflateOne = (into: DeflateRaw, piece: Buffer): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      into.once('error', reject);
      if (piece.length > 0) into.write(piece);
      into.flush(constants.Z_FULL_FLUSH, () => {
        into.off('error', reject);
        // Everything the flush produced was pushed before its callback; read() with no size takes all of it.
        resolve((into.read() as Buffer | null) ?? Buffer.alloc(0));
      });
    });

  async function deflateAll(pieces: readonly Buffer[]): Promise<Buffer[]> {
    if (!stream) {
      // A zlib stream takes a Transform's options too (Node's typings list only zlib's).
      const options: ZlibOptions & Pick<TransformOptions, 'readableHighWaterMark'> = { readableHighWaterMark: OUTPUT_BUFFER };
      stream = createDeflateRaw(options);
      // Its errors reach the page being deflated (deflateOne); none may go unheard between pages.
      stream.on('error', () => undefined);
    }
    const into = stream;
    try {
      const out: Buffer[] = [];
      for (const piece of pieces) out.push(await deflateOne(into, piece));
      return out;
    } catch (err) {
      // A stream that failed is not used again: the next page gets a new one.
      if (stream === into) stream = null;
      into.destroy();
      throw err;
    }
  }

  return {
    /**
     * Each piece as raw deflate blocks ending in a full flush; the last one's
     * output does not end the stream (put `FINAL_BLOCK` after it). Pages are
     * deflated one at a time, in the order they were asked for.
     */
    deflate(pieces: readonly Buffer[]): Promise<Buffer[]> {
      const run = () => deflateAll(pieces);
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
