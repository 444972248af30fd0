/**
 * What the store keeps in memory of an organisation: everything indexes,
 * listings and filters ask for, without the assessments' answers, notes and
 * results (the bulk of a document), which are read from the document on
 * demand. A head is derived from a document, never written on its own except
 * into the start-up index (start-index.ts), which is a cache of heads.
 */
import type { Assessment, Organisation } from '../core/assessment/assessment.ts';
import type { ShareLink } from '../core/sharing/share-link.ts';
import type { Round } from '../core/rounds/round.ts';
import type { StoredSummary } from '../core/ports.ts';
import { shared, summaryWithActions } from '../core/portfolio/summary.ts';
import { summaryDetail } from '../core/export/summary-detail.ts';
import type { OrgDocument, StoredAssessment } from './org-document.ts';

export type AssessmentHead = Pick<StoredAssessment, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'submittedAt' | 'rubricId' | 'rubricVersion' | 'roundId' | 'invitationId' | 'nonce'> & {
  /** A submitted single assessment's summary and actions (the dashboard's row and its due actions); absent for drafts and round responses. */
  summary?: StoredSummary;
};

export interface OrgHead {
  organisation: Organisation;
  /** Oldest first, as in the document. */
  assessments: AssessmentHead[];
  shareLinks: ShareLink[];
  rounds?: Round[];
}

function assessmentHead(a: StoredAssessment, withActions: boolean): AssessmentHead {
  const { id, status, createdAt, updatedAt, submittedAt, rubricId, rubricVersion, roundId, invitationId, nonce } = a;
  const head: AssessmentHead = { id, status: shared(status), createdAt, updatedAt, rubricId: shared(rubricId), rubricVersion: shared(rubricVersion) };
  // Only the fields that are set, so that a head read back from the index equals the one made here.
  Object.assign(head, defined({ submittedAt, roundId, invitationId, nonce }));
  const summary = storedSummary(a);
  if (summary) head.summary = withActions ? withDetail(summary, a) : { ...summary, actions: [] };
  return head;
}

/**
 * The organisation's latest submitted single assessment, by the rule of
 * `latestPerOrganisation` (the latest moment, the first of equals): only its
 * plan's actions can be due (core/portfolio/due.ts), so only its head keeps them.
 */
function latestSingle(assessments: readonly StoredAssessment[]): StoredAssessment | undefined {
  let latest: StoredAssessment | undefined;
  for (const a of assessments) {
    if (a.status === 'submitted' && !a.roundId && a.submittedAt && (!latest || a.submittedAt > latest.submittedAt!)) latest = a;
  }
  return latest;
}

/** A submitted single assessment's summary with its plan's actions; null for drafts and round responses. */
export function storedSummary(a: Assessment): StoredSummary | null {
  // The stored schema checks a result's overall score and recommendation code only; listings need the rest.
  const r = a.result as Partial<NonNullable<Assessment['result']>> | undefined;
  if (a.roundId || !r?.dimensions || !r.flags || !r.recommendation?.actions) return null;
  return summaryWithActions(a);
}

/**
 * The latest single assessment's summary also keeps what its summary CSV row
 * needs (core/export/summary-detail.ts), so a `scope=latest` export reads no
 * document for it: about 600 bytes of JSON per organisation, in the heads and
 * in the start-up index.
 */
function withDetail(summary: StoredSummary, a: StoredAssessment): StoredSummary {
  const detail = summaryDetail(a, shared);
  return detail ? { ...summary, detail } : summary;
}

const defined = (o: Record<string, string | undefined>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const heads = new WeakMap<OrgDocument, OrgHead>();

/** The head of a document; the same object for the same (frozen, never changed) document. */
export function headOf(doc: OrgDocument): OrgHead {
  let head = heads.get(doc);
  if (!head) {
    const latest = latestSingle(doc.assessments);
    head = { organisation: doc.organisation, assessments: doc.assessments.map((a) => assessmentHead(a, a === latest)), shareLinks: doc.shareLinks, ...(doc.rounds ? { rounds: doc.rounds } : {}) };
    heads.set(doc, head);
  }
  return head;
}
