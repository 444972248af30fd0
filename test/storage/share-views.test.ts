/**
 * Views of a share link are not a write each: they wait in memory (shown at
 * once), then go to disk in one write per organisation. Reading a shared
 * report never fails because writing would: with the disk full it still
 * answers 200, and the views are written once the disk takes them again.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { createDocumentStore } from '../../src/storage/document-store.ts';
import { emptyMeta, type OrgDocument } from '../../src/storage/org-document.ts';
import { createSharingService } from '../../src/core/sharing/sharing-service.ts';
import { newToken } from '../../src/platform/ids.ts';
import { buildTestApp, FIXED_NOW } from '../helpers/app.ts';
import { startServer } from '../helpers/start-server.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import type { Store } from '../../src/core/ports.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

function countingStore() {
  const disk = { full: false, writes: 0, last: new Map<string, OrgDocument>() };
  const store = createDocumentStore({ heads: [], meta: emptyMeta() }, {
    readDocument: async (orgId) => disk.last.get(orgId)!,
    async writeDocument(doc) {
      if (disk.full) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      disk.writes++;
      disk.last.set(doc.organisation.id, doc);
    },
    writeMeta: async () => undefined,
  }, { viewFlushMs: 3_600_000 }); // flushed by hand in these tests
  return { store, disk };
}

async function sharedReport(store: Store, now = () => FIXED_NOW) {
  const { app, service } = await buildTestApp({ store, now });
  const a = await service.create({}, { organisation: { name: 'Viewed Ltd' }, respondent: {}, answers: SCENARIOS[0]!.answers, notes: {} }, 'submitted');
  const link = await createSharingService({ store, now, newToken }).create(a.id, {});
  return { app, a, link };
}

describe('views of share links', () => {
  it('when a link is viewed 1,500 times, then nothing is written per view, the consultant sees all 1,500, and one write records them', async () => {
    const { store, disk } = countingStore();
    const { link, a } = await sharedReport(store);
    const sharing = createSharingService({ store, now: () => FIXED_NOW, newToken });
    const before = disk.writes;
    for (let i = 0; i < 1_500; i++) expect((await sharing.open(link.token)).state).toBe('active');
    expect(disk.writes).toBe(before);
    expect((await store.getShareLink(link.token))!.views).toHaveLength(1_500);
    expect((await sharing.list(a.id))[0]!.views).toHaveLength(1_500);

    await store.flushShareViews();
    expect(disk.writes).toBe(before + 1);
    expect(disk.last.get(a.organisationId)!.shareLinks[0]!.views).toHaveLength(1_500);
    expect((await store.getShareLink(link.token))!.views).toHaveLength(1_500);
  });

  it('when the disk is full, then the shared report still answers 200, and its views are written once the disk takes them', async () => {
    const { store, disk } = countingStore();
    const { app, link, a } = await sharedReport(store);
    disk.full = true;
    const shared = await request(app).get(`/s/${link.token}`).expect(200);
    expect(shared.text).toContain('Viewed Ltd');
    await request(app).get(`/s/${link.token}`).expect(200);
    await store.flushShareViews();
    expect((await store.getShareLink(link.token))!.views).toHaveLength(2);

    disk.full = false;
    await store.flushShareViews();
    expect(disk.last.get(a.organisationId)!.shareLinks[0]!.views).toEqual([{ at: FIXED_NOW.toISOString() }, { at: FIXED_NOW.toISOString() }]);
  });
});

describe('views of share links on the real server', { tags: ['process'] }, () => {
  it('when the server is stopped with SIGTERM, then the views it kept in memory are in the organisation file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-views-'));
    const store = await openLowdbStore(dir);
    const { a, link } = await sharedReport(store, () => new Date()); // the server's clock is the real one
    // Handed over as the folder's lock would: this process's background checkpoint must not write the folder the server now owns.
    await store.close();
    const server = await startServer(dir, { CONSULTANT_TOKEN: 'a-consultant-key-for-this-test-0123456789' });
    expect(server.ready, server.out).toBe(true);
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${server.origin}/s/${link.token}`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const saved = JSON.parse(await readFile(join(dir, 'orgs', `${a.organisationId}.json`), 'utf8'));
    expect(saved.shareLinks[0].views).toHaveLength(3);
  });
});
