/**
 * Printing the report (or saving it as PDF from the browser): the exports are
 * hidden, and the PDF holds the organisation, the recommendation and the
 * explanations that sit in closed <details> on screen, on at most 3 A4 pages
 * with absolute dates only.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BEST_CASE_RECOMMENDATION, ensureDir, recommendationTitle, useBrowserSuite } from './browser.ts';
import { ROOT } from '../helpers/app.ts';
import { scaled } from '../helpers/timing.ts';

const suite = useBrowserSuite();
const run = promisify(execFile);

const PDFTOTEXT = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p));
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('print', () => {
  it('prints the report without the exports, and the PDF holds what matters', async () => {
    const organisation = 'Ivy Court Veterinary Surgery';
    const note = 'The stand-in covers August.';
    const path = await suite.submitted({ name: organisation, notes: { 'mandate-names-owner': note } });
    const page = await suite.newPage();
    await page.goto(path);
    const exportsNav = page.getByRole('navigation', { name: 'Exports', includeHidden: true });
    expect(await exportsNav.isVisible()).toBe(true);

    await page.emulateMedia({ media: 'print' });
    expect(await exportsNav.isHidden()).toBe(true);
    expect(await page.getByRole('link', { name: 'Download CSV', includeHidden: true }).isHidden()).toBe(true);
    expect(await page.getByRole('heading', { level: 1, name: organisation }).isVisible()).toBe(true);
    // The per-question explanations are closed on screen; print shows them all.
    expect(await page.getByText(`Note: ${note}`).isVisible()).toBe(true);

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = join(ensureDir(join(ROOT, 'test-output')), 'report.pdf');
    await writeFile(file, pdf);

    if (!PDFTOTEXT) {
      console.warn('pdftotext (poppler-utils) is not installed: the PDF text was not checked.');
      return;
    }
    const { stdout } = await run(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { timeout: scaled(15_000) });
    const text = squash(stdout);
    expect(text).toContain(organisation);
    expect(text).toContain(recommendationTitle(suite.rubric, BEST_CASE_RECOMMENDATION));
    expect(text).toContain('Action plan');
    expect(text).toContain(note);
    expect(text).not.toContain('Download CSV');
    // Printed from the browser as well as exported: at most 3 A4 pages, and dates as dates, never "ago" or "in 14 days".
    const { stdout: info } = await run(PDFTOTEXT.replace(/pdftotext$/, 'pdfinfo'), [file], { timeout: scaled(15_000) });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeLessThanOrEqual(3);
    expect(text).not.toMatch(/\bago\b|\bin \d+ days\b/);
  });
});
