/**
 * A backup restores: GET /api/export.json straight into POST /api/import on an
 * empty server gives a server whose export is the same document, with every
 * kind of record (rounds, invitations, respondents' answers, share links and
 * their views). The import writes each organisation once, and refuses what
 * cannot be right, naming the field.
 */
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY, shippedRubrics } from '../helpers/app.ts';
import { storeEveryKindOfRecord } from '../fixtures/every-record.ts';
import { createDocumentStore } from '../../src/storage/document-store.ts';
import { emptyMeta, type OrgDocument } from '../../src/storage/org-document.ts';
import { importPortfolio } from '../../src/core/export/import-portfolio.ts';
import { checkPortfolio } from '../../src/core/export/import-check.ts';
import { portfolioDocument } from '../../src/core/export/portfolio-json.ts';
import { makeAssessment, makeOrganisation } from '../core/export-fixtures.ts';

const AUTH = `Bearer ${CONSULTANT_KEY}`;
type App = Parameters<typeof request>[0];
const exportOf = async (app: App) => (await request(app).get('/api/export.json').set('Authorization', AUTH).expect(200)).body;

async function everything() {
  const built = await buildTestApp();
  const made = await storeEveryKindOfRecord(built.store, built.rubrics);
  return { ...built, ...made, exported: await exportOf(built.app) };
}

describe('backup and restore through the API', () => {
  it('when a portfolio with every kind of record is exported and imported into an empty server, then the second export equals the first', async () => {
    const { exported, assessmentIds } = await everything();
    expect(exported.assessments).toHaveLength(assessmentIds.length);
    expect(exported.rounds.map((r: { invitations: unknown[] }) => r.invitations.length)).toEqual([4, 1]);
    expect(exported.shareLinks.flatMap((l: { views: unknown[] }) => l.views)).toHaveLength(2);
    expect(exported.assessments.filter((a: { roundId?: string }) => a.roundId)).toHaveLength(2);

    const target = await buildTestApp();
    const res = await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(200);
    expect(res.body).toEqual({ imported: 6, skipped: 0, organisations: { imported: 3, skipped: 0 } });
    expect(await exportOf(target.app)).toEqual(exported);
  });

  it('when the restored server is used, then its share links, invitations and rounds work as before', async () => {
    const { exported, store } = await everything();
    const target = await buildTestApp();
    await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(200);
    const viewed = exported.shareLinks.find((l: { label?: string }) => l.label === 'For the board');
    expect(await target.store.getShareLink(viewed.token)).toEqual(await store.getShareLink(viewed.token));
    await request(target.app).get(`/s/${viewed.token}`).expect(200);
    const invitation = exported.rounds[0].invitations[0];
    expect(await target.store.findInvitation(invitation.token)).toEqual(await store.findInvitation(invitation.token));
  });

  it('when a version 1 backup (before rounds and share links) is imported, then its organisations and assessments are stored', async () => {
    const { exported } = await everything();
    const { rounds: _rounds, shareLinks: _links, ...rest } = exported;
    const v1 = { ...rest, schemaVersion: 1, assessments: exported.assessments.filter((a: { roundId?: string }) => !a.roundId) };
    const target = await buildTestApp();
    const res = await request(target.app).post('/api/import').set('Authorization', AUTH).send(v1).expect(200);
    expect(res.body).toEqual({ imported: 4, skipped: 0, organisations: { imported: 3, skipped: 0 } });
  });

  it('when the same backup is imported twice, then the second time adds nothing and the export is unchanged', async () => {
    const { exported } = await everything();
    const target = await buildTestApp();
    await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(200);
    const again = await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(200);
    expect(again.body).toEqual({ imported: 0, skipped: 6, organisations: { imported: 0, skipped: 3 } });
    expect(await exportOf(target.app)).toEqual(exported);
  });
});

describe('an import writes each organisation once', () => {
  it('when 300 assessments of one organisation and 3 of another are imported, then each organisation file is written exactly once', async () => {
    const rubric = (await shippedRubrics()).defaultRubric();
    const big = makeOrganisation(1, 'Big Client');
    const small = makeOrganisation(2, 'Small Client');
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
    const assessments = [
      ...Array.from({ length: 300 }, (_, n) => makeAssessment(rubric, { n: 10 + n, org: big, at: day(n) })),
      ...Array.from({ length: 3 }, (_, n) => makeAssessment(rubric, { n: 1000 + n, org: small, at: day(n) })),
    ];
    const orgs = new Map([big, small].map((o) => [o.id, o]));
    const checked = checkPortfolio(JSON.parse(JSON.stringify(portfolioDocument(assessments, (id) => orgs.get(id), day(0)))), (id, version) => (id === rubric.id && version === rubric.version ? rubric : undefined));
    if (!checked.ok) throw new Error(JSON.stringify(checked.details));

    const writes = new Map<string, number>();
    const written = new Map<string, OrgDocument>();
    const store = createDocumentStore({ heads: [], meta: emptyMeta() }, {
      async writeDocument(doc) {
        writes.set(doc.organisation.id, (writes.get(doc.organisation.id) ?? 0) + 1);
        written.set(doc.organisation.id, doc);
      },
      readDocument: async (orgId) => written.get(orgId)!,
      writeMeta: async () => undefined,
    });
    expect(await importPortfolio(store, checked.document)).toEqual({ imported: 303, skipped: 0, organisations: { imported: 2, skipped: 0 } });
    expect(Object.fromEntries(writes)).toEqual({ [big.id]: 1, [small.id]: 1 });
    expect(await store.assessmentsOf(big.id)).toHaveLength(300);
  });
});

describe('an import refuses what cannot be right, naming the field, and stores nothing', () => {
  it.each<[string, (doc: any) => void, string, RegExp]>([
    ['a dimension that is not in the rubric', (d) => (d.assessments[0].result.dimensions.charisma = d.assessments[0].result.dimensions[Object.keys(d.assessments[0].result.dimensions)[0]!]), 'assessments[0].result.dimensions.charisma', /unknown dimension "charisma"/],
    ['a facet that is not in its dimension', (d) => {
      const dimension = Object.values(d.assessments[0].result.dimensions)[0] as { facets: Record<string, unknown> };
      dimension.facets.luck = Object.values(dimension.facets)[0];
    }, 'assessments[0].result.dimensions', /unknown facet "luck"/],
    ['31 February', (d) => (d.assessments[0].createdAt = '2026-02-31T10:00:00.000Z'), 'assessments[0].createdAt', /must be a real date/],
    ['the year 0000', (d) => (d.organisations[0].createdAt = '0000-01-01T00:00:00.000Z'), 'organisations[0].createdAt', /must be a real date from 1970 to 2199/],
    ['the year 9999', (d) => (d.shareLinks[1].expiresAt = '9999-12-31T00:00:00.000Z'), 'shareLinks[1].expiresAt', /must be a real date/],
    ['an hour 25', (d) => (d.assessments[1].updatedAt = '2026-10-01T25:00:00.000Z'), 'assessments[1].updatedAt', /ISO 8601/],
    ['a round closing on 30 February', (d) => (d.rounds[0].closesOn = '2027-02-30'), 'rounds[0].closesOn', /must be a real date/],
    ['a share link for a report not in the document', (d) => (d.shareLinks[0].assessmentId = d.organisations[0].id), 'shareLinks[0].assessmentId', /is not in "assessments"/],
    ['an answer for a round not in the document', (d) => (d.rounds = d.rounds.slice(1)), 'assessments', /round ".*" is not in "rounds"/],
  ])('when the document has %s, then 422 names the field', async (_name, spoil, field, message) => {
    const { exported } = await everything();
    spoil(exported);
    const target = await buildTestApp();
    const res = await request(target.app).post('/api/import').set('Authorization', AUTH).send(exported).expect(422);
    expect(res.body.error).toMatch(/nothing was stored/);
    expect(res.body.details.find((d: { field: string }) => d.field.startsWith(field))?.message, JSON.stringify(res.body.details)).toMatch(message);
    expect(await target.store.list()).toEqual([]);
  });

  it('when an organisation id in the document is stored already for another organisation, then 422 names the field and nothing is stored', async () => {
    const { exported } = await everything();
    const target = await buildTestApp();
    const existing = await target.service.create({}, { organisation: { name: 'Someone Else' }, respondent: {}, answers: {}, notes: {} }, 'draft');
    const forged = structuredClone(exported);
    const oldId = forged.organisations[0].id;
    forged.organisations[0].id = existing.organisationId;
    for (const a of forged.assessments) if (a.organisationId === oldId) a.organisationId = existing.organisationId;
    for (const r of forged.rounds) if (r.organisationId === oldId) r.organisationId = existing.organisationId;

    const res = await request(target.app).post('/api/import').set('Authorization', AUTH).send(forged).expect(422);
    expect(res.body.details[0]).toEqual({ field: 'organisations[0].id', message: expect.stringMatching(/already used by another stored organisation \("Someone Else"\)/) });
    expect((await target.store.list()).map((a) => a.id)).toEqual([existing.id]);
    expect(await target.store.roundsOf(existing.organisationId)).toEqual([]);
  });
});
