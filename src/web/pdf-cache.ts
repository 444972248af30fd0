/**
 * PDFs already made, so that a second download of the same report is instant
 * instead of another 2-10 s of Chromium. A submitted report's stored result
 * never changes, so its PDF is kept under a key naming everything it was made
 * from (see `reportPdfKey` in routes/exports.ts). Bounded by count and by bytes; the least
 * recently used goes first. Two requests for a PDF that is being made share
 * that one render rather than starting a second. A failed render is not kept.
 */
export interface PdfCacheOptions {
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_PDF_CACHE: PdfCacheOptions = { maxEntries: 32, maxBytes: 24 * 1024 * 1024 };

export function pdfCache(options: PdfCacheOptions = DEFAULT_PDF_CACHE) {
  const kept = new Map<string, Buffer>();
  const making = new Map<string, Promise<Buffer>>();
  let bytes = 0;

  function keep(key: string, pdf: Buffer): void {
    if (pdf.length > options.maxBytes) return;
    kept.set(key, pdf);
    bytes += pdf.length;
    // A Map iterates in insertion order, and a hit re-inserts: the first key is the least recently used.
    while (kept.size > options.maxEntries || bytes > options.maxBytes) {
      const [oldest, old] = kept.entries().next().value!;
      kept.delete(oldest);
      bytes -= old.length;
    }
  }

  return {
    /** The PDF for `key`: kept, already being made, or made now by `make`. */
    get(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
      const hit = kept.get(key);
      if (hit) {
        kept.delete(key);
        kept.set(key, hit);
        return Promise.resolve(hit);
      }
      let pending = making.get(key);
      if (!pending) {
        pending = make()
          .then((pdf) => {
            keep(key, pdf);
            return pdf;
          })
          .finally(() => making.delete(key));
        making.set(key, pending);
      }
      return pending;
    },
    get size(): number {
      return kept.size;
    },
  };
}

export type PdfCache = ReturnType<typeof pdfCache>;
