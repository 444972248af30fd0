/**
 * Layout on a phone and a desktop: nothing scrolls sideways at 375 px, and
 * screenshots of the form and the report for people to look at
 * (test-output/screenshots, full page, git-ignored) and for the README
 * (docs/screenshots, viewport only, committed).
 */
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bestOption, choose, DOCS_SCREENSHOT_DIR, ensureDir, NEXT, SCREENSHOT_DIR, useBrowserSuite } from './browser.ts';
import { expectNoSidewaysScroll as expectNoSideways, horizontalOverflow } from './checks.ts';

const suite = useBrowserSuite();

const VIEWPORTS = {
  phone: { width: 375, height: 812 },
  desktop: { width: 1280, height: 800 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;

/** The README's copies must stay small enough to commit. */
const MAX_DOCS_BYTES = 300 * 1024;

async function pageAt(viewport: ViewportName): Promise<Page> {
  // deviceScaleFactor 1 keeps the committed screenshots small; no animations to wait for.
  return suite.newPage({ viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, reducedMotion: 'reduce' });
}

const expectNoSidewaysScroll = (page: Page, what: string) => expectNoSideways(page, what, VIEWPORTS.phone.width);

/**
 * Every run writes full-page screenshots to test-output/ (kept out of git). The small
 * copies the README shows are written to docs/screenshots only when asked
 * (`UPDATE_SCREENSHOTS=1 npm test`), so a test run never changes tracked files.
 */
async function screenshots(page: Page, name: string) {
  await page.screenshot({ path: join(ensureDir(SCREENSHOT_DIR), `${name}.png`), fullPage: true, animations: 'disabled', timeout: 0 });
  const viewport = join(ensureDir(SCREENSHOT_DIR), `${name}-viewport.png`);
  await page.screenshot({ path: viewport, fullPage: false, animations: 'disabled', timeout: 0 });
  expect(statSync(viewport).size, `${viewport} should stay under ${MAX_DOCS_BYTES} bytes`).toBeLessThan(MAX_DOCS_BYTES);
  if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(viewport, join(ensureDir(DOCS_SCREENSHOT_DIR), `${name}.png`));
}

/** A form part-way through, as a person would see it: the first page done, a few answers on the first section's page. */
async function openPartlyFilledForm(page: Page) {
  await page.goto('/assessments/new');
  await page.getByLabel('Organisation name').fill('Harbour Lane Bakery');
  await page.getByLabel('Sector').selectOption({ label: 'Retail and consumer goods' });
  await page.getByLabel('Size').selectOption({ label: '10 to 49 people' });
  await page.getByRole('button', { name: NEXT }).click();
  await page.waitForURL(/\/edit\/[\w-]+\?saved=1/);
  for (const q of suite.rubric.questions.slice(0, 3)) await choose(page, q, bestOption(q));
  await page.evaluate(() => window.scrollTo(0, 0));
}

async function openReport(page: Page) {
  const answers = Object.fromEntries(suite.rubric.questions.map((q) => [q.id, bestOption(q).value]));
  // One honest "not sure" gives the report a flag and a lower confidence to show.
  answers['escalation-path'] = 'unsure';
  const path = await suite.submitted({ name: 'Harbour Lane Bakery', sector: 'retail', answers, notes: { 'tone-guide': 'The tone guide was last updated in spring; it covers replies to complaints and the words we never use.' } });
  await page.goto(path);
  await page.getByRole('heading', { level: 2, name: 'Action plan' }).waitFor();
}

describe('layout', () => {
  it('the form fits a 375px phone without sideways scrolling, also with errors and notes open', async () => {
    const page = await pageAt('phone');
    await openPartlyFilledForm(page);
    await expectNoSidewaysScroll(page, 'the form');
    await screenshots(page, 'form-phone');

    // Open every note, then show the errors.
    for (const summary of await page.getByText('Add a note (optional)').all()) await summary.click();
    await expectNoSidewaysScroll(page, 'the form with its notes open');
    await page.getByRole('button', { name: NEXT }).click();
    await page.getByRole('heading', { name: /problems? to fix/ }).waitFor();
    await expectNoSidewaysScroll(page, 'the form with errors');
  });

  it('the report fits a 375px phone without sideways scrolling, also with every detail open', async () => {
    const page = await pageAt('phone');
    await openReport(page);
    await expectNoSidewaysScroll(page, 'the report');
    await screenshots(page, 'report-phone');

    for (const summary of await page.locator('details > summary').all()) await summary.click();
    expect(await page.locator('details:not([open])').count()).toBe(0);
    await expectNoSidewaysScroll(page, 'the report with every detail open');
  });

  it('a link in the error summary brings its question into view below the sticky progress bar', async () => {
    const page = await pageAt('phone');
    await openPartlyFilledForm(page);
    await page.getByRole('button', { name: NEXT }).click();
    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: /problems? to fix/ }) });
    const target = suite.rubric.questions[5]!;
    await summary.getByRole('link', { name: 'Question 6,' }).click();
    const [barBottom, legendTop] = await Promise.all([
      page.getByRole('progressbar', { name: 'Questions answered' }).evaluate((el) => el.closest('div')!.getBoundingClientRect().bottom),
      page.getByRole('group', { name: target.prompt }).evaluate((el) => el.querySelector('legend')!.getBoundingClientRect().top),
    ]);
    expect(legendTop, 'the question is hidden under the progress bar').toBeGreaterThanOrEqual(barBottom);
  });

  it('takes desktop screenshots of the form and the report at 1280px', async () => {
    const page = await pageAt('desktop');
    await openPartlyFilledForm(page);
    await screenshots(page, 'form-desktop');
    await openReport(page);
    await screenshots(page, 'report-desktop');
    const { scrollWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(VIEWPORTS.desktop.width);
  });
});
