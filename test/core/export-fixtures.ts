/** Assessments made directly (no web, no clock) for the export and import tests. */
import { evaluate } from '../../src/core/evaluate.ts';
import type { Assessment, FullAssessment, Organisation } from '../../src/core/assessment/assessment.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import type { AssessmentStore } from '../../src/core/ports.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

/** A stable id in the app's format (22 base64url characters). */
export const fakeId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(22 - prefix.length, '0')}`;

export interface MakeOptions {
  n: number;
  org?: Organisation;
  name?: string;
  sector?: string;
  answers?: Record<string, string>;
  notes?: Record<string, string>;
  at?: string;
  status?: 'draft' | 'submitted';
}

export function makeOrganisation(n: number, name = `Client ${n}`, sector?: string, at = '2026-01-05T09:00:00.000Z'): Organisation {
  return { id: fakeId('org', n), name, ...(sector ? { sector } : {}), createdAt: at };
}

export function makeAssessment(rubric: Rubric, o: MakeOptions): FullAssessment {
  const org = o.org ?? makeOrganisation(o.n, o.name, o.sector);
  const at = o.at ?? '2026-11-25T10:00:00.000Z';
  const answers = o.answers ?? SCENARIOS[o.n % SCENARIOS.length]!.answers;
  const status = o.status ?? 'submitted';
  return {
    id: fakeId('asm', o.n),
    rubricId: rubric.id,
    rubricVersion: rubric.version,
    organisationId: org.id,
    organisation: { name: org.name, ...(org.sector ? { sector: org.sector } : {}), ...(org.size ? { size: org.size } : {}) },
    respondent: {},
    answers: { ...answers },
    notes: { ...(o.notes ?? {}) },
    status,
    createdAt: at,
    updatedAt: at,
    ...(status === 'submitted' ? { submittedAt: at, result: evaluate(rubric, answers, at.slice(0, 10)) } : {}),
  };
}

/** `count` organisations with one submitted assessment each, a day apart, scenarios in turn. */
export async function seed(store: AssessmentStore, rubric: Rubric, count: number, sectors = ['retail', 'media', 'education']): Promise<Assessment[]> {
  const made: Assessment[] = [];
  for (let n = 0; n < count; n++) {
    const org = makeOrganisation(n, `Client ${String(n).padStart(5, '0')}`, sectors[n % sectors.length]);
    const at = new Date(Date.UTC(2026, 0, 1 + (n % 300), 10)).toISOString();
    const a = makeAssessment(rubric, { n, org, at });
    made.push(await store.create(a, org));
  }
  return made;
}
