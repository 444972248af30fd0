/**
 * HTML to PDF with Debian's Chromium driven by playwright-core (never a
 * downloaded browser). The page is handed over as a string (`setContent`) with
 * its stylesheets inlined, JavaScript off and every network request refused:
 * the render needs no URL of the app, so a forged Host header cannot point the
 * browser elsewhere, and it works behind any proxy.
 *
 * One browser per Chromium path is launched on first use and reused; each
 * render gets its own context, a bounded number run at once with a bounded
 * queue behind them (more answer 503 at once), and each is cut off after a
 * timeout. Playwright kills the browser when the process exits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// playwright-core is loaded on the first PDF only: importing it costs seconds and ~90 MB at start-up.
import type { Browser } from 'playwright-core';

export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const LAUNCH_TIMEOUT_MS = 15_000;
export const RENDER_TIMEOUT_MS = 30_000;
const MAX_RENDERS_AT_ONCE = 2;
const MAX_RENDERS_WAITING = 4;

/** The PDF cannot be made here: no Chromium, a failed launch, or a render that took too long. */
export class PdfUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PdfUnavailableError';
  }
}

const browsers = new Map<string, Promise<Browser>>();

function browserAt(chromiumPath: string): Promise<Browser> {
  let browser = browsers.get(chromiumPath);
  if (!browser) {
    browser = import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS, timeout: LAUNCH_TIMEOUT_MS }));
    browsers.set(chromiumPath, browser);
    // A browser that crashed or failed to start is launched again on the next render.
    browser.then(
      (b) => b.on('disconnected', () => browsers.delete(chromiumPath)),
      () => browsers.delete(chromiumPath),
    );
  }
  return browser;
}

/** Closes every browser this module launched (for tests and orderly shutdowns). */
export async function closePdfBrowsers(): Promise<void> {
  const all = [...browsers.values()];
  browsers.clear();
  await Promise.all(all.map((b) => b.then((x) => x.close(), () => undefined)));
}

/** Too many PDFs are being made or waiting: the caller answers 503 with Retry-After. */
export class PdfBusyError extends Error {
  constructor() {
    super('too many PDFs are being made just now');
    this.name = 'PdfBusyError';
  }
}

/**
 * Runs at most `concurrency` jobs at once with at most `maxWaiting` queued
 * behind them; one more is refused at once (PdfBusyError) rather than queued
 * for as long as it takes, so a burst cannot hold requests for minutes.
 */
export function renderQueue(concurrency: number, maxWaiting: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async function inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (running >= concurrency) {
      if (waiting.length >= maxWaiting) throw new PdfBusyError();
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

const inTurn = renderQueue(MAX_RENDERS_AT_ONCE, MAX_RENDERS_WAITING);

export interface PdfOptions {
  chromiumPath: string;
  timeoutMs?: number;
}

/** A4, print media, backgrounds printed: what the browser's "Save as PDF" gives. */
export async function htmlToPdf(html: string, { chromiumPath, timeoutMs = RENDER_TIMEOUT_MS }: PdfOptions): Promise<Buffer> {
  let browser: Browser;
  try {
    browser = await browserAt(chromiumPath);
  } catch (err) {
    throw new PdfUnavailableError(`Chromium could not be started (${(err as Error).message.split('\n')[0]})`);
  }
  return inTurn(async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new PdfUnavailableError(`the PDF took longer than ${timeoutMs / 1000} s to make`)), timeoutMs);
    });
    try {
      const render = async () => {
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        await page.emulateMedia({ media: 'print' });
        await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
        return page.pdf({ format: 'A4', printBackground: true });
      };
      return await Promise.race([render(), deadline]);
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => undefined);
    }
  });
}

const LINK_TAG = /<link\b[^>]*>/gi;
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
const stylesheets = new Map<string, string>();

/**
 * Replaces the app's own `<link>`ed stylesheets (`/static/*.css`) with their
 * text, keeping their media, so the page needs no request. Other links stay
 * (and, with the network refused, load nothing).
 */
export function inlineStylesheets(html: string, publicDir: string): string {
  return html.replace(LINK_TAG, (tag) => {
    const file = /^\/static\/([\w.-]+\.css)(?:\?v=[\w-]+)?$/.exec(attribute(tag, 'href') ?? '')?.[1]; // with or without its fingerprint
    if (attribute(tag, 'rel')?.toLowerCase() !== 'stylesheet' || !file) return tag;
    const path = join(publicDir, file);
    let css = stylesheets.get(path);
    if (css === undefined) {
      css = readFileSync(path, 'utf8');
      stylesheets.set(path, css);
    }
    const media = attribute(tag, 'media');
    return `<style${media ? ` media="${media}"` : ''}>\n${css.replace(/<\/style/gi, '<\\/style')}\n</style>`;
  });
}
