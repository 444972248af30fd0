/**
 * A round in a real browser: the consultant opens it from a report, three
 * people answer through their invitation links, each in their own browser,
 * and the consultant reads the combined result.
 */
import { describe, expect, it } from 'vitest';
import { answerAll, signInAsConsultant, useBrowserSuite } from './browser.ts';
import { CONSULTANT_KEY } from '../helpers/app.ts';

const suite = useBrowserSuite();

describe('a round with three respondents', () => {
  it('when two leaders and the proposed owner answer through their links, then the consultant sees their progress and a combined result that keeps small groups anonymous', async () => {
    const reportPath = await suite.submitted({ name: 'Three Voices Trust' });
    const consultant = await suite.newPage();
    await signInAsConsultant(consultant, CONSULTANT_KEY);
    await consultant.goto(reportPath);
    await consultant.getByLabel('Title (optional)').fill('Spring round');
    await consultant.getByRole('button', { name: 'Open the round' }).click();
    await consultant.waitForURL(/\/consultant\/rounds\/[\w-]{22}$/);
    const roundUrl = consultant.url();

    const links = await consultant.locator('code.share-url').allTextContents();
    const linkFor = async (role: string) => {
      const row = consultant.getByRole('row').filter({ hasText: role });
      return (await row.locator('code.share-url').textContent())!.trim();
    };
    expect(links).toHaveLength(4);
    const leaders = await linkFor('Leaders');
    const owner = await linkFor('The proposed owner');

    for (const link of [leaders, leaders, owner]) {
      const person = await suite.newPage();
      await person.goto(link);
      await expect.poll(() => person.getByText('You are answering for Three Voices Trust').isVisible()).toBe(true);
      await answerAll(person, suite.rubric);
      await person.getByRole('button', { name: 'Submit and see the report' }).click();
      await person.waitForURL(/\/assessments\/[\w-]{22}$/);
      await expect.poll(() => person.getByRole('heading', { level: 1, name: 'Three Voices Trust' }).isVisible()).toBe(true);
    }

    await consultant.goto(roundUrl);
    const leadersRow = consultant.getByRole('row').filter({ hasText: 'Leaders' });
    expect(await leadersRow.textContent()).toContain('2 answered');
    expect(await consultant.getByText('3 submitted answers').isVisible()).toBe(true);
    const note = consultant.getByRole('note');
    expect(await note.textContent()).toMatch(/Leaders, The proposed owner: fewer than 3 respondents, so these groups are not shown on their own/);
    expect(await consultant.getByRole('table', { name: /Scores by role group/ }).count()).toBe(0);
  });
});
