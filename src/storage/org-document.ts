/**
 * The unit of storage: one document per organisation, holding the organisation,
 * its assessments and their share links. A write touches one organisation's
 * document only, so its cost does not grow with the number of clients.
 */
import type { Assessment, Organisation } from '../core/assessment/assessment.ts';
import type { ShareLink } from '../core/sharing/share-link.ts';
import type { Round } from '../core/rounds/round.ts';

export const SCHEMA_VERSION = 2;

export type StoredAssessment = Assessment & { nonce?: string };

export interface OrgDocument {
  schemaVersion: number;
  organisation: Organisation;
  assessments: StoredAssessment[];
  shareLinks: ShareLink[];
  /** Added after schema version 2 was first written; absent means none. */
  rounds?: Round[];
}

export interface Meta {
  schemaVersion: number;
  settings: Record<string, string>;
}

export const emptyMeta = (): Meta => ({ schemaVersion: SCHEMA_VERSION, settings: {} });
