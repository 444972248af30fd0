/**
 * The report and the consultant's pages in a real browser: axe clean, no
 * sideways scrolling on a 375 px phone, the dashboard's every column (the last
 * is "Reassess by") within a 1280 px screen, the bands readable without colour,
 * claim links that land on their claim, and the report's address copied.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bestOption, useBrowserSuite } from './browser.ts';
import { expectNoSeriousViolations, expectNoSidewaysScroll } from './checks.ts';
import { CONSULTANT_KEY } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

const suite = useBrowserSuite();

/** A report with a flag, a facet mostly "not sure" and the rest answered at best. */
async function reportWithUnknowns(name: string): Promise<string> {
  const answers = Object.fromEntries(suite.rubric.questions.map((q) => [q.id, bestOption(q).value]));
  Object.assign(answers, { 'leaders-education': 'unsure', 'leaders-peer-exchange': 'unsure', 'owner-register': 'stiff' });
  return suite.submitted({ name, answers });
}

async function signIn(page: Page) {
  await page.goto('/consultant/sign-in');
  await page.getByLabel('Consultant key').fill(CONSULTANT_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/consultant$/);
}

/** The luminance of a computed `rgb(…)` colour, by WCAG 2.1's formula. */
const luminance = (rgb: string): number => {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number).map((v) => v / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('the report and the consultant pages in a browser', () => {
  it('when a public reader opens a report, then it is axe clean, fits 375 px, and a claim link lands on its claim', async () => {
    const path = await reportWithUnknowns('Browser Report Trust');
    const page = await suite.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto(path);
    await page.getByRole('heading', { level: 2, name: 'Sources' }).waitFor();
    await expectNoSeriousViolations(page);
    await expectNoSidewaysScroll(page, 'the report', 375);
    await expect.poll(() => page.locator('.consultant-panel').count()).toBe(0);

    const link = page.locator('.rationale a.claim-ref').first();
    const id = await link.textContent();
    await link.click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#claim-${id}`);
    const claim = page.locator(`#claim-${id}`);
    expect(await claim.isVisible()).toBe(true);
    const box = await claim.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(-1);
    expect(box!.y).toBeLessThan(812);
  });

  it('when the bands are drawn, then every bar says its band in words, and neighbouring band colours differ at least 3:1', async () => {
    const path = await reportWithUnknowns('Colour Check Ltd');
    const page = await suite.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(path);
    const chart = page.locator('figure.chart-figure svg.chart');
    await chart.waitFor();
    const bars = await chart.evaluate((svg) =>
      [...svg.querySelectorAll('rect.chart-bar')].map((bar) => {
        const band = [...bar.classList].find((c) => c.startsWith('band-'))!.slice(5);
        const word = svg.querySelectorAll('text.chart-band-label')[[...svg.querySelectorAll('rect.chart-bar')].indexOf(bar)];
        const shown = word && getComputedStyle(word).visibility !== 'hidden' && getComputedStyle(word).display !== 'none' ? word.textContent : null;
        return { band, word: shown, fill: getComputedStyle(bar).fill };
      }),
    );
    expect(bars.length).toBeGreaterThanOrEqual(10);
    const WORD: Record<string, string> = { low: 'low', partial: 'partial', strong: 'strong', unknown: 'not known' };
    for (const bar of bars) expect(bar.word, `the ${bar.band} bar`).toBe(WORD[bar.band]);
    // These answers draw at least a strong bar, a partial one (the stiff register) and a mostly unknown one.
    const bands = new Set(bars.map((b) => b.band));
    for (const band of ['strong', 'unknown']) expect(bands).toContain(band);
    // The colours as the browser paints them, not as the stylesheet says: the badges give all three bands.
    const fills = await page.evaluate(() =>
      Object.fromEntries(
        ['low', 'partial', 'strong'].map((band) => {
          const probe = document.createElement('span');
          probe.className = `band band-${band}`;
          document.body.append(probe);
          const colour = getComputedStyle(probe).backgroundColor;
          probe.remove();
          return [band, colour];
        }),
      ),
    );
    expect(ratio(fills.low!, fills.partial!)).toBeGreaterThanOrEqual(3);
    expect(ratio(fills.partial!, fills.strong!)).toBeGreaterThanOrEqual(3);
    // The bars use the same colours as the badges.
    const strongBar = bars.find((b) => b.band === 'strong')!;
    expect(strongBar.fill).toBe(fills.strong);
  });

  it.each(['deuteranopia', 'protanopia', 'achromatopsia'] as const)('when the chart is seen with %s (emulated by Chromium), then low, partial and strong bars still differ at least 3:1', async (deficiency) => {
    // Leaders low, the formal mandate partial, the owner's experience strong.
    const path = await suite.submitted({ name: 'Colour Vision Ltd', answers: SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers });
    const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await page.goto(path);
    const chart = page.locator('figure.chart-figure svg.chart');
    await chart.scrollIntoViewIfNeeded();
    const centres = await chart.evaluate((svg) =>
      Object.fromEntries(
        ['low', 'partial', 'strong'].map((band) => {
          const r = svg.querySelector(`rect.chart-bar.band-${band}`)!.getBoundingClientRect();
          return [band, { x: Math.round(r.left + Math.min(r.width / 2, 20)), y: Math.round(r.top + r.height / 2) }];
        }),
      ),
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setEmulatedVisionDeficiency', { type: deficiency });
    const shot = (await page.screenshot({ animations: 'disabled' })).toString('base64');
    // Read the pixels back in a blank page (no Content-Security-Policy there to refuse a data: image).
    const blank = await page.context().newPage();
    const seen = await blank.evaluate(
      async ({ png, points }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${png}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return Object.fromEntries(Object.entries(points).map(([band, p]) => [band, `rgb(${[...ctx.getImageData(p.x, p.y, 1, 1).data].slice(0, 3).join(', ')})`]));
      },
      { png: shot, points: centres },
    );
    expect(ratio(seen.low!, seen.partial!), `low ${seen.low} against partial ${seen.partial}`).toBeGreaterThanOrEqual(3);
    expect(ratio(seen.partial!, seen.strong!), `partial ${seen.partial} against strong ${seen.strong}`).toBeGreaterThanOrEqual(3);
  });

  it('when the report is printed, then the claims and sources its links point to are on paper, and its address and the copy button are not', async () => {
    const path = await reportWithUnknowns('Print Claims Ltd');
    const page = await suite.newPage();
    await page.goto(path);
    await page.emulateMedia({ media: 'print' });
    for (const name of ['What the argument says', 'Sources']) expect(await page.getByRole('heading', { level: 2, name }).isVisible(), name).toBe(true);
    expect(await page.locator('#claim-C4').isVisible()).toBe(true);
    expect(await page.locator('#report-address').isVisible()).toBe(false);
    expect(await page.locator('.rationale a.claim-ref').first().isVisible()).toBe(true);
  });

  it('when the respondent copies the report address, then the clipboard holds the full address', async () => {
    const path = await reportWithUnknowns('Copy Address Co');
    const context = await suite.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.baseUrl });
    const page = await context.newPage();
    await page.goto(path);
    await page.getByRole('button', { name: 'Copy the address' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(suite.url(path));
  });

  it('when a consultant signs in, then sign-in, dashboard and a report are axe clean, the panel comes first and folds, and the dashboard shows "Reassess by" at 1280 px', async () => {
    const path = await reportWithUnknowns('Consultant View Ltd');
    await suite.submitted({ name: 'A Second Client With A Rather Long Organisation Name Ltd' });
    const page = await suite.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto('/consultant/sign-in');
    await expectNoSeriousViolations(page);
    const keyBox = await page.getByLabel('Consultant key').boundingBox();
    expect(keyBox!.height, 'the key input is a real field, not a 20 px box').toBeGreaterThanOrEqual(40);
    await signIn(page);
    await expectNoSeriousViolations(page);

    const reassess = page.getByRole('columnheader', { name: 'Reassess by' });
    const header = await reassess.boundingBox();
    const scroller = await page.locator('#results .dashboard-scroll').boundingBox();
    expect(header!.x + header!.width, '"Reassess by" is cut off at 1280 px').toBeLessThanOrEqual(1280);
    expect(header!.x + header!.width).toBeLessThanOrEqual(scroller!.x + scroller!.width + 1);
    expect(await page.locator('#results .dashboard-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

    await page.goto(path);
    const panel = page.locator('details.consultant-panel');
    await panel.waitFor();
    expect(await panel.evaluate((el) => el.hasAttribute('open'))).toBe(true);
    const [panelTop, recommendationTop] = await Promise.all([panel.evaluate((el) => el.getBoundingClientRect().top), page.locator('#recommendation-title').evaluate((el) => el.getBoundingClientRect().top)]);
    expect(panelTop).toBeLessThan(recommendationTop);
    await expectNoSeriousViolations(page);
    const days = await page.getByLabel('Expires after (days)').boundingBox();
    expect(days!.height).toBeGreaterThanOrEqual(40);
    await panel.locator('summary').click();
    await expect.poll(() => panel.evaluate((el) => el.hasAttribute('open'))).toBe(false);
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await page.waitForURL(/\/consultant$/);
  });

  it('when a consultant uses a phone, then sign-in, the dashboard and a report with the panel fit 375 px', async () => {
    const path = await reportWithUnknowns('Phone Consultant Ltd');
    const page = await suite.newPage({ viewport: { width: 375, height: 812 } });
    await page.goto('/consultant/sign-in');
    await expectNoSidewaysScroll(page, 'the sign-in page', 375);
    await signIn(page);
    await expectNoSidewaysScroll(page, 'the dashboard', 375);
    await page.goto(path);
    await page.locator('details.consultant-panel').waitFor();
    await expectNoSidewaysScroll(page, 'the report with the consultant panel', 375);
  });
});
