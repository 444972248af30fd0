/**
 * The journal after a crash: an unfinished last record (a write that was never
 * acknowledged) is dropped; damage with acknowledged records after it stops the
 * start, naming the file, and changes nothing.
 */
import { appendFile, cp, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { encodeRecord, HEADER_BYTES } from '../../src/storage/journal-records.ts';
import type { Assessment, Organisation } from '../../src/core/assessment/assessment.ts';

const AT = '2026-11-25T10:00:00.000Z';
const org = (n: number): Organisation => ({ id: `org-${String(n).padStart(18, 'a')}`, name: `Org ${n}`, createdAt: AT });
const record = (n: number): Assessment => ({
  id: `assessment-${String(n).padStart(11, 'x')}`, rubricId: 'social-ownership', rubricVersion: '1.0.0', organisationId: org(n).id, organisation: { name: `Org ${n}` }, respondent: {},
  answers: {}, notes: {}, status: 'draft', createdAt: AT, updatedAt: AT,
});

/**
 * A folder as a crash leaves it: its journal holds `count` acknowledged records that were
 * never checkpointed (a copy taken while the writing store is still open, which no later
 * open in this process will checkpoint).
 */
async function folderWithJournal(count: number): Promise<{ dir: string; journal: string; bytes: Buffer }> {
  const writing = await mkdtemp(join(tmpdir(), 'sao-journal-'));
  const store = await openLowdbStore(writing, { delayMs: 60_000 });
  for (let n = 1; n <= count; n++) await store.create(record(n), org(n));
  const dir = await mkdtemp(join(tmpdir(), 'sao-journal-crashed-'));
  await cp(writing, dir, { recursive: true });
  const journal = join(dir, 'journal.log');
  return { dir, journal, bytes: await readFile(journal) };
}

const idsIn = async (dir: string) => (await (await openLowdbStore(dir)).list()).map((a) => a.id).sort();

describe('replaying the journal at start', () => {
  it('when the journal holds acknowledged records only, then opening writes them to the organisation files and removes the journal', async () => {
    const { dir } = await folderWithJournal(3);
    expect(await readdir(join(dir, 'orgs'))).toEqual([]);
    expect(await idsIn(dir)).toEqual([record(1).id, record(2).id, record(3).id]);
    expect((await readdir(join(dir, 'orgs'))).sort()).toEqual([1, 2, 3].map((n) => `${org(n).id}.json`));
    expect(await readdir(dir)).not.toContain('journal.log');
  });

  it('when a document holds text outside ASCII, then its journal record replays to the same document, and its file holds the same text', async () => {
    const writing = await mkdtemp(join(tmpdir(), 'sao-journal-'));
    const store = await openLowdbStore(writing, { delayMs: 60_000 });
    const named: Organisation = { ...org(1), name: 'Café Zürich 東京 🌍' };
    const written = { ...record(1), organisation: { name: named.name }, notes: { 'owner-social-use': 'Ça marche: «très» bien — 良い 👍' } };
    await store.create(written, named);
    const dir = await mkdtemp(join(tmpdir(), 'sao-journal-crashed-'));
    await cp(writing, dir, { recursive: true });
    const reopened = await openLowdbStore(dir);
    expect(await reopened.get(written.id)).toEqual(written);
    expect(JSON.parse(await readFile(join(dir, 'orgs', `${named.id}.json`), 'utf8')).organisation.name).toBe(named.name);
    await reopened.close();
    await store.close();
  });

  it.each([
    ['only part of its header', (r: Buffer) => r.subarray(0, HEADER_BYTES - 5)],
    ['its header and half its data', (r: Buffer) => r.subarray(0, Math.floor(r.length / 2))],
    ['all its bytes, one of them wrong', (r: Buffer) => Buffer.concat([r.subarray(0, r.length - 3), Buffer.from('!'), r.subarray(r.length - 2)])],
    ['zeros where its bytes should be', (r: Buffer) => Buffer.alloc(r.length)],
  ])('when the last record has %s (a write cut short by a crash), then it is dropped and every acknowledged record is kept', async (_name, tear) => {
    const { dir, journal } = await folderWithJournal(2);
    await appendFile(journal, tear(encodeRecord({ doc: { schemaVersion: 2, organisation: org(9), assessments: [record(9)], shareLinks: [] } })));
    expect(await idsIn(dir)).toEqual([record(1).id, record(2).id]);
    expect(await readdir(dir)).not.toContain('journal.log');
    // The folder opens again, and takes new writes after the dropped tail.
    const store = await openLowdbStore(dir, { delayMs: 60_000 });
    await store.create(record(3), org(3));
    expect(await idsIn(dir)).toEqual([record(1).id, record(2).id, record(3).id]);
  });

  it('when a record in the middle is damaged and acknowledged records follow it, then opening stops with an error naming the journal, and nothing is changed', async () => {
    const { dir, journal, bytes } = await folderWithJournal(3);
    const damaged = Buffer.from(bytes);
    const second = bytes.length / 3 + HEADER_BYTES + 20; // inside the second record's data (all three are the same size)
    damaged[second] = damaged[second]! ^ 0xff;
    await writeFile(journal, damaged);
    const error = await openLowdbStore(dir).then(() => null, (err: Error) => err);
    expect(error?.message).toMatch(new RegExp(`${journal}: the record at byte ${bytes.length / 3} is damaged .* acknowledged records follow it`));
    expect(await readFile(journal)).toEqual(damaged);
    expect(await readdir(join(dir, 'orgs'))).toEqual([]);
  });

  it('when a journal record holds a document that does not fit the schema, then opening stops naming the journal', async () => {
    const { dir, journal } = await folderWithJournal(1);
    await appendFile(journal, encodeRecord({ doc: { schemaVersion: 2, organisation: { ...org(5), name: '' }, assessments: [], shareLinks: [] } }));
    await expect(openLowdbStore(dir)).rejects.toThrow(new RegExp(`${journal}: the data does not fit the schema \\(organisation\\.name`));
  });
});

describe('group commit', () => {
  it('when many writes arrive at once, then each is acknowledged once on disk and they share fsyncs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-journal-'));
    const store = await openLowdbStore(dir, { delayMs: 60_000 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(record(i + 1), org(i + 1))));
    expect(await idsIn(dir)).toHaveLength(50);
    expect(store.journalStats().records).toBe(50);
    expect(store.journalStats().batches).toBeLessThan(50);
  });
});
