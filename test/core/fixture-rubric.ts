/** A small rubric for behaviour tests of scoring, flags and the decision table. */
import { parseRubric } from '../../src/core/rubric/parse-rubric.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';

const opts = [
  { value: 'no', label: 'No', score: 0 },
  { value: 'partly', label: 'Partly', score: 2 },
  { value: 'yes', label: 'Yes', score: 4 },
  { value: 'unsure', label: 'Not sure', score: 0, unsure: true },
];

export const FIXTURE_DOCUMENT = {
  id: 'fixture',
  version: '1.0.0',
  title: 'Fixture rubric',
  claims: [
    { id: 'C1', text: 'one' },
    { id: 'C2', text: 'two' },
  ],
  dimensions: [
    { id: 'alpha', title: 'Alpha', weight: 2, facets: [{ id: 'a1', title: 'A one' }, { id: 'a2', title: 'A two', weight: 3 }] },
    { id: 'beta', title: 'Beta', facets: [{ id: 'b1', title: 'B one' }] },
  ],
  questions: [
    { id: 'qa1', dimension: 'alpha', facet: 'a1', prompt: 'A1?', help: 'h', claims: ['C1'], weight: 1, options: opts },
    { id: 'qa1b', dimension: 'alpha', facet: 'a1', prompt: 'A1b?', help: 'h', claims: ['C1'], weight: 3, options: opts },
    { id: 'qa2', dimension: 'alpha', facet: 'a2', prompt: 'A2?', help: 'h', claims: ['C2'], options: opts },
    { id: 'qb1', dimension: 'beta', facet: 'b1', prompt: 'B1?', help: 'h', claims: ['C2'], required: false, options: opts },
  ],
  flags: [
    { id: 'alpha-no', severity: 'high', message: 'Alpha says no.', claims: ['C1'], when: { answer: 'qa1', in: ['no'] } },
    { id: 'beta-unsure', severity: 'low', message: 'Beta unsure.', claims: ['C2'], when: { answer: 'qb1', in: ['unsure'] } },
  ],
  recommendations: [
    {
      code: 'fix-alpha',
      title: 'Fix alpha',
      summary: 's',
      when: { any: [{ dimension: 'alpha', band: ['low'] }, { flagRaised: { severity: ['high'], dimension: 'alpha' } }] },
      rationale: ['Alpha first (C1).'],
      speakerModel: { fits: false, explanation: 'e' },
      actions: [
        { title: 'one', owner: 'CEO', dueInDays: 7 },
        { title: 'two', owner: 'CEO', dueInDays: 30 },
        { title: 'three', owner: 'CEO', dueInDays: 31 },
      ],
    },
    {
      code: 'all-good',
      title: 'All good',
      summary: 's',
      otherwise: true,
      rationale: ['Fine (C2).'],
      speakerModel: { fits: true, explanation: 'e' },
      actions: [
        { title: 'one', owner: 'CEO', dueInDays: 1 },
        { title: 'two', owner: 'CEO', dueInDays: 2 },
        { title: 'three', owner: 'CEO', dueInDays: 3 },
      ],
      reassessInDays: 120,
    },
  ],
};

export function fixtureRubric(): Rubric {
  const parsed = parseRubric(structuredClone(FIXTURE_DOCUMENT));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rubric;
}

/** Version 1.1.0 of the fixture: one facet and one question more (beta.b2, qb2), for exports that span two versions. */
export function fixtureRubricV2(): Rubric {
  const doc = structuredClone(FIXTURE_DOCUMENT);
  doc.version = '1.1.0';
  doc.dimensions[1]!.facets.push({ id: 'b2', title: 'B two' });
  doc.questions.push({ id: 'qb2', dimension: 'beta', facet: 'b2', prompt: 'B2?', help: 'h', claims: ['C2'], weight: 1, options: doc.questions[0]!.options });
  const parsed = parseRubric(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rubric;
}

/** A rubric lookup over these rubrics, as the exports take one. */
export const rubricLookup = (rubrics: Rubric[]) => (id: string, version: string) => rubrics.find((r) => r.id === id && r.version === version);

/** The fixture document with a `bands` field, parsed (the result says what is wrong when the lines are invalid). */
export function fixtureRubricWithBands(bands: unknown): ReturnType<typeof parseRubric> {
  return parseRubric({ ...structuredClone(FIXTURE_DOCUMENT), bands });
}
