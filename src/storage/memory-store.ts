/** An in-memory AssessmentStore for tests and for trying the app without a disk. */
import type { AssessmentStore } from '../core/assessment/assessment-store.ts';
import type { Assessment, Organisation } from '../core/assessment/assessment.ts';

export function createMemoryStore(): AssessmentStore {
  const assessments = new Map<string, Assessment>();
  const organisations = new Map<string, Organisation>();
  const byNonce = new Map<string, string>();
  const copy = <T>(x: T): T => structuredClone(x);
  return {
    async create(assessment, organisation, nonce) {
      const existing = nonce ? byNonce.get(nonce) : undefined;
      if (existing) return copy(assessments.get(existing)!);
      if (organisation) organisations.set(organisation.id, copy(organisation));
      assessments.set(assessment.id, copy(assessment));
      if (nonce) byNonce.set(nonce, assessment.id);
      return copy(assessment);
    },
    async update(assessment) {
      assessments.set(assessment.id, copy(assessment));
    },
    async get(id) {
      const a = assessments.get(id);
      return a && copy(a);
    },
    async getOrganisation(id) {
      const o = organisations.get(id);
      return o && copy(o);
    },
    async list() {
      return [...assessments.values()].map(copy);
    },
  };
}
