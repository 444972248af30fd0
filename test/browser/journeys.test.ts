/**
 * What a person does with the app, in a real browser: found by the labels and
 * roles they read, never by CSS classes. Each test uses its own organisation.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Locator, Page, Response } from 'playwright-core';
import { answerAll, bestOption, BEST_CASE_RECOMMENDATION, choose, lastOption, NEXT, questionGroup, recommendationTitle, useBrowserSuite, type Question } from './browser.ts';

const suite = useBrowserSuite();

const SUBMIT = 'Submit and see the report';
const SAVE_DRAFT = 'Save draft';
const REPORT_PATH = /\/assessments\/[A-Za-z0-9_-]{22}$/;

/** Clicks a button that posts the form and returns the response to that POST. */
async function post(page: Page, button: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response;
}

async function expectReport(page: Page, organisation: string) {
  expect(new URL(page.url()).pathname).toMatch(REPORT_PATH);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(organisation);
  const title = recommendationTitle(suite.rubric, BEST_CASE_RECOMMENDATION);
  expect(await page.getByRole('heading', { level: 2, name: title }).isVisible()).toBe(true);
  expect(await page.getByRole('heading', { level: 2, name: 'Action plan' }).isVisible()).toBe(true);
  // The rubric's explanation carries its own verdict; the page must not add a second one.
  const verdict = await page.getByRole('heading', { level: 3, name: /under a mandate from the top/ }).evaluate((h) => h.nextElementSibling?.textContent ?? '');
  expect(verdict).not.toMatch(/^\s*(Yes|No)\.\s+(Yes|No|Partly|Not yet)\b/);
}

/** The ids listed in an element's aria-describedby. */
async function describedBy(element: Locator): Promise<string[]> {
  return ((await element.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
}

async function startAssessmentFromHome(page: Page) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Start the assessment' }).click();
  await page.getByRole('heading', { level: 1, name: 'New assessment' }).waitFor();
}

async function completeJourney(page: Page, organisation: string, { javaScript = true } = {}) {
  await startAssessmentFromHome(page);
  await page.getByLabel('Organisation name').fill(organisation);
  await answerAll(page, suite.rubric);
  // On the review page every answer is saved: the count is the server's, with or without JavaScript.
  const total = suite.rubric.questions.length;
  await page.getByText(`${total} of ${total} questions answered`).waitFor();
  expect(await page.evaluate(() => document.documentElement.dataset.enhanced === 'yes')).toBe(javaScript);
  const response = await post(page, SUBMIT);
  expect(response.status()).toBe(303);
  await expectReport(page, organisation);
}

/** The error summary, once it is shown, with the focus on it so a screen reader starts there. */
async function focusedSummary(page: Page): Promise<Locator> {
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: /problems? to fix/ }) });
  await summary.waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
  expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
  return summary;
}

/**
 * On the first section's page: two answers and a note, the other required
 * answers missing, then Next. The 422 page keeps everything (and has saved it)
 * and points at each problem by the question's number. Without a name, the
 * first page refuses to go on first.
 */
async function missingAnswersJourney(page: Page, organisation: string, { withName }: { withName: boolean }) {
  const rubric = suite.rubric;
  const section = rubric.dimensions[0]!.id;
  const onPage = rubric.questions.filter((q) => q.dimension === section);
  const [first, second] = onPage as [Question, Question, ...Question[]];
  const note = `Ask ${organisation} about this.`;

  await page.goto('/assessments/new');
  const name = page.getByLabel('Organisation name');
  if (!withName) {
    const refused = await post(page, NEXT);
    expect(refused.status()).toBe(422);
    const summary = await focusedSummary(page);
    expect(await summary.getByRole('link', { name: /^Organisation name/ }).getAttribute('href')).toBe('#organisationName');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(name)).toContain('organisationName-error');
    expect(await page.locator('#organisationName-error').textContent()).toMatch(/enter the name/i);
  }
  await name.fill(organisation);
  await post(page, NEXT);
  await page.waitForURL(new RegExp(`/edit/${section}\\?saved=1$`));
  await choose(page, first, bestOption(first));
  await choose(page, second, lastOption(second));
  const group = questionGroup(page, second);
  await group.getByText('Add a note (optional)').click();
  await group.getByLabel('Note on this question').fill(note);

  const response = await post(page, NEXT);
  expect(response.status()).toBe(422);
  expect(new URL(page.url()).pathname).toMatch(/^\/assessments\/[\w-]{22}$/);
  const summary = await focusedSummary(page);

  // It lists every problem on this page, each by number and linking to the field it is about.
  // A question that applies only after another answer (whom a decision names) is not asked while that answer is missing.
  const missing = onPage.filter((q) => q.required && q !== first && q !== second && !q.appliesWhen);
  const links = summary.getByRole('link');
  expect(await links.count()).toBe(missing.length);
  for (const q of missing) {
    const link = summary.getByRole('link', { name: `Question ${onPage.indexOf(q) + 1},` });
    expect(await link.getAttribute('href')).toBe(`#q-${q.id}`);
  }
  expect(await page.getByRole('heading', { name: `There are ${missing.length} problems to fix before going on` }).count()).toBe(1);

  // Each error also sits beside its field, and the field points to it.
  for (const q of missing) {
    const fieldset = questionGroup(page, q);
    const ids = await describedBy(fieldset);
    expect(ids, `aria-describedby of ${q.id}`).toContain(`q-${q.id}-error`);
    const error = fieldset.locator(`[id="q-${q.id}-error"]`);
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/Error:/);
  }
  for (const q of [first, second]) {
    expect(await describedBy(questionGroup(page, q))).not.toContain(`q-${q.id}-error`);
  }

  // Everything typed is still there.
  expect(await questionGroup(page, first).getByRole('radio', { name: bestOption(first).label, exact: true }).isChecked()).toBe(true);
  expect(await group.getByRole('radio', { name: lastOption(second).label, exact: true }).isChecked()).toBe(true);
  expect(await group.getByLabel('Note on this question').isVisible()).toBe(true);
  expect(await group.getByLabel('Note on this question').inputValue()).toBe(note);
  expect(await page.getByText(`2 of ${rubric.questions.length} questions answered`).isVisible()).toBe(true);

  // The summary's link takes the person to the question.
  const target = missing[0]!;
  await summary.getByRole('link', { name: `Question ${onPage.indexOf(target) + 1},` }).click();
  expect(new URL(page.url()).hash).toBe(`#q-${target.id}`);
  // ...and, where JavaScript runs, puts focus on its first answer, ready for the arrow keys.
  if (await page.evaluate(() => document.documentElement.dataset.enhanced === 'yes')) {
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`q-${target.id}-0`);
  }
}

describe('journeys', () => {
  it('(a) starts from the home page, answers every question, submits and reads the report', async () => {
    const page = await suite.newPage();
    await completeJourney(page, 'Alder Street Community Trust');
  });

  it('(b) saves a draft, comes back from the resume link in a new page, finishes and submits', async () => {
    const rubric = suite.rubric;
    const organisation = 'Birchwood Dental Practice';
    const early = rubric.questions.slice(0, 4);
    const note = 'Checked with the practice manager.';
    const context = await suite.newContext();
    const page = await context.newPage();
    await page.goto('/assessments/new');
    await page.getByLabel('Organisation name').fill(organisation);
    await page.getByLabel('Sector').selectOption({ label: 'Health and care' });
    await post(page, NEXT);
    for (const q of early) await choose(page, q, bestOption(q));
    const noted = questionGroup(page, early[0]!);
    await noted.getByText('Add a note (optional)').click();
    await noted.getByLabel('Note on this question').fill(note);

    const response = await post(page, SAVE_DRAFT);
    expect(response.status()).toBe(303);
    const status = page.getByRole('status').filter({ hasText: 'Draft saved' });
    await status.waitFor();
    const href = await page.locator('#resume-url').getAttribute('href');
    // The whole address, from PUBLIC_URL, so it can be kept and opened elsewhere.
    expect(href).toMatch(new RegExp(`^${suite.baseUrl}/assessments/[A-Za-z0-9_-]{22}/edit$`));
    await page.close();

    // Another browser (no cookies) opens the link someone kept.
    const later = await suite.newPage();
    await later.goto(href!);
    await later.getByRole('heading', { level: 1, name: `Continue the assessment: ${organisation}` }).waitFor();
    for (const q of early) {
      const radio = questionGroup(later, q).getByRole('radio', { name: bestOption(q).label, exact: true });
      expect(await radio.isChecked(), `answer to ${q.id} kept`).toBe(true);
    }
    expect(await questionGroup(later, early[0]!).getByLabel('Note on this question').inputValue()).toBe(note);
    expect(await later.getByText(`${early.length} of ${rubric.questions.length} questions answered`).isVisible()).toBe(true);

    await later.getByRole('navigation', { name: 'Steps of the form' }).getByRole('button', { name: /Your organisation/ }).click();
    await later.waitForURL(/\/edit\/organisation\b/);
    expect(await later.getByLabel('Organisation name').inputValue()).toBe(organisation);
    expect(await later.getByLabel('Sector').inputValue()).toBe('healthcare');
    await answerAll(later, rubric);
    const submitted = await post(later, SUBMIT);
    expect(submitted.status()).toBe(303);
    await expectReport(later, organisation);
    expect(later.url()).toBe(href!.replace(/\/edit$/, ''));
    expect(await later.getByText(`Note: ${note}`).count()).toBe(1);
  });

  it('(c) submitting with missing answers shows a 422 page that keeps everything and points at each problem', async () => {
    const page = await suite.newPage();
    await missingAnswersJourney(page, 'Cedar Lane Primary School', { withName: true });
  });

  it('(d) reads the report and downloads the CSV export', async () => {
    const organisation = 'Dunmore Credit Union';
    const page = await suite.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Start the assessment' }).click();
    await page.getByLabel('Organisation name').fill(organisation);
    await answerAll(page, suite.rubric);
    await post(page, SUBMIT);
    await expectReport(page, organisation);

    const exports = page.getByRole('navigation', { name: 'Exports' });
    const link = exports.getByRole('link', { name: 'Download CSV' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/assessments\/[A-Za-z0-9_-]{22}\/export\.csv$/);

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = await download.path();
    const csv = await readFile(file, 'utf8');
    expect(csv).toContain(organisation);

    // The same link, fetched with the page's cookies: a CSV file.
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/csv/);
    expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(await response.text()).toContain(organisation);
  });

  it('(e) completes the whole form with the keyboard alone', async () => {
    const rubric = suite.rubric;
    const organisation = 'Elmfield Housing Co-operative';
    const note = 'Typed without a mouse.';
    const page = await suite.newPage();
    const keys = page.keyboard;
    const active = () =>
      page.evaluate(() => {
        const el = document.activeElement as (HTMLElement & { name?: string; checked?: boolean; value?: string }) | null;
        return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', name: el?.name ?? '', text: el?.textContent?.trim() ?? '', checked: el?.checked === true };
      });
    /** Presses Tab (or Shift+Tab) until the focus satisfies `wanted`; fails after `max` presses. */
    const tabUntil = async (wanted: (a: Awaited<ReturnType<typeof active>>) => boolean, what: string, { back = false, max = 12 } = {}) => {
      for (let i = 0; i < max; i++) {
        await keys.press(back ? 'Shift+Tab' : 'Tab');
        if (wanted(await active())) return;
      }
      throw new Error(`${back ? 'Shift+Tab' : 'Tab'} did not reach ${what} in ${max} presses; focus is on ${JSON.stringify(await active())}`);
    };

    await page.goto('/');
    await tabUntil((a) => a.tag === 'a' && a.text === 'Start the assessment', 'the start link');
    await keys.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'New assessment' }).waitFor();

    // The skip link comes first and moves the focus to the content.
    await keys.press('Tab');
    expect((await active()).text).toBe('Skip to the content');
    await keys.press('Enter');
    expect((await active()).id).toBe('main');

    await tabUntil((a) => a.id === 'organisationName', 'the organisation name');
    await keys.type(organisation.slice(0, -5));
    // The field holds every key typed before the focus moves on. Once, in a CI run on a busy machine, the report
    // named "Elmfield Housingative": this wait tells whether keys are lost while typing or later.
    const name = page.locator('#organisationName');
    await expect.poll(() => name.inputValue()).toBe(organisation.slice(0, -5));
    await tabUntil((a) => a.id === 'sector', 'the sector');
    await keys.press('ArrowDown'); // the first sector after "Choose a sector"
    await tabUntil((a) => a.id === 'organisationName', 'the organisation name again', { back: true });
    await keys.press('End');
    await keys.type(organisation.slice(-5));
    await expect.poll(() => name.inputValue()).toBe(organisation);

    await tabUntil((a) => a.tag === 'button' && a.text === NEXT, 'the Next button');
    await Promise.all([page.waitForURL(/\/edit\//), keys.press('Enter')]);
    let onPage = rubric.questions[0]!.dimension;
    for (const [i, q] of rubric.questions.entries()) {
      if (q.dimension !== onPage) {
        await tabUntil((a) => a.tag === 'button' && a.text === NEXT, 'the Next button');
        await Promise.all([page.waitForURL(new RegExp(`/edit/${q.dimension}\\b`)), keys.press('Enter')]);
        onPage = q.dimension;
      }
      await tabUntil((a) => a.name === `answer-${q.id}`, `question ${q.id}`);
      const target = q.options.indexOf(bestOption(q));
      await keys.press('Space'); // chooses the first option
      for (let k = 0; k < target; k++) await keys.press('ArrowDown');
      const now = await active();
      expect(now, `answer to ${q.id}`).toMatchObject({ id: `q-${q.id}-${target}`, checked: true });
      if (i === 0) {
        // Open this question's note and type in it.
        await tabUntil((a) => a.tag === 'summary', 'the note toggle');
        await keys.press('Enter');
        await tabUntil((a) => a.id === `note-${q.id}`, 'the note');
        await keys.type(note);
      }
    }
    await tabUntil((a) => a.tag === 'button' && a.text === NEXT, 'the Next button');
    await Promise.all([page.waitForURL(/\/edit\/review\b/), keys.press('Enter')]);
    await tabUntil((a) => a.tag === 'button' && a.text === SUBMIT, 'the submit button', { max: rubric.questions.length + 20 });
    await Promise.all([page.waitForURL(REPORT_PATH), keys.press('Enter')]);
    await expectReport(page, organisation);
    expect(await page.getByText(`Note: ${note}`).count()).toBe(1);
    expect(await page.getByRole('term').filter({ hasText: 'Sector' }).count()).toBe(1);
  });

  describe('(f) with JavaScript turned off', () => {
    it('(a) the complete journey still reaches the report', async () => {
      const page = await suite.newPage({ javaScriptEnabled: false });
      await completeJourney(page, 'Fernhill Allotment Society', { javaScript: false });
    });

    it('(c) missing answers: the 422 page still focuses the summary and keeps everything', async () => {
      const page = await suite.newPage({ javaScriptEnabled: false });
      await missingAnswersJourney(page, 'Foxglove Theatre Company', { withName: false });
    });
  });

  it('(g) the progress count follows the answers as they are chosen', async () => {
    const rubric = suite.rubric;
    const total = rubric.questions.length;
    const [first, second] = rubric.questions as [Question, Question, ...Question[]];
    const page = await suite.newPage();
    await page.goto('/assessments/new');
    await page.getByLabel('Organisation name').fill('Goldcrest Bakery');
    await post(page, NEXT);
    const count = (n: number) => page.getByText(`${n} of ${total} questions answered`);
    const bar = page.getByRole('progressbar', { name: 'Questions answered' });
    expect(await count(0).isVisible()).toBe(true);
    // A polite live region that reads the whole sentence, not just the changed number.
    expect(await count(0).getAttribute('aria-live')).toBe('polite');
    expect(await count(0).getAttribute('aria-atomic')).toBe('true');

    await choose(page, first, bestOption(first));
    await count(1).waitFor();
    expect(await bar.evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);

    await choose(page, first, lastOption(first)); // a changed answer is still one answer
    await choose(page, second, lastOption(second));
    await count(2).waitFor();
    expect(await bar.evaluate((el) => (el as HTMLProgressElement).value)).toBe(2);
    expect(await count(1).count()).toBe(0);
  });
});
