/**
 * The leader's journey: a consultant makes a share link on a report, and the
 * person who receives it reads the report, read-only, in their own browser.
 */
import { describe, expect, it } from 'vitest';
import { signInAsConsultant, useBrowserSuite } from './browser.ts';
import { CONSULTANT_KEY } from '../helpers/app.ts';

const suite = useBrowserSuite();

describe('a share link', () => {
  it('when the consultant makes a labelled link, then the recipient reads the report read-only and the view is counted', async () => {
    const reportPath = await suite.submitted({ name: 'Shared With The Board Ltd' });
    const consultant = await suite.newPage();
    await signInAsConsultant(consultant, CONSULTANT_KEY);
    await consultant.waitForURL(/\/consultant$/);
    await consultant.goto(reportPath);
    await consultant.getByLabel('Label (optional)').fill('For the board');
    await consultant.getByRole('button', { name: 'Make a share link' }).click();
    const row = consultant.getByRole('row').filter({ hasText: 'For the board' });
    const link = (await row.locator('code.share-url').textContent())!.trim();

    const leader = await suite.newPage();
    await leader.goto(link);
    await leader.getByRole('heading', { level: 1, name: 'Shared With The Board Ltd' }).waitFor();
    expect(await leader.getByRole('note').textContent()).toContain('A read-only copy of this report');
    expect(await leader.getByRole('button', { name: 'Make a share link' }).count()).toBe(0);
    expect(await leader.getByRole('heading', { name: 'Action plan' }).isVisible()).toBe(true);

    await consultant.reload();
    expect(await consultant.getByRole('row').filter({ hasText: 'For the board' }).textContent()).toMatch(/active.*\b1\b/s);
  });
});
