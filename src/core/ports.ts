/**
 * The storage ports the core owns, one per aggregate: assessments,
 * organisations, share links, rounds, settings and the import. `Store` is all
 * of them; a service asks only for the ports it uses. Adapters: lowdb files
 * (the default) and memory (tests). Each write is on disk before its promise
 * resolves.
 */
import type { Assessment, AssessmentStatus, Organisation } from './assessment/assessment.ts';
import type { ShareLink } from './sharing/share-link.ts';
import type { Invitation, Round } from './rounds/round.ts';
import type { AssessmentSummary } from './portfolio/summary.ts';
import type { DueCandidate } from './portfolio/due.ts';
import type { SummaryDetail } from './export/summary-detail.ts';

/**
 * A submitted single assessment as listings see it: its summary and the actions
 * of its plan (for what is due), kept for the organisation's latest submitted
 * single assessment only: an older plan is taken to be replaced by the newer one.
 */
export type StoredSummary = AssessmentSummary &
  Pick<DueCandidate, 'actions'> & {
    /** What the summary CSV's row needs beyond the summary, where the store keeps it (the lowdb store: each organisation's latest single assessment). */
    detail?: SummaryDetail;
  };

export interface ReadOptions {
  /** Keep what is read for the next read (the default); stores without a cache ignore it. */
  keep?: boolean;
}

export interface AssessmentStore {
  /**
   * Stores a new assessment, and its organisation when given (otherwise
   * `assessment.organisationId` must name a stored one). When an assessment
   * with the same `nonce` exists already, stores nothing and returns it.
   */
  create(assessment: Assessment, organisation?: Organisation, nonce?: string): Promise<Assessment>;
  /** Replaces an existing assessment. */
  update(assessment: Assessment): Promise<void>;
  /**
   * Compare-and-set: replaces an assessment only if its status is still
   * `expected` when its turn to be written comes (checked inside the
   * organisation's serialised write, so no other write can come between).
   * `change` gets the current record and the organisation's other records and
   * returns the replacement; it may throw a domain error to write nothing.
   * Throws ConflictError when the status is no longer `expected`.
   */
  updateIf(id: string, expected: AssessmentStatus, change: (current: Assessment, organisation: readonly Assessment[]) => Assessment): Promise<Assessment>;
  get(id: string): Promise<Assessment | undefined>;
  /**
   * An organisation's assessments, oldest first. `keep: false` for a pass over
   * many organisations (a bulk export): what is read is not kept in memory for
   * later reads, so the pass neither displaces the documents pages use nor
   * leaves thousands of them for the garbage collector to find in the old heap.
   */
  assessmentsOf(organisationId: string, options?: ReadOptions): Promise<Assessment[]>;
  /** Every assessment, organisation by organisation; for exports (it reads every full record). */
  list(): Promise<Assessment[]>;
  /**
   * Every submitted single assessment (round responses left out) as listings
   * see it, organisation by organisation, oldest first, without reading the
   * full records: what the dashboard, its filters and benchmarks are made from.
   */
  summaries(): Promise<StoredSummary[]>;
  /** A number that changes whenever anything stored changes: a key for caches of derived data. */
  revision(): number;
}

/** Organisations are stored with their first assessment (`AssessmentStore.create`) and read here. */
export interface OrganisationStore {
  getOrganisation(id: string): Promise<Organisation | undefined>;
  listOrganisations(): Promise<Organisation[]>;
}

export interface ShareLinkStore {
  addShareLink(link: ShareLink): Promise<void>;
  getShareLink(token: string): Promise<ShareLink | undefined>;
  shareLinksOf(assessmentId: string): Promise<ShareLink[]>;
  revokeShareLink(token: string, at: string): Promise<void>;
  /**
   * Counts a view. Views may be kept in memory and written in batches (reads
   * show them at once); this never fails because the disk refuses a write.
   */
  recordShareView(token: string, at: string): Promise<void>;
  /** Writes the views kept in memory now (before shutting down); never rejects. */
  flushShareViews(): Promise<void>;
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

/** One organisation's records from a backup, as they were exported. */
export interface OrganisationRecords {
  organisation: Organisation;
  assessments: Assessment[];
  rounds: Round[];
  shareLinks: ShareLink[];
}

export interface ImportStore {
  /**
   * Adds one organisation's records in a single write, storing the organisation
   * too when it is new and has a new assessment. Records already stored (the
   * same id, or token) are skipped and left as they are.
   */
  importRecords(records: OrganisationRecords): Promise<{ created: boolean; imported: number; skipped: number }>;
}

export type Store = AssessmentStore & OrganisationStore & ShareLinkStore & SettingsStore & RoundStore & ImportStore;
