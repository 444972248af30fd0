/**
 * The storage ports the core owns. Adapters: lowdb files (the default) and
 * memory (tests). Each write is on disk before its promise resolves.
 */
import type { Assessment, Organisation } from './assessment.ts';
import type { ShareLink } from '../sharing/share-link.ts';
import type { Invitation, Round } from '../rounds/round.ts';

export interface AssessmentStore {
  /**
   * Stores a new assessment, and its organisation when given (otherwise
   * `assessment.organisationId` must name a stored one). When an assessment
   * with the same `nonce` exists already, stores nothing and returns it.
   */
  create(assessment: Assessment, organisation?: Organisation, nonce?: string): Promise<Assessment>;
  /** Replaces an existing assessment. */
  update(assessment: Assessment): Promise<void>;
  get(id: string): Promise<Assessment | undefined>;
  getOrganisation(id: string): Promise<Organisation | undefined>;
  listOrganisations(): Promise<Organisation[]>;
  /** An organisation's assessments, oldest first. */
  assessmentsOf(organisationId: string): Promise<Assessment[]>;
  /** Every assessment, organisation by organisation; for exports and listings. */
  list(): Promise<Assessment[]>;
  /** A number that changes whenever anything stored changes: a key for caches of derived data. */
  revision(): number;
}

export interface ShareLinkStore {
  addShareLink(link: ShareLink): Promise<void>;
  getShareLink(token: string): Promise<ShareLink | undefined>;
  shareLinksOf(assessmentId: string): Promise<ShareLink[]>;
  revokeShareLink(token: string, at: string): Promise<void>;
  recordShareView(token: string, at: string): Promise<void>;
}

export interface SettingsStore {
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

export interface RoundStore {
  addRound(round: Round): Promise<void>;
  /** Replaces a round (invitations added or revoked, closed). */
  updateRound(round: Round): Promise<void>;
  getRound(id: string): Promise<Round | undefined>;
  roundsOf(organisationId: string): Promise<Round[]>;
  findInvitation(token: string): Promise<{ round: Round; invitation: Invitation } | undefined>;
  /** Changes a round inside the organisation's serialised write, from its current version. */
  changeRound(id: string, change: (round: Round) => Round): Promise<Round>;
  /** The round a report share link belongs to. */
  findRoundShare(token: string): Promise<Round | undefined>;
}

export type Store = AssessmentStore & ShareLinkStore & SettingsStore & RoundStore;
