/** Counts the data rows (header excluded) of each sheet of a workbook, with exceljs's streaming reader. */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export async function workbookRows(body: Buffer): Promise<number[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([body]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  const counts: number[] = [];
  for await (const sheet of reader) {
    let rows = 0;
    for await (const _row of sheet as AsyncIterable<unknown>) rows++;
    counts.push(Math.max(0, rows - 1));
  }
  return counts;
}
