/**
 * The exports as a person gets them: from the report's links, in a real
 * browser, opened as they are. The CSV is one table a parser reads whole, with
 * words beside the codes; the workbook opens on a Summary, then the Actions
 * with real dates, then the Answers. (The PDF: test/web/pdf-export.test.ts and
 * print.test.ts; this suite's app runs without a PDF renderer.)
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BEST_CASE_RECOMMENDATION, recommendationTitle, useBrowserSuite } from './browser.ts';

const suite = useBrowserSuite();

async function download(page: Page, name: string): Promise<Buffer> {
  const link = page.getByRole('navigation', { name: 'Exports' }).getByRole('link', { name });
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFile((await file.path())!);
}

describe('exports from the report', () => {
  it('downloads the CSV as one table, every row the same columns, codes with their words', async () => {
    const organisation = 'Fernhill Community Trust';
    const page = await suite.newPage();
    await page.goto(await suite.submitted({ name: organisation }));
    const bytes = await download(page, 'Download CSV');
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const records = parse(text) as string[][];
    expect(records).toHaveLength(1 + suite.rubric.questions.length);
    expect(new Set(records.map((r) => r.length)).size).toBe(1);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    const title = recommendationTitle(suite.rubric, BEST_CASE_RECOMMENDATION);
    for (const row of rows) {
      expect(row).toMatchObject({ organisation, recommendation: BEST_CASE_RECOMMENDATION, recommendation_title: title, sector: 'nonprofit', sector_label: 'Charity or non-profit' });
      expect(row.dimension_title).toBe(suite.rubric.dimensions.find((d) => d.id === row.dimension)!.title);
      expect(row.label).not.toBe('');
    }
  });

  it('downloads the workbook with Summary, Actions (due dates as dates) and Answers sheets', async () => {
    const organisation = 'Greystones Dental Practice';
    const page = await suite.newPage();
    await page.goto(await suite.submitted({ name: organisation }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(page, 'Download Excel workbook')) as unknown as Parameters<typeof book.xlsx.load>[0]);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Actions', 'Answers', 'Rubric']);
    const summary = book.getWorksheet('Summary')!;
    const recommendation = Array.from({ length: summary.rowCount }, (_, i) => summary.getRow(i + 1).values as unknown[]).find((v) => v[1] === 'recommendation')!;
    expect(recommendation.slice(3, 5)).toEqual([recommendationTitle(suite.rubric, BEST_CASE_RECOMMENDATION), BEST_CASE_RECOMMENDATION]);
    const actions = book.getWorksheet('Actions')!;
    expect((actions.getRow(1).values as unknown[]).slice(1)).toEqual(['number', 'title', 'owner', 'due', 'claims']);
    expect(actions.getRow(2).getCell(4).value).toBeInstanceOf(Date);
    const answers = book.getWorksheet('Answers')!;
    expect(answers.rowCount).toBe(1 + suite.rubric.questions.length);
    expect(answers.getRow(2).getCell(3).value).toBe(suite.rubric.questions[0]!.prompt);
  });
});
