/**
 * The paged form as a person uses it: forward and back, a jump through the step
 * indicator, leaving and coming back through the draft's address, Enter in a
 * text field, and the same with JavaScript off. Every page is checked with axe
 * and at 375 px for sideways scrolling.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { answerSection, bestOption, choose, lastOption, NEXT, questionGroup, useBrowserSuite } from './browser.ts';
import { expectNoSeriousViolations, expectNoSidewaysScroll } from './checks.ts';

const suite = useBrowserSuite();
const PHONE = { width: 375, height: 812 };

const sectionUrl = (step: string) => new RegExp(`/assessments/[\\w-]{22}/edit/${step}\\b`);
const questionsOf = (dimension: string) => suite.rubric.questions.filter((q) => q.dimension === dimension);
const currentStep = (page: Page) => page.locator('[aria-current="step"]').innerText();

/** axe and 375 px on the page as it is now. */
async function checkPage(page: Page, what: string) {
  await expectNoSeriousViolations(page);
  await expectNoSidewaysScroll(page, what, PHONE.width);
}

/** Opens a new form and fills in its first page; presses Enter in the name field when asked, else Next. */
async function startForm(page: Page, name: string, how: 'enter' | 'next' = 'next') {
  await page.goto('/assessments/new');
  await page.getByLabel('Sector').selectOption({ label: 'Retail and consumer goods' });
  const field = page.getByLabel('Organisation name');
  await field.fill(name);
  if (how === 'enter') await field.press('Enter');
  else await page.getByRole('button', { name: NEXT }).click();
  await page.waitForURL(sectionUrl(suite.rubric.dimensions[0]!.id));
}

describe('the paged form', () => {
  it('walks forward page by page, goes back with the answers kept, jumps by the step indicator to the review and submits; every page is axe clean and fits 375 px', async () => {
    const page = await suite.newPage({ viewport: PHONE });
    const [first, second, third] = suite.rubric.dimensions.map((d) => d.id) as [string, string, string];
    await page.goto('/assessments/new');
    await checkPage(page, 'the first page');
    expect(await currentStep(page)).toContain('Your organisation');
    await startForm(page, 'Paged Walk Ltd', 'enter');

    // A section: numbered on across the form, the step marked current.
    await checkPage(page, 'the first section');
    expect(await currentStep(page)).toContain(suite.rubric.dimensions[0]!.title);
    await expect.poll(() => page.locator('.question-number').first().innerText()).toBe('1.');

    // Next with a question missing: the error summary has focus and names the question by number.
    const [q1, q2] = questionsOf(first) as [NonNullable<ReturnType<typeof questionsOf>[number]>, NonNullable<ReturnType<typeof questionsOf>[number]>];
    await choose(page, q1, bestOption(q1));
    await page.getByRole('button', { name: NEXT }).click();
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await expect.poll(() => summary.innerText()).toMatch(/Question 2, .*: choose an answer/);
    await checkPage(page, 'a section with errors');
    await summary.getByRole('link', { name: /Question 2,/ }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(`answer-${q2.id}`);

    await answerSection(page, suite.rubric, first);
    await page.getByRole('button', { name: NEXT }).click();
    await page.waitForURL(sectionUrl(second));
    const numbers = await page.locator('.question-number').allInnerTexts();
    expect(numbers[0]).toBe(`${questionsOf(first).length + 1}.`);
    await checkPage(page, 'the second section');
    const s2 = questionsOf(second)[0]!;
    await choose(page, s2, lastOption(s2));

    // Back saves without checking; the first section's answers are still there.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.waitForURL(sectionUrl(first));
    expect(await questionGroup(page, q1).getByRole('radio', { name: bestOption(q1).label, exact: true }).isChecked()).toBe(true);
    expect(await page.locator('.form-step-partly').innerText()).toContain(suite.rubric.dimensions[1]!.title);

    // Jump through the step indicator to the third section, answer it, then jump to the review.
    await page.getByRole('navigation', { name: 'Steps of the form' }).getByRole('button', { name: new RegExp(suite.rubric.dimensions[2]!.title) }).click();
    await page.waitForURL(sectionUrl(third));
    await answerSection(page, suite.rubric, third);
    await page.getByRole('navigation', { name: 'Steps of the form' }).getByRole('button', { name: /Check and submit/ }).click();
    await page.waitForURL(sectionUrl('review'));
    await checkPage(page, 'the review page');
    const review = await page.locator('.review').innerText();
    expect(review).toContain(lastOption(s2).label);
    expect(review).toContain('Not answered');

    // Submitting with the second section unfinished: the review lists what is missing, each linked to its page.
    await page.getByRole('button', { name: 'Submit and see the report' }).click();
    await page.locator('#error-summary').waitFor();
    await checkPage(page, 'the review page with errors');
    await page.locator('#error-summary').getByRole('link').first().click();
    await page.waitForURL(sectionUrl(second));
    expect(page.url()).toMatch(/#q-[\w-]+$/);
    await answerSection(page, suite.rubric, second);
    await page.getByRole('button', { name: NEXT }).click();
    await page.waitForURL(sectionUrl(third));
    await page.getByRole('button', { name: NEXT }).click();
    await page.waitForURL(sectionUrl('review'));
    await page.getByRole('button', { name: 'Submit and see the report' }).click();
    await page.waitForURL(/\/assessments\/[\w-]{22}$/);
    await page.getByRole('heading', { level: 2, name: 'Action plan' }).waitFor();
  });

  it('leaves and resumes through the whole address shown on the draft, copied with the copy button', async () => {
    const context = await suite.newContext({ viewport: PHONE, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await startForm(page, 'Resume Later Ltd');
    const first = suite.rubric.dimensions[0]!.id;
    await answerSection(page, suite.rubric, first);
    const note = 'Checked with the chief executive';
    const q = questionsOf(first)[0]!;
    await questionGroup(page, q).getByText('Add a note (optional)').click();
    await questionGroup(page, q).getByLabel('Note on this question').fill(note);
    await page.getByRole('button', { name: NEXT }).click();
    await page.waitForURL(sectionUrl(suite.rubric.dimensions[1]!.id));

    const address = await page.locator('#resume-url').innerText();
    expect(address).toMatch(new RegExp(`^${suite.baseUrl}/assessments/[\\w-]{22}/edit$`));
    expect(await page.locator('#resume').innerText()).toContain('This address is the only key back to your draft');
    await page.getByRole('button', { name: 'Copy the address' }).click();
    await expect.poll(() => page.locator('[data-copy-status]').innerText()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);

    // Another browser, later: the address opens where the person left off, with what they typed.
    const later = await suite.newPage({ viewport: PHONE });
    await later.goto(address);
    expect(await currentStep(later)).toContain(suite.rubric.dimensions[1]!.title);
    await later.getByRole('navigation', { name: 'Steps of the form' }).getByRole('button', { name: new RegExp(suite.rubric.dimensions[0]!.title) }).click();
    await later.waitForURL(sectionUrl(first));
    expect(await questionGroup(later, q).getByLabel('Note on this question').inputValue()).toBe(note);
    expect(await later.locator('.form-step-complete').first().innerText()).toContain('Your organisation');
  });

  it('with JavaScript on, warns before leaving a page with unsaved answers, and not when a button of the form saves it', async () => {
    const page = await suite.newPage();
    await startForm(page, 'Careful Ltd');
    const q = questionsOf(suite.rubric.dimensions[0]!.id)[0]!;
    await choose(page, q, bestOption(q));
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'For consultants' }).click();
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    expect(page.url()).toMatch(sectionUrl(suite.rubric.dimensions[0]!.id));

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/saved=1/);
    await page.getByRole('link', { name: 'For consultants' }).click();
    await page.waitForURL(/\/consultant/);
    expect(dialogs).toEqual(['beforeunload']);
  });

  it('with JavaScript off, Enter moves on, the step buttons jump and save, and the copy button stays hidden', async () => {
    const page = await suite.newPage({ viewport: PHONE, javaScriptEnabled: false });
    await startForm(page, 'No Script Ltd', 'enter');
    const [first, , third] = suite.rubric.dimensions;
    const q = questionsOf(first!.id)[0]!;
    await choose(page, q, lastOption(q));
    await page.getByRole('navigation', { name: 'Steps of the form' }).getByRole('button', { name: new RegExp(third!.title) }).click();
    await page.waitForURL(sectionUrl(third!.id));
    // (axe and the width check need scripts in the page: the JavaScript-on test checks the same pages.)
    expect(await page.getByRole('button', { name: 'Copy the address' }).isVisible()).toBe(false);
    await page.getByRole('navigation', { name: 'Steps of the form' }).getByRole('button', { name: /Check and submit/ }).click();
    await page.waitForURL(sectionUrl('review'));
    expect(await page.locator('.review').innerText()).toContain(lastOption(q).label);
  });
});
