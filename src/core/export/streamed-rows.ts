/**
 * The bulk exports' tables over records read on demand: the dashboard's
 * selection is a list of summaries (in memory), the rows need each record in
 * full (its facet scores, flag messages, respondent's role), and the records
 * live in their organisations' documents on disk. The selection's rubrics are
 * known from the summaries, so the columns are fixed before any record is
 * read; then the records are read a few organisations ahead of the row being
 * written, in the selection's order, and none is kept once its rows are out.
 *
 * The rows are the same cells `summaryTable` / `answersTable` make from the
 * same records in the same order (they share `summaryRow` and `answerRows`),
 * so a streamed export is byte for byte the one made from a list in memory.
 */
import type { Assessment } from '../assessment/assessment.ts';
import type { AssessmentSummary } from '../portfolio/summary.ts';
import { isRoundResult } from '../portfolio/deliverables.ts';
import type { RubricRef } from '../rubric/registry.ts';
import type { Cell } from './assessment-export.ts';
import type { StreamedTable, Table } from './table.ts';
import { ANSWERS_COLUMNS, answerRows, knownRubrics, mergedLayout, rubricRefs, rubricTable, summaryColumns, summaryRow, type RubricLookup, type RubricOf } from './bulk-rows.ts';

/** Reads one organisation's records (oldest first, as the store keeps them). */
export type ReadOrganisation = (organisationId: string) => Promise<readonly Assessment[]>;

/** A selection whose records are read as the export is written. */
export interface StreamedSelection {
  /** Each selected record's rubric, in the selection's order (known without reading a record). */
  rubrics: readonly RubricOf[];
  /**
   * For each selected rubric the app no longer knows (`rubricKey`), the first
   * selected record scored with it: its stored result gives the score columns.
   */
  examples: ReadonlyMap<string, Assessment>;
  /** The records, in the selection's order; each call reads them again. */
  records: () => AsyncIterable<Assessment>;
  /** Records enough for the summary rows (`summaryRow`), made from memory where the store keeps each row's detail; `records` otherwise. */
  summaryRecords?: () => AsyncIterable<Assessment>;
}

export const rubricKey = (ref: RubricRef): string => `${ref.id}@${ref.version}`;

/** The stored record behind a summary, read with the rest of its organisation's. */
export async function readRecord(s: Pick<AssessmentSummary, 'id' | 'organisationId'>, read: ReadOrganisation): Promise<Assessment> {
  const found = (await read(s.organisationId)).find((a) => a.id === s.id);
  if (!found) throw new Error(`assessment ${s.id} is no longer stored in organisation ${s.organisationId}`);
  return found;
}

/**
 * The records behind `summaries`, in their order, reading at most `width`
 * organisations ahead of the one being yielded: memory holds `width` records
 * whatever the selection's size. A record `inMemory` gives (a round's combined
 * result, which is computed, never stored; or a summary row's record made from
 * the summary) is not read. A consumer that stops (the reader went away)
 * starts no further read; reads already started finish and are dropped.
 */
export async function* recordsInOrder<S extends Pick<AssessmentSummary, 'id' | 'organisationId'>>(summaries: readonly S[], inMemory: (s: S) => Assessment | undefined, read: ReadOrganisation, width: number): AsyncGenerator<Assessment> {
  const ahead: Array<Promise<Assessment>> = [];
  let next = 0;
  const start = () => {
    const s = summaries[next++]!;
    const known = inMemory(s);
    const record = known ? Promise.resolve(known) : readRecord(s, read);
    // A read that fails after the consumer stopped is nobody's to handle: not an unhandled rejection.
    record.catch(() => undefined);
    ahead.push(record);
  };
  while (ahead.length < width && next < summaries.length) start();
  while (ahead.length) {
    const record = await ahead.shift()!;
    // The next read starts before this record's rows are written, so the disk works while the rows go out.
    if (next < summaries.length) start();
    yield record;
  }
}

/** Records already in memory, as a streamed selection's source. */
export async function* listed(records: readonly Assessment[]): AsyncGenerator<Assessment> {
  yield* records;
}

/**
 * For each rubric of the selection the app does not know, the first selected
 * record scored with it, read before the rows (`mergedLayout` takes an unknown
 * rubric's columns from a stored result). Usually none: every rubric is loaded.
 */
export async function unknownRubricExamples<S extends RubricOf>(selected: readonly S[], rubricOf: RubricLookup, recordOf: (s: S) => Promise<Assessment>): Promise<Map<string, Assessment>> {
  const examples = new Map<string, Assessment>();
  for (const ref of rubricRefs(selected)) {
    if (rubricOf(ref.id, ref.version)) continue;
    const first = selected.find((s) => s.rubricId === ref.id && s.rubricVersion === ref.version)!;
    examples.set(rubricKey(ref), await recordOf(first));
  }
  return examples;
}

/** `summaryTable` over a streamed selection. */
export function streamedSummaryTable(selection: StreamedSelection, rubricOf: RubricLookup): StreamedTable {
  const layout = mergedLayout(rubricRefs(selection.rubrics), rubricOf, (ref) => selection.examples.get(rubricKey(ref)));
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const a of (selection.summaryRecords ?? selection.records)()) yield summaryRow(a, layout);
  }
  return { name: 'Summary', columns: summaryColumns(layout), rows };
}

/** `answersTable` over a streamed selection. */
export function streamedAnswersTable(selection: StreamedSelection, rubricOf: RubricLookup): StreamedTable {
  async function* rows(): AsyncGenerator<Cell[]> {
    // A round's combined result has no answers of its own: its respondents' are in `scope=all`.
    for await (const a of selection.records()) if (!isRoundResult(a)) yield* answerRows(a, rubricOf);
  }
  return { name: 'Answers', columns: ANSWERS_COLUMNS, rows };
}

/**
 * `workbookTables` over a streamed selection. The Summary and Answers sheets
 * are written one after the other (a zip takes its entries in turn), so the
 * records are read once for each: twice the reads, never the whole selection held.
 */
export function streamedWorkbookTables(selection: StreamedSelection, rubricOf: RubricLookup): Array<StreamedTable | Table> {
  return [streamedSummaryTable(selection, rubricOf), streamedAnswersTable(selection, rubricOf), rubricTable(knownRubrics(selection.rubrics, rubricOf))];
}
