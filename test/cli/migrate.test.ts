import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { cli, seededDataDir } from './cli-helpers.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.ts';
import { useTestDatabase } from '../helpers/postgres.ts';
import type { Round } from '../../src/core/rounds/round.ts';

const pgTest = useTestDatabase(4);

const AT = '2026-11-25T10:00:00.000Z';
const token = (c: string) => c.repeat(43);

/** A folder with three organisations, a round with an invitation and a share link, a report share link with a view, and a key. */
async function folder(): Promise<string> {
  const dir = await seededDataDir(3);
  const store = await openLowdbStore(dir);
  const [first] = await store.listOrganisations();
  const [report] = await store.assessmentsOf(first!.id);
  const round: Round = {
    id: 'round-aaaaaaaaaaaaaaaaa', organisationId: first!.id, rubricId: report!.rubricId, rubricVersion: report!.rubricVersion, createdAt: AT,
    invitations: [{ token: token('i'), role: 'leadership', kind: 'respondent', createdAt: AT }],
    shareLinks: [{ token: token('r'), createdAt: AT, expiresAt: '2026-12-25T10:00:00.000Z', views: [{ at: AT }] }],
  };
  await store.addRound(round);
  await store.addShareLink({ token: token('s'), assessmentId: report!.id, createdAt: AT, expiresAt: '2026-12-25T10:00:00.000Z', views: [] });
  await store.recordShareView(token('s'), AT);
  await store.flushShareViews();
  await store.setSetting('consultantTokenHash', 'ab'.repeat(32));
  return dir;
}

const schema = () => `mig_${randomBytes(5).toString('hex')}`;

describe('social-audit migrate', () => {
  it('when a data folder is copied into PostgreSQL, then every record reads back the same and a second run copies nothing', async () => {
    const dir = await folder();
    const s = schema();
    const first = await cli(['migrate', '--from', dir, '--to', pgTest.url, '--schema', s]);
    expect(first.stderr).not.toMatch(/social-audit:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Copied 3 assessments (0 already there). Checked: the database holds all 3 organisations, 3 assessments, 1 rounds and 2 share links');

    const source = await openLowdbStore(dir);
    const target = await openPostgresStore({ database: pgTest.database, schema: s });
    expect(await target.list()).toEqual(await source.list());
    expect(await target.listOrganisations()).toEqual(await source.listOrganisations());
    const [org] = await source.listOrganisations();
    expect(await target.roundsOf(org!.id)).toEqual(await source.roundsOf(org!.id));
    expect(await target.getShareLink(token('s'))).toEqual(await source.getShareLink(token('s')));
    expect(await target.getSetting('consultantTokenHash')).toBe('ab'.repeat(32));

    const again = await cli(['migrate', '--from', dir, '--to', pgTest.url, '--schema', s, '--format', 'json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ copied: 0, skipped: 3, checked: { organisations: 3, assessments: 3, rounds: 1, shareLinks: 2 } });
  });

  it('when a copy was interrupted after some organisations, then the next run copies the rest', async () => {
    const dir = await folder();
    const s = schema();
    const source = await openLowdbStore(dir);
    const target = await openPostgresStore({ database: pgTest.database, schema: s });
    const [org] = await source.listOrganisations();
    await target.importRecords({ organisation: org!, assessments: await source.assessmentsOf(org!.id), rounds: [], shareLinks: [] });
    const run = await cli(['migrate', '--from', dir, '--to', pgTest.url, '--schema', s, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ copied: 2, skipped: 1 });
    // The round and share links of the organisation copied first came with the second run.
    expect(await target.roundsOf(org!.id)).toEqual(await source.roundsOf(org!.id));
  });

  it('when no database is given, then it is a usage error', async () => {
    const dir = await folder();
    const run = await cli(['migrate', '--from', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--to is required');
  });
});
