import type { Result, StoredResult } from '../evaluate.ts';

export type AssessmentStatus = 'draft' | 'submitted';

/** Why a submitted assessment refuses a change. */
export const ALREADY_SUBMITTED = 'this assessment has been submitted and can no longer be changed';

export interface OrganisationProfile {
  name: string;
  sector?: string | undefined;
  size?: string | undefined;
}

export interface Organisation extends OrganisationProfile {
  id: string;
  createdAt: string;
}

export interface Assessment {
  id: string;
  rubricId: string;
  rubricVersion: string;
  organisationId: string;
  organisation: OrganisationProfile;
  respondent: { role?: string | undefined };
  answers: Record<string, string>;
  notes: Record<string, string>;
  status: AssessmentStatus;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string | undefined;
  /** As stored: maybe compact (see compact-result.ts); `FullAssessment` where the derived parts are read. */
  result?: StoredResult | undefined;
  /** Set when the assessment is one respondent's answers in a round. */
  roundId?: string | undefined;
  /** `invitationIdOf(token)`: which invitation it came through, never the token itself. */
  invitationId?: string | undefined;
}

/** An assessment with its result in full, as the assessment service's `get` gives it: for a report, an export, the API. */
export type FullAssessment = Omit<Assessment, 'result'> & { result?: Result | undefined };

/** What a person sends: the form or the API, already shaped by the web layer. */
export interface AssessmentInput {
  organisation: OrganisationProfile;
  respondent: { role?: string | undefined };
  answers: Record<string, string>;
  notes: Record<string, string>;
}
