import { describe, expect, it } from 'vitest';
import { PORTFOLIO_FORMAT, portfolioDocument, portfolioJsonChunks, type PortfolioDocument } from '../../src/core/export/portfolio-json.ts';
import { checkPortfolio } from '../../src/core/export/import-check.ts';
import { importPortfolio } from '../../src/core/export/import-portfolio.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import type { Organisation } from '../../src/core/assessment/assessment.ts';
import { shippedRubrics } from '../helpers/app.ts';
import { fakeId, makeAssessment, makeOrganisation } from './export-fixtures.ts';

const rubrics = await shippedRubrics();
const rubric = rubrics.defaultRubric();
const lookup = (id: string, version: string) => rubrics.get(id, version);

function sample(): PortfolioDocument {
  const acme = makeOrganisation(1, 'Acme', 'retail');
  const zeta = makeOrganisation(2, 'Zeta', 'media');
  const orgs = new Map<string, Organisation>([[acme.id, acme], [zeta.id, zeta]]);
  const assessments = [
    makeAssessment(rubric, { n: 1, org: acme, at: '2026-02-01T10:00:00.000Z' }),
    makeAssessment(rubric, { n: 2, org: zeta, at: '2026-03-01T10:00:00.000Z', notes: { 'tone-guide': 'Being written' } }),
    makeAssessment(rubric, { n: 3, org: acme, at: '2026-01-01T10:00:00.000Z' }),
    makeAssessment(rubric, { n: 4, org: zeta, status: 'draft', answers: { 'tone-guide': 'none' } }),
  ];
  return portfolioDocument(assessments, (id) => orgs.get(id), '2026-11-25T10:00:00.000Z');
}

describe('portfolioDocument', () => {
  it('when assessments are exported, then the document lists each organisation once and the rubric versions used', () => {
    const doc = sample();
    expect(doc).toMatchObject({ format: PORTFOLIO_FORMAT, schemaVersion: 2, exportedAt: '2026-11-25T10:00:00.000Z', rubrics: [{ id: 'social-ownership', version: rubric.version }] });
    expect(doc.organisations.map((o) => o.name)).toEqual(['Acme', 'Zeta']);
    expect(doc.assessments).toHaveLength(4);
  });

  it('when an assessment names an organisation that is not stored, then it refuses to make a document', () => {
    const orphan = makeAssessment(rubric, { n: 9 });
    expect(() => portfolioDocument([orphan], () => undefined, '2026-11-25T10:00:00.000Z')).toThrow(/not stored/);
  });

  it.each([
    ['a full document', sample()],
    ['an empty one', portfolioDocument([], () => undefined, '2026-11-25T10:00:00.000Z')],
  ])('when %s is written in chunks, then the chunks parse back to the same document', (_name, doc) => {
    expect(JSON.parse([...portfolioJsonChunks(doc)].join(''))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe('checkPortfolio', () => {
  const valid = () => JSON.parse(JSON.stringify(sample())) as Record<string, any>;

  it('when the document is one the app wrote, then it passes unchanged', () => {
    const input = valid();
    const checked = checkPortfolio(input, lookup);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.document).toBe(input);
  });

  it.each<[string, (d: Record<string, any>) => unknown, string, RegExp]>([
    ['not an object', () => [], '(document)', /JSON object/],
    ['a single-assessment export', () => ({ schemaVersion: 1, rubric: {}, assessment: {} }), '(document)', /single assessment/],
    ['another format', (d) => ({ ...d, format: 'csv' }), 'format', /expected "social-ownership-audit\/portfolio"; got "csv"/],
    ['a newer schema version', (d) => ({ ...d, schemaVersion: 3 }), 'schemaVersion', /expected 2; got 3 \(written by a newer version/],
    ['no schema version', (d) => ({ ...d, schemaVersion: undefined }), 'schemaVersion', /got nothing/],
    ['an unsafe assessment id', (d) => void (d.assessments[1].id = '../../etc/passwd'), 'assessments[1].id', /must be an id/],
    ['an unsafe organisation id', (d) => void (d.organisations[0].id = 'a/b'), 'organisations[0].id', /must be an id/],
    ['an overall score out of range', (d) => void (d.assessments[0].result.overall = 101), 'assessments[0].result.overall', /100/],
    ['a band that does not exist', (d) => void (d.assessments[0].result.dimensions.experience.band = 'great'), 'assessments[0].result.dimensions.experience.band', /low|partial|strong/],
    ['a bad timestamp', (d) => void (d.assessments[2].createdAt = 'yesterday'), 'assessments[2].createdAt', /ISO 8601/],
    ['an unknown field', (d) => void (d.assessments[0].colour = 'red'), 'assessments[0]', /unknown field colour/],
    ['an empty organisation name', (d) => void (d.organisations[1].name = '  '), 'organisations[1].name', /empty/],
    ['a duplicate assessment', (d) => void d.assessments.push(d.assessments[0]), 'assessments[4].id', /duplicate assessment id/],
    ['a duplicate organisation', (d) => void d.organisations.push(d.organisations[0]), 'organisations[2].id', /duplicate organisation id/],
    ['a missing organisation', (d) => void d.organisations.pop(), 'assessments[1].organisationId', /is not in "organisations"/],
    ['an unknown rubric', (d) => void ((d.rubrics[0].version = '9.9.9'), d.assessments.forEach((a: any) => ((a.rubricVersion = '9.9.9'), a.result && (a.result.rubric.version = '9.9.9')))), 'rubrics[0]', /unknown rubric social-ownership@9.9.9/],
    ['an unlisted rubric', (d) => void (d.rubrics = []), 'assessments[0].rubricVersion', /not listed in "rubrics"/],
    ['a result of another rubric', (d) => void (d.assessments[0].result.rubric.id = 'other'), 'assessments[0].result.rubric', /must be the assessment's rubric/],
    ['an answer not among the options', (d) => void (d.assessments[0].answers['tone-guide'] = 'maybe'), 'assessments[0].answers.tone-guide', /must be one of none, discussed, written, unsure; got "maybe"/],
    ['an unknown question', (d) => void (d.assessments[0].answers['shoe-size'] = '42'), 'assessments[0].answers.shoe-size', /unknown question/],
    ['a note on an unknown question', (d) => void (d.assessments[0].notes['shoe-size'] = 'x'), 'assessments[0].notes.shoe-size', /unknown question/],
    ['a submitted assessment with no result', (d) => void delete d.assessments[0].result, 'assessments[0].result', /needs its result/],
    ['a draft with a result', (d) => void (d.assessments[3].result = d.assessments[0].result), 'assessments[3].result', /a draft has no result/],
    ['an update before creation', (d) => void (d.assessments[0].updatedAt = '2020-01-01T00:00:00Z'), 'assessments[0].updatedAt', /before createdAt/],
  ])('when the document has %s, then it is refused with the path named', (_name, spoil, field, message) => {
    const doc = valid();
    const input = spoil(doc) ?? doc;
    const checked = checkPortfolio(input, lookup, [`social-ownership@${rubric.version}`]);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const detail = checked.details.find((d) => d.field === field);
    expect(detail, JSON.stringify(checked.details)).toBeDefined();
    expect(detail!.message).toMatch(message);
  });

  it('when many records are wrong, then the first twenty problems are reported', () => {
    const doc = valid();
    for (let i = 0; i < 30; i++) doc.assessments.push({ ...doc.assessments[0], id: 'bad' });
    const checked = checkPortfolio(doc, lookup);
    expect(checked.ok ? [] : checked.details).toHaveLength(20);
  });
});

describe('importPortfolio', () => {
  it('when a document is imported into an empty store, then every record is stored exactly, oldest first per organisation', async () => {
    const store = createMemoryStore();
    const doc = sample();
    const report = await importPortfolio(store, doc);
    expect(report).toEqual({ imported: 4, skipped: 0, organisations: { imported: 2, skipped: 0 } });
    for (const a of doc.assessments) expect(await store.get(a.id)).toEqual(a);
    for (const o of doc.organisations) expect(await store.getOrganisation(o.id)).toEqual(o);
    expect((await store.assessmentsOf(fakeId('org', 1))).map((a) => a.id)).toEqual([fakeId('asm', 3), fakeId('asm', 1)]);
  });

  it('when some records are already there, then those are skipped and left as they are', async () => {
    const store = createMemoryStore();
    const doc = sample();
    const acme = doc.organisations[0]!;
    const kept = { ...doc.assessments[0]!, notes: { 'tone-guide': 'stored first' } };
    await store.create(kept, { ...acme, name: 'Acme (renamed)' });
    const progress: number[] = [];
    const report = await importPortfolio(store, doc, (done) => progress.push(done));
    expect(report).toEqual({ imported: 3, skipped: 1, organisations: { imported: 1, skipped: 1 } });
    expect(await store.get(kept.id)).toEqual(kept);
    expect((await store.getOrganisation(acme.id))!.name).toBe('Acme (renamed)');
    expect(await store.get(fakeId('asm', 3))).toEqual(doc.assessments[2]);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(await importPortfolio(store, doc)).toEqual({ imported: 0, skipped: 4, organisations: { imported: 0, skipped: 2 } });
  });
});
