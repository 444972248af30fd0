/**
 * Shared set-up for the browser tests: the real app (shipped rubric, in-memory
 * store, fixed clock) listening on a free port, and one Debian Chromium per
 * test file, driven by playwright-core. No browser is ever downloaded: if
 * Chromium is missing, every test in the file fails with a message saying how
 * to install it (CI installs it; a silent skip would hide a broken job).
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import type { AssessmentService } from '../../src/core/assessment/assessment-service.ts';
import { httpServerFor } from '../../src/web/http-server.ts';
import { buildTestApp, ROOT } from '../helpers/app.ts';
import { scaled } from '../helpers/timing.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');
export const DOCS_SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');

/** Per-action and per-navigation bounds against a hang (stretched by TEST_TIME_FACTOR), well inside the browser project's test timeout. */
const ACTION_TIMEOUT = scaled(30_000);
const NAVIGATION_TIMEOUT = scaled(30_000);

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface BrowserSuite {
  /** `http://127.0.0.1:<port>` of the app started for this file. */
  readonly baseUrl: string;
  readonly browser: Browser;
  /** The rubric the app serves by default (the shipped one). */
  readonly rubric: Rubric;
  /** A page in a fresh context (own cookies); closed after the test. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** A fresh context, closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  url(path: string): string;
  /**
   * A submitted assessment made through the service (for tests that only read
   * a report; the journeys make theirs through the form). Returns the report's path.
   */
  submitted(input: { name: string; sector?: string; answers?: Record<string, string>; notes?: Record<string, string> }): Promise<string>;
}

/**
 * Registers beforeAll/afterAll/afterEach hooks in the calling test file and
 * returns accessors that are valid inside tests.
 */
export function useBrowserSuite(): BrowserSuite {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let baseUrl = '';
  let rubric: Rubric | undefined;
  let service: AssessmentService | undefined;
  const contexts = new Set<BrowserContext>();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `Chromium was not found at ${CHROMIUM_PATH}. The browser tests need the system Chromium: ` +
          'install it with `apt-get install -y chromium poppler-utils` (or set CHROMIUM_PATH). ' +
          'These tests never download a browser.',
      );
    }
    // Share and invitation links start with the app's public address: here, the port it is given below.
    const built = await buildTestApp({ publicUrl: () => baseUrl });
    rubric = built.rubrics.defaultRubric();
    service = built.service;
    const app = built.app;
    server = await new Promise<Server>((resolve, reject) => {
      // As `npm start` serves the app (web/http-server.ts).
      const s = httpServerFor(app).listen(0, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS, timeout: scaled(60_000) });
  });

  afterEach(async () => {
    await Promise.all([...contexts].map((c) => c.close().catch(() => undefined)));
    contexts.clear();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: did beforeAll fail?`);
    return value;
  };

  const newContext = async (options: BrowserContextOptions = {}) => {
    const context = await need(browser, 'the browser').newContext({ baseURL: baseUrl, ...options });
    context.setDefaultTimeout(ACTION_TIMEOUT);
    context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT);
    contexts.add(context);
    return context;
  };

  return {
    get baseUrl() {
      return need(baseUrl || undefined, 'the app');
    },
    get browser() {
      return need(browser, 'the browser');
    },
    get rubric() {
      return need(rubric, 'the rubric');
    },
    newContext,
    async newPage(options) {
      return (await newContext(options)).newPage();
    },
    url: (path: string) => `${baseUrl}${path}`,
    async submitted({ name, sector = 'nonprofit', answers, notes = {} }) {
      const r = need(rubric, 'the rubric');
      const chosen = answers ?? Object.fromEntries(r.questions.map((q) => [q.id, bestOption(q).value]));
      const saved = await need(service, 'the service').create(
        { id: r.id, version: r.version },
        { organisation: { name, sector, size: '10-49' }, respondent: { role: 'communications' }, answers: chosen, notes },
        'submitted',
      );
      return `/assessments/${saved.id}`;
    },
  };
}

// ---------------------------------------------------------------------------
// Reading the rubric the way the page shows it

export type Question = Rubric['questions'][number];
export type Option = Question['options'][number];

/** The option a well-prepared organisation would choose: the highest score (the first of equals). */
export function bestOption(q: Question): Option {
  return q.options.reduce((best, o) => (o.score > best.score ? o : best));
}

/** The "Not sure" option where there is one, else the last. */
export function lastOption(q: Question): Option {
  return q.options[q.options.length - 1]!;
}

/** The fieldset of a question, found by its legend (the question's prompt). */
export function questionGroup(page: Page, q: Question): Locator {
  return page.getByRole('group', { name: q.prompt });
}

/** Chooses an option of a question by its visible label, inside that question's fieldset. */
export async function choose(page: Page, q: Question, option: Option): Promise<void> {
  await questionGroup(page, q).getByRole('radio', { name: option.label, exact: true }).check();
}

export const NEXT = 'Save and continue';

/** Answers one section's page (the browser is on it) with the chosen options. */
export async function answerSection(page: Page, rubric: Rubric, dimension: string, pick: (q: Question) => Option = bestOption): Promise<void> {
  for (const q of rubric.questions.filter((x) => x.dimension === dimension)) await choose(page, q, pick(q));
}

/**
 * From the paged form's first page (filled in), presses Next and answers every
 * section's page with the chosen options, ending on the review page.
 */
export async function answerAll(page: Page, rubric: Rubric, pick: (q: Question) => Option = bestOption): Promise<void> {
  await page.getByRole('button', { name: NEXT }).click();
  for (const d of rubric.dimensions) {
    await page.waitForURL(new RegExp(`/edit/${d.id}\\b`));
    await answerSection(page, rubric, d.id, pick);
    await page.getByRole('button', { name: NEXT }).click();
  }
  await page.waitForURL(/\/edit\/review\b/);
}

/** The title of the recommendation a rubric gives when every answer is the best one. */
export const BEST_CASE_RECOMMENDATION = 'assign-experienced-owner';

export function recommendationTitle(rubric: Rubric, code: string): string {
  const rec = rubric.recommendations.find((r) => r.code === code);
  if (!rec) throw new Error(`the rubric has no recommendation ${code}`);
  return rec.title;
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}


/** Signs the page's browser in as the consultant, through the sign-in form. */
export async function signInAsConsultant(page: Page, key: string): Promise<void> {
  await page.goto('/consultant/sign-in');
  await page.getByLabel('Consultant key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/consultant$/);
}
