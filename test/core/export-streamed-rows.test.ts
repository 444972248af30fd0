import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../src/core/assessment/assessment.ts';
import type { Deliverable } from '../../src/core/portfolio/deliverables.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import type { Cell } from '../../src/core/export/assessment-export.ts';
import type { AnyTable } from '../../src/core/export/table.ts';
import { answersTable, summaryTable, workbookTables } from '../../src/core/export/bulk-rows.ts';
import { listed, recordsInOrder, streamedAnswersTable, streamedSummaryTable, streamedWorkbookTables, unknownRubricExamples, type StreamedSelection } from '../../src/core/export/streamed-rows.ts';
import { fixtureRubric, fixtureRubricV2, rubricLookup } from './fixture-rubric.ts';
import { fakeId, makeAssessment, makeOrganisation } from './export-fixtures.ts';

const v1 = fixtureRubric();
const v2 = fixtureRubricV2();
const lookup = rubricLookup;
const ANSWERS = ['yes', 'partly', 'no'];
const answered = (n: number) => Object.fromEntries(['qa1', 'qa1b', 'qa2', 'qb1', 'qb2'].map((q, i) => [q, ANSWERS[(n + i) % 3]!]));

/** `orgs` organisations of `perOrg` assessments each, rubric versions mixed; ids as the app's. */
function organisations(orgs: number, perOrg: number): Map<string, Assessment[]> {
  const byOrg = new Map<string, Assessment[]>();
  for (let o = 0; o < orgs; o++) {
    const org = makeOrganisation(o, `Org ${o}`, o % 2 ? 'retail' : 'media');
    byOrg.set(org.id, Array.from({ length: perOrg }, (_, k) => makeAssessment(o % 3 ? v1 : v2, { n: o * 10 + k, org, answers: answered(o + k), at: new Date(Date.UTC(2026, 0, 1 + o, k)).toISOString() })));
  }
  return byOrg;
}

/** A store's per-organisation read whose reads finish when the test says: it records what is read and what is still being read. */
function gatedReads(byOrg: Map<string, Assessment[]>) {
  const pending: Array<() => void> = [];
  const state = { started: [] as string[], inFlight: 0, maxInFlight: 0 };
  const read = (orgId: string) =>
    new Promise<Assessment[]>((resolve) => {
      state.started.push(orgId);
      state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight);
      pending.push(() => {
        state.inFlight--;
        resolve(byOrg.get(orgId)!);
      });
    });
  /** Finishes the pending reads, latest first (out of order on purpose). */
  const finishAll = () => {
    while (pending.length) pending.pop()!();
  };
  return { read, state, finishAll };
}

/** Nothing known in memory: every record is read. */
const none = () => undefined;

const rowsOf = async (t: AnyTable): Promise<Cell[][]> => {
  const out: Cell[][] = [];
  for await (const row of t.rows()) out.push(row);
  return out;
};

describe('recordsInOrder', () => {
  it('when reads finish out of order, then the records still come in the selection order, never more than `width` read ahead', async () => {
    const byOrg = organisations(20, 2);
    // Each organisation's later assessment, in an order that is neither the organisations' nor the reads'.
    const selection = [...byOrg.values()].map((list) => list[1]!).reverse();
    const { read, state, finishAll } = gatedReads(byOrg);
    const got: string[] = [];
    const reading = (async () => {
      for await (const a of recordsInOrder(selection, none, read, 3)) got.push(a.id);
    })();
    while (got.length < selection.length) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(state.inFlight).toBeLessThanOrEqual(3);
      finishAll();
    }
    await reading;
    expect(got).toEqual(selection.map((a) => a.id));
    expect(state.maxInFlight).toBe(3);
  });

  it('when the consumer stops, then no further organisation is read', async () => {
    const byOrg = organisations(30, 1);
    const selection = [...byOrg.values()].map((list) => list[0]!);
    const { read, state, finishAll } = gatedReads(byOrg);
    const stopping = (async () => {
      let n = 0;
      for await (const _a of recordsInOrder(selection, none, read, 4)) if (++n === 5) break;
    })();
    let settled = false;
    void stopping.then(() => (settled = true));
    while (!settled) {
      finishAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    finishAll();
    // Five records taken, and at most `width` reads beyond them were under way when it stopped.
    expect(state.started.length).toBeLessThanOrEqual(5 + 4);
    expect(state.inFlight).toBe(0);
  });

  it("when a selected record is known in memory (a round's result), then it is not read, and the others are read in its place in the order", async () => {
    const byOrg = organisations(2, 1);
    const [first, second] = [...byOrg.values()].map((list) => list[0]!);
    const round: Deliverable = { ...makeAssessment(v1, { n: 99, org: makeOrganisation(7) }), id: fakeId('rnd', 1), round: { respondents: 3, state: 'closed' } };
    const reads: string[] = [];
    const read = async (orgId: string) => (reads.push(orgId), byOrg.get(orgId)!);
    const got: Assessment[] = [];
    for await (const a of recordsInOrder([first!, round, second!], (s) => (s.id === round.id ? round : undefined), read, 2)) got.push(a);
    expect(got).toEqual([first, round, second]);
    expect(reads).toEqual([first!.organisationId, second!.organisationId]);
  });

  it('when a selected record is no longer in its organisation, then the export fails rather than leave a row out', async () => {
    const byOrg = organisations(1, 1);
    const ghost = { id: fakeId('asm', 777), organisationId: [...byOrg.keys()][0]! };
    const reading = (async () => {
      for await (const _a of recordsInOrder([ghost], none, async (id) => byOrg.get(id)!, 2));
    })();
    await expect(reading).rejects.toThrow(/no longer stored/);
  });
});

describe('streamed tables', () => {
  const byOrg = organisations(12, 3);
  const selected = [...byOrg.values()].map((list) => list.at(-1)!).sort((a, b) => b.result!.overall - a.result!.overall || a.id.localeCompare(b.id));
  const streamed = async (rubrics: Rubric[]): Promise<StreamedSelection> => ({
    rubrics: selected,
    examples: await unknownRubricExamples(selected, lookup(rubrics), async (s) => s),
    records: () => recordsInOrder(selected, none, async (orgId) => byOrg.get(orgId)!, 4),
  });

  it.each([
    ['every rubric known', [v1, v2]],
    ['a rubric no longer known (its columns from a stored result)', [v1]],
  ])('when %s, then the summary and answers tables hold the same columns and cells as the tables made from the records in memory', async (_case, rubrics) => {
    const selection = await streamed(rubrics);
    for (const [fromDisk, inMemory] of [
      [streamedSummaryTable(selection, lookup(rubrics)), summaryTable(selected, lookup(rubrics))],
      [streamedAnswersTable(selection, lookup(rubrics)), answersTable(selected, lookup(rubrics))],
    ] as const) {
      expect(fromDisk.columns).toEqual(inMemory.columns);
      expect(await rowsOf(fromDisk)).toEqual([...inMemory.rows()]);
    }
  });

  it('when a workbook is made, then its sheets are those of the records in memory, and the records are read once per sheet that needs them', async () => {
    let reads = 0;
    const selection: StreamedSelection = { rubrics: selected, examples: new Map(), records: () => ((reads += 1), listed(selected)) };
    const fromDisk = streamedWorkbookTables(selection, lookup([v1, v2]));
    const inMemory = workbookTables(selected, lookup([v1, v2]));
    expect(fromDisk.map((t) => t.name)).toEqual(inMemory.map((t) => t.name));
    for (const [i, t] of fromDisk.entries()) expect(await rowsOf(t)).toEqual([...inMemory[i]!.rows()]);
    expect(reads).toBe(2);
  });
});
