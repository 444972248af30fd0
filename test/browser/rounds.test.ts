/**
 * A round in a real browser, as a consultant and seven people would run it:
 * the consultant opens it from a report, three leaders and three others answer
 * through their invitation links (each in their own browser), one more leaves
 * a draft, and the consultant reads the round's report and shares it. axe runs
 * on every page the round adds; the round's pages and the dashboard fit a
 * 375 px phone; and no respondent page links to anything but its own draft.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { answerAll, bestOption, choose, NEXT, signInAsConsultant, useBrowserSuite, type Question } from './browser.ts';
import { expectNoSeriousViolations, expectNoSidewaysScroll } from './checks.ts';
import { CONSULTANT_KEY } from '../helpers/app.ts';
import { scaled } from '../helpers/timing.ts';

const suite = useBrowserSuite();
const PHONE = { viewport: { width: 375, height: 812 } };

/** Every same-site address a page links to or posts to. */
const addresses = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[href], [action]')].map((el) => el.getAttribute('href') ?? el.getAttribute('action') ?? ''));

/** Others than the leaders see the leaders as controlling: the weakest answer on every leadership question. */
const othersView = (q: Question) => (q.dimension === 'leadership' ? q.options[0]! : bestOption(q));

describe('a round, from invitations to a delivered report', () => {
  it('when three leaders and three others answer and one leaves a draft, then each respondent sees only their own pages, and the consultant reads, prints and shares the round report', async () => {
    const reportPath = await suite.submitted({ name: 'Seven Voices Trust' });
    const reportId = reportPath.split('/').pop()!;
    const consultant = await suite.newPage();
    await signInAsConsultant(consultant, CONSULTANT_KEY);
    await consultant.goto(reportPath);
    await consultant.getByLabel('Title (optional)').fill('Spring round');
    await consultant.getByLabel('Last day for answers (optional)').fill('2026-12-10');
    await consultant.getByLabel('Invited by, as respondents will read it (optional)').fill('Alex Morgan, Morgan Consulting');
    await consultant.getByLabel('The proposed owner', { exact: true }).uncheck();
    await consultant.getByLabel('Other staff', { exact: true }).uncheck();
    await consultant.getByRole('button', { name: 'Open the round' }).click();
    await consultant.waitForURL(/\/consultant\/rounds\/[\w-]{22}$/);
    const roundPath = new URL(consultant.url()).pathname;
    const roundId = roundPath.split('/').pop()!;
    await expectNoSeriousViolations(consultant);

    const linkFor = async (role: string) => (await consultant.getByRole('row').filter({ hasText: role }).locator('code.share-url').textContent())!.trim();
    const leaders = await linkFor('Leaders');
    const others = await linkFor('Communications, marketing or PR');
    const forbidden = [roundId, reportId, new URL(others).pathname.split('/').pop()!];

    const respondentPages: Page[] = [];
    const answer = async (link: string, pick: (q: Question) => ReturnType<typeof bestOption>, first: boolean) => {
      const person = await suite.newPage(first ? PHONE : {});
      respondentPages.push(person);
      await person.goto(link);
      await person.getByRole('heading', { level: 2, name: 'Welcome' }).waitFor();
      expect(await person.getByText('Alex Morgan, Morgan Consulting invited you').isVisible()).toBe(true);
      expect(await person.getByText('10 December 2026').first().isVisible()).toBe(true);
      if (first) {
        await expectNoSeriousViolations(person);
        await expectNoSidewaysScroll(person, 'the invitation form', 375);
      }
      expect((await addresses(person)).filter((a) => forbidden.some((f) => a.includes(f)))).toEqual([]);
      // The first fills the form as a person reads it; the others check the same radios by their names, which is quicker.
      if (first) await answerAll(person, suite.rubric, pick);
      else {
        await person.getByRole('button', { name: NEXT }).click();
        for (const d of suite.rubric.dimensions) {
          await person.waitForURL(new RegExp(`/edit/${d.id}\\b`));
          for (const q of suite.rubric.questions.filter((x) => x.dimension === d.id)) await person.locator(`input[name="answer-${q.id}"][value="${pick(q).value}"]`).check();
          await person.getByRole('button', { name: NEXT }).click();
        }
        await person.waitForURL(/\/edit\/review\b/);
      }
      await person.getByRole('button', { name: 'Send my answers' }).click();
      await person.getByRole('heading', { level: 1, name: 'Thank you: your answers are in' }).waitFor();
      expect(await person.getByText('Nobody else sees your answers').isVisible()).toBe(true);
      if (first) {
        await expectNoSeriousViolations(person);
        await expectNoSidewaysScroll(person, 'the thank-you page', 375);
      }
      return person;
    };
    for (let i = 0; i < 3; i++) await answer(leaders, bestOption, i === 0);
    for (let i = 0; i < 3; i++) await answer(others, othersView, false);

    // One more person starts and saves a draft.
    const drafter = await suite.newPage();
    respondentPages.push(drafter);
    await drafter.goto(leaders);
    await drafter.getByRole('button', { name: NEXT }).click();
    await drafter.waitForURL(/\/edit\//);
    for (const q of suite.rubric.questions.slice(0, 3)) await choose(drafter, q, bestOption(q));
    await drafter.getByRole('button', { name: 'Save draft' }).click();
    await drafter.getByText('Draft saved').waitFor();
    await expectNoSeriousViolations(drafter);

    // Nothing a respondent can reach names the round, the organisation's report or another invitation.
    for (const page of respondentPages) {
      expect(page.url()).not.toMatch(new RegExp(forbidden.join('|')));
      expect((await addresses(page)).filter((a) => forbidden.some((f) => a.includes(f)))).toEqual([]);
    }

    await consultant.goto(roundPath);
    expect(await consultant.getByText('6 submitted answers').isVisible()).toBe(true);
    await consultant.getByRole('link', { name: "Read, print or share the round's report" }).click();
    await consultant.waitForURL(/\/report$/);
    const report = consultant.locator('article');
    await consultant.getByRole('heading', { level: 2, name: 'Action plan' }).waitFor();
    expect(await report.textContent()).toContain('educate-leadership-first');
    expect(await report.textContent()).toMatch(/Leaders rate their openness 100; the others rate it \d+/);
    expect(await report.textContent()).not.toContain('Red flag "');
    await expectNoSeriousViolations(consultant);

    await consultant.getByLabel('Label (optional)').fill('For the board');
    await consultant.getByRole('button', { name: 'Make a share link' }).click();
    await consultant.getByRole('table', { name: "Read-only links to this round's report" }).waitFor();
    const shareUrl = (await consultant.locator('.share-links code.share-url').first().textContent())!.trim();
    const board = await suite.newPage();
    await board.goto(shareUrl);
    await board.getByText('A read-only copy of this report').waitFor();
    expect(await board.getByRole('heading', { level: 1, name: 'Seven Voices Trust' }).isVisible()).toBe(true);
    expect(await board.getByRole('button', { name: 'Make a share link' }).count()).toBe(0);
    await expectNoSeriousViolations(board);

    await consultant.goto('/consultant');
    await consultant.getByRole('heading', { level: 2, name: 'Rounds' }).waitFor();
    expect(await consultant.getByRole('row').filter({ hasText: 'Seven Voices Trust' }).textContent()).toContain('Round, 6 respondents (still open)');
    await expectNoSeriousViolations(consultant);
  }, scaled(420_000));

  it('when a round has answers and share links, then its page, its report and the dashboard fit a 375 px phone', async () => {
    const reportPath = await suite.submitted({ name: 'Narrow Screen Partnership for Community Broadcasting' });
    const api = (path: string, body?: object) =>
      fetch(suite.url(path), { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${CONSULTANT_KEY}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then(async (r) => {
        expect(r.status, `${path}: ${r.status}`).toBeLessThan(300);
        return r.json();
      });
    const orgId = (await api(`/api${reportPath}`)).organisationId;
    const round = await api(`/api/organisations/${orgId}/rounds`, { roles: ['leadership', 'communications', 'other'], closesOn: '2026-11-30', label: 'A round with a long title for a narrow screen' });
    await api(`/api/rounds/${round.id}/invitations`, { role: 'proposed-owner', label: 'Samantha Featherstonehaugh-Whittington' });
    const answers = Object.fromEntries(suite.rubric.questions.map((q) => [q.id, othersView(q).value]));
    for (const invitation of round.invitations as Array<{ token: string }>) {
      for (let i = 0; i < 3; i++) await fetch(suite.url('/api/assessments'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invitation: invitation.token, answers }) });
    }
    const phone = await suite.newPage(PHONE);
    await signInAsConsultant(phone, CONSULTANT_KEY);
    await phone.goto(`/consultant/rounds/${round.id}/report`);
    await phone.getByRole('button', { name: 'Make a share link' }).click();
    await phone.getByRole('table', { name: "Read-only links to this round's report" }).waitFor();
    await expectNoSidewaysScroll(phone, 'the round report', 375);
    await phone.goto(`/consultant/rounds/${round.id}`);
    await phone.getByRole('heading', { level: 1 }).waitFor();
    await expectNoSidewaysScroll(phone, 'the round page', 375);
    await phone.goto('/consultant');
    await phone.getByRole('heading', { level: 2, name: 'Rounds' }).waitFor();
    await expectNoSidewaysScroll(phone, 'the dashboard', 375);
  }, scaled(120_000));
});
