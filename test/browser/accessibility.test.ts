/**
 * axe-core over every kind of page a person meets: no serious or critical
 * violation of WCAG 2.0 A/AA or 2.1 AA.
 */
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './browser.ts';
import { expectNoSeriousViolations } from './checks.ts';
import { CONSULTANT_KEY } from '../helpers/app.ts';

const suite = useBrowserSuite();

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('home page', async () => {
    const page = await suite.newPage();
    await page.goto('/');
    await expect.poll(() => page.title()).toContain('Who should own your social media?');
    await expectNoSeriousViolations(page);
  });

  it('empty assessment form', async () => {
    const page = await suite.newPage();
    await page.goto('/assessments/new');
    await page.getByRole('heading', { level: 1, name: 'New assessment' }).waitFor();
    await expectNoSeriousViolations(page);
  });

  it('assessment form showing errors', async () => {
    const page = await suite.newPage();
    await page.goto('/assessments/new');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: /problems? to fix/ }).waitFor();
    await expectNoSeriousViolations(page);
  });

  it('report', async () => {
    const path = await suite.submitted({ name: 'Axe Check Trust', notes: { 'tone-guide': 'Written in 2025.' } });
    const page = await suite.newPage();
    await page.goto(path);
    await page.getByRole('heading', { level: 2, name: 'Action plan' }).waitFor();
    await expectNoSeriousViolations(page);
  });

  it('404 error page', async () => {
    const page = await suite.newPage();
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expectNoSeriousViolations(page);
  });

  it('consultant pages: sign-in, dashboard, the report with its consultant panel, a round, and a 410 share link', async () => {
    const reportPath = await suite.submitted({ name: 'Axe Consultant Client' });
    const page = await suite.newPage();
    await page.goto('/consultant');
    await page.getByRole('heading', { level: 1, name: 'Consultant sign-in' }).waitFor();
    await expectNoSeriousViolations(page);
    await page.getByLabel('Consultant key').fill(CONSULTANT_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/consultant$/);
    await expectNoSeriousViolations(page);

    await page.goto(reportPath);
    await page.getByRole('heading', { level: 2, name: 'For the consultant' }).waitFor();
    await expectNoSeriousViolations(page);

    await page.getByRole('button', { name: 'Make a share link' }).click();
    const link = (await page.locator('code.share-url').first().textContent())!.trim();
    await page.getByRole('button', { name: 'Revoke' }).first().click();
    const gone = await page.goto(link);
    expect(gone?.status()).toBe(410);
    await expectNoSeriousViolations(page);

    await page.goto(reportPath);
    await page.getByRole('button', { name: 'Open the round' }).click();
    await page.waitForURL(/\/consultant\/rounds\//);
    await expectNoSeriousViolations(page);
  });
});
