/**
 * The start-up index keeps heads as rows (src/storage/head-rows.ts): a start
 * that trusts the index must see the same organisations, summaries and records
 * as a start that reads every file.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLowdbStore, type LowdbStore } from '../../src/storage/lowdb-store.ts';
import { headRowReader, headRowWriter } from '../../src/storage/head-rows.ts';
import type { OrgHead } from '../../src/storage/org-heads.ts';
import { evaluate } from '../../src/core/evaluate.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
import type { Assessment, Organisation } from '../../src/core/assessment/assessment.ts';

const AT = '2026-11-25T10:00:00.000Z';

async function what(store: LowdbStore) {
  const organisations = await store.listOrganisations();
  return {
    organisations,
    summaries: await store.summaries(),
    records: await Promise.all(organisations.map((o) => store.assessmentsOf(o.id))),
    shareLinks: await store.shareLinksOf('asm-1-000000000000000'),
  };
}

describe('heads kept in the start-up index', () => {
  it('when a start trusts the index, then it lists what a start that reads every file lists: names in any script, renamed organisations, drafts, plans and share links', async () => {
    const rubric = (await shippedRubrics()).defaultRubric();
    const dir = await mkdtemp(join(tmpdir(), 'sao-head-rows-'));
    const store = await openLowdbStore(dir);
    const organisation: Organisation = { id: 'org-1-000000000000000', name: 'Société Générale — 日本支社 🐦', sector: 'charity', size: '10-49', createdAt: AT };
    const base = (id: string, answers: Record<string, unknown>, name: string): Assessment => ({
      id, rubricId: rubric.id, rubricVersion: rubric.version, organisationId: organisation.id, organisation: { name, sector: 'charity', size: '10-49' },
      respondent: { role: 'Directrice générale' }, answers: answers as Assessment['answers'], notes: {}, status: 'submitted', createdAt: AT, updatedAt: AT, submittedAt: AT,
      result: evaluate(rubric, answers as Assessment['answers'], '2026-11-25'),
    });
    // An older assessment made under the organisation's former name, then the latest one (the only one whose plan is kept).
    await store.create(base('asm-0-000000000000000', WELL_PREPARED, 'Société Générale (ancien nom)'), organisation, 'nonce-0-00000000000000');
    await store.create({ ...base('asm-1-000000000000000', SCENARIOS[0]!.answers, organisation.name), submittedAt: '2026-11-26T10:00:00.000Z' });
    const { result: _r, submittedAt: _s, ...draft } = base('asm-2-000000000000000', {}, organisation.name);
    await store.create({ ...draft, status: 'draft' });
    await store.addShareLink({ token: 'share-token-00000000000000000000000000000', assessmentId: 'asm-1-000000000000000', label: 'Für den Vorstand', createdAt: AT, expiresAt: '2026-12-25T10:00:00.000Z', views: [] });
    await store.close();

    const fromIndex = await openLowdbStore(dir);
    expect(fromIndex.startStats).toEqual({ read: 0, indexed: 1 });
    const seen = await what(fromIndex);
    await fromIndex.close();
    expect((await readFile(join(dir, 'index.json'))).every((byte) => byte < 0x80)).toBe(true);

    await rm(join(dir, 'index.json'));
    const fromFiles = await openLowdbStore(dir, { log: () => undefined });
    expect(fromFiles.startStats).toEqual({ read: 1, indexed: 0 });
    expect(seen).toEqual(await what(fromFiles));
    expect(seen.summaries.map((s) => [s.id, s.organisation, s.actions.length > 0])).toEqual([
      ['asm-0-000000000000000', 'Société Générale (ancien nom)', false],
      ['asm-1-000000000000000', organisation.name, true],
    ]);
    await fromFiles.close();
  });

  it('when a summary stands for a round, then its kind, respondents and state come back from its row', () => {
    const org: Organisation = { id: 'org-2-000000000000000', name: 'Kestrel', createdAt: AT };
    const head: OrgHead = {
      organisation: org, shareLinks: [],
      assessments: [{
        id: 'asm-9-000000000000000', status: 'submitted', createdAt: AT, updatedAt: AT, submittedAt: AT, rubricId: 'social-ownership', rubricVersion: '2.0.0',
        summary: {
          id: 'asm-9-000000000000000', organisationId: org.id, organisation: 'Kestrel', sector: null, size: null, rubricId: 'social-ownership', rubricVersion: '2.0.0', submittedAt: AT,
          overall: 61, band: 'partial', confidence: 80, dimensions: { experience: { score: 70, band: 'partial' } }, recommendation: 'educate-leadership-first', reassessBy: '2027-02-23',
          flags: ['control-mindset'], kind: 'round', respondents: 4, roundState: 'open', actions: [],
        },
      }],
    };
    const writer = headRowWriter();
    const row = JSON.stringify(writer.row(head, 10, 20));
    const { head: back } = headRowReader(JSON.parse(JSON.stringify(writer.words()))).head(JSON.parse(row));
    expect(back).toEqual(head);
  });
});
