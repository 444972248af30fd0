/** The storage port the core owns. Adapters: lowdb (default) and memory (tests). */
import type { Assessment, Organisation } from './assessment.ts';

export interface AssessmentStore {
  /**
   * Stores a new organisation (if given) and assessment in one write. When an
   * assessment with the same `nonce` exists already, stores nothing and returns it.
   */
  create(assessment: Assessment, organisation?: Organisation, nonce?: string): Promise<Assessment>;
  /** Replaces an existing assessment. */
  update(assessment: Assessment): Promise<void>;
  get(id: string): Promise<Assessment | undefined>;
  getOrganisation(id: string): Promise<Organisation | undefined>;
  list(): Promise<Assessment[]>;
}
