/**
 * The lowdb store keeps heads and summaries in memory and reads full
 * documents on demand (src/storage/org-heads.ts, document-store.ts); a start
 * trusts DATA_DIR/index.json only for files whose size and mtime still match
 * (src/storage/start-index.ts).
 */
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import { evaluate } from '../../src/core/evaluate.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { WELL_PREPARED } from '../fixtures/answer-sets.ts';
import type { Assessment, Organisation } from '../../src/core/assessment/assessment.ts';
import type { Store } from '../../src/core/ports.ts';
import { compactHeap } from '../../src/platform/idle-memory.ts';

const AT = '2026-11-25T10:00:00.000Z';
const tempDir = () => mkdtemp(join(tmpdir(), 'sao-compact-'));
const orgId = (n: number) => `org-${String(n).padStart(18, '0')}`;
const fileOf = (dir: string, n: number) => join(dir, 'orgs', `${orgId(n)}.json`);

async function records(count: number): Promise<Array<{ organisation: Organisation; assessment: Assessment }>> {
  const rubric = (await shippedRubrics()).defaultRubric();
  const result = evaluate(rubric, WELL_PREPARED, '2026-11-25');
  return Array.from({ length: count }, (_, n) => {
    const organisation: Organisation = { id: orgId(n), name: `Client ${n}`, createdAt: AT };
    const assessment: Assessment = {
      id: `asm-${String(n).padStart(18, '0')}`, rubricId: rubric.id, rubricVersion: rubric.version, organisationId: organisation.id, organisation: { name: organisation.name },
      respondent: {}, answers: WELL_PREPARED, notes: { [Object.keys(WELL_PREPARED)[0]!]: `note ${n}` }, status: 'submitted', createdAt: AT, updatedAt: AT, submittedAt: AT, result,
    };
    return { organisation, assessment };
  });
}

async function folderOf(count: number): Promise<{ dir: string; written: Assessment[] }> {
  const dir = await tempDir();
  const store = await openLowdbStore(dir);
  const made = await records(count);
  for (const { organisation, assessment } of made) await store.create(assessment, organisation);
  await store.close();
  return { dir, written: made.map((m) => m.assessment) };
}

const everyRecord = async (store: Store) => Promise.all((await store.listOrganisations()).map((o) => store.assessmentsOf(o.id))).then((all) => all.flat());

describe('the start-up index', () => {
  it('when the folder was closed cleanly, then the next start reads no organisation file and lists the same summaries', async () => {
    const { dir, written } = await folderOf(4);
    const store = await openLowdbStore(dir);
    expect(store.startStats).toEqual({ read: 0, indexed: 4 });
    expect((await store.summaries()).map((s) => s.id)).toEqual(written.map((a) => a.id));
    expect(await everyRecord(store)).toEqual(written);
    await store.close();
  });

  it.each([
    ['missing', (file: string) => rm(file)],
    ['damaged', async (file: string) => writeFile(file, (await readFile(file, 'utf8')).replace('"submitted"', '"submittet"'))],
    ['of another format', (file: string) => writeFile(file, '{"format":"social-audit-index","version":0,"crc32":0}\n[]')],
  ])('when the index is %s, then every file is read and checked, nothing is lost, and the index is written again', async (_what, spoil) => {
    const { dir, written } = await folderOf(3);
    await spoil(join(dir, 'index.json'));
    const store = await openLowdbStore(dir, { log: () => undefined });
    expect(store.startStats).toEqual({ read: 3, indexed: 0 });
    expect(await everyRecord(store)).toEqual(written);
    const again = await openLowdbStore(dir);
    expect(again.startStats).toEqual({ read: 0, indexed: 3 });
    await again.close();
  });

  it('when a file was changed after the index was written, then only that file is read, and its new contents count', async () => {
    const { dir } = await folderOf(3);
    const doc = JSON.parse(await readFile(fileOf(dir, 1), 'utf8'));
    doc.organisation.name = 'Renamed by hand';
    await writeFile(fileOf(dir, 1), JSON.stringify(doc));
    const store = await openLowdbStore(dir);
    expect(store.startStats).toEqual({ read: 1, indexed: 2 });
    expect((await store.getOrganisation(orgId(1)))?.name).toBe('Renamed by hand');
    await store.close();
  });

  it('when a file was damaged after the index was written, then the start stops with its name, even with its old size', async () => {
    const { dir } = await folderOf(2);
    const text = await readFile(fileOf(dir, 1), 'utf8');
    // The same length, a score no result can have; the time moves as any write's would.
    await writeFile(fileOf(dir, 1), text.replace(/"overall":\d\d/, '"overall":-1'.padEnd('"overall":00'.length, ' ')));
    const later = new Date(Date.now() + 5_000);
    await utimes(fileOf(dir, 1), later, later);
    await expect(openLowdbStore(dir)).rejects.toThrow(new RegExp(`orgs/${orgId(1)}\\.json: the data does not fit the schema`));
  });
});

describe('full documents read on demand', () => {
  it('when more organisations are read than the cache holds, then it holds no more than its bound, and every record read equals what was written', async () => {
    const { dir, written } = await folderOf(6);
    const store = await openLowdbStore(dir, { maxDocuments: 2 });
    expect(store.documentsHeld()).toBe(0); // the start read no document
    for (const a of written) expect(await store.get(a.id)).toEqual(a);
    expect(store.documentsHeld()).toBe(2);
    expect(await store.list()).toEqual(written);
    expect(store.documentsHeld()).toBe(2);
    await store.close();
  });

  it('when many organisations are written, then the store keeps no record beyond its cache once the files are written', async () => {
    const dir = await tempDir();
    const store = await openLowdbStore(dir, { maxDocuments: 1, delayMs: 60_000 });
    const made = await records(6);
    // Each record as the store handed it back: held weakly, so that only the store can keep it alive.
    const handedBack: Array<WeakRef<Assessment>> = [];
    for (const { organisation, assessment } of made) handedBack.push(new WeakRef(await store.create(structuredClone(assessment), structuredClone(organisation))));
    await store.checkpoint();
    // Collected when nothing in the store refers to them: a collection can be put off by a pending task, so a few are allowed.
    await expect.poll(() => {
      compactHeap();
      return handedBack.filter((r) => r.deref() !== undefined).length;
    }).toBeLessThanOrEqual(1);
    for (const { assessment } of made) expect(await store.get(assessment.id)).toEqual(assessment);
    await store.close();
  });

  it('when a file is damaged while the store runs, then a read on demand refuses it with its name, and the files left as they were still read', async () => {
    const { dir, written } = await folderOf(3);
    const store = await openLowdbStore(dir, { maxDocuments: 1 });
    const text = await readFile(fileOf(dir, 1), 'utf8');
    // The same length, a score no result can have; the time moves as any write's would.
    await writeFile(fileOf(dir, 1), text.replace(/"overall":\d\d/, '"overall":-1'.padEnd('"overall":00'.length, ' ')));
    const later = new Date(Date.now() + 5_000);
    await utimes(fileOf(dir, 1), later, later);
    await expect(store.get(written[1]!.id)).rejects.toThrow(new RegExp(`orgs/${orgId(1)}\\.json: the data does not fit the schema`));
    expect(await store.get(written[0]!.id)).toEqual(written[0]);
    expect(await store.get(written[2]!.id)).toEqual(written[2]);
    await store.close().catch(() => undefined);
  });

  it('when a change is in the journal only, then a read on demand gives the change, not the older file', async () => {
    const { dir, written } = await folderOf(3);
    const store = await openLowdbStore(dir, { maxDocuments: 1, delayMs: 60_000 });
    const changed = { ...written[0]!, notes: { [Object.keys(WELL_PREPARED)[0]!]: 'changed after the file was written' } };
    await store.update(changed);
    await store.get(written[1]!.id);
    await store.get(written[2]!.id); // the changed document has left the cache
    expect(await store.get(written[0]!.id)).toEqual(changed);
    await store.close();
    const reopened = await openLowdbStore(dir);
    expect(await reopened.get(written[0]!.id)).toEqual(changed);
    await reopened.close();
  });

  it('when the memory store holds many organisations, then its summaries come without reading a document and its cache stays bounded', async () => {
    const store = createMemoryStore({ maxDocuments: 3 });
    const made = await records(10);
    for (const { organisation, assessment } of made) await store.create(assessment, organisation);
    expect(store.documentsHeld()).toBe(3);
    expect((await store.summaries()).map((s) => s.id)).toEqual(made.map((m) => m.assessment.id));
    expect(await store.list()).toEqual(made.map((m) => m.assessment));
    expect(store.documentsHeld()).toBe(3);
  });
});
