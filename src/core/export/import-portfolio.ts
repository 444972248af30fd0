/**
 * Stores a checked portfolio document through the store port: what is already
 * there (the same id) is skipped and left as it is; the rest is stored exactly
 * as exported, with its ids, timestamps, results, rounds and share links.
 * Check the document with `checkPortfolio`, then `conflictsWithStore`, first:
 * this adds records, it does not judge them.
 *
 * Each organisation is written once, with all its new records: an import's
 * time grows with its size, not with the square of an organisation's size.
 * An organisation is kept only with an assessment, so one with no new
 * assessment is counted as skipped. Its assessments are kept oldest first.
 */
import type { ImportStore, OrganisationStore, RoundStore, ShareLinkStore, AssessmentStore } from '../ports.ts';
import type { Assessment, Organisation } from '../assessment/assessment.ts';
import type { FieldError } from '../errors.ts';
import type { Round } from '../rounds/round.ts';
import type { ShareLink } from '../sharing/share-link.ts';
import type { PortfolioDocument } from './portfolio-json.ts';
import { MAX_REPORTED_PROBLEMS } from './import-check.ts';

export interface ImportReport {
  /** Assessments added and assessments already present. */
  imported: number;
  skipped: number;
  organisations: { imported: number; skipped: number };
}

type ImportTarget = AssessmentStore & OrganisationStore & RoundStore & ShareLinkStore & ImportStore;

const oldestFirst = (a: Assessment, b: Assessment) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const sameOrganisation = (a: Organisation, b: Organisation) => a.name === b.name && a.sector === b.sector && a.size === b.size && a.createdAt === b.createdAt;

/**
 * What in the document clashes with the store: an organisation id that is
 * stored as another organisation, or an assessment, round, invitation or share
 * link that is stored under another organisation. The same records again (a
 * backup imported twice) do not clash: they are skipped.
 */
export async function conflictsWithStore(store: ImportTarget, doc: PortfolioDocument): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const add = (field: string, message: string) => problems.length < MAX_REPORTED_PROBLEMS && problems.push({ field, message });
  for (const [i, o] of doc.organisations.entries()) {
    const stored = await store.getOrganisation(o.id);
    if (stored && !sameOrganisation(stored, o)) add(`organisations[${i}].id`, `organisation id "${o.id}" is already used by another stored organisation ("${stored.name}"); an import cannot add to it`);
  }
  const elsewhere = (stored: string | undefined, own: string) => stored !== undefined && stored !== own;
  for (const [i, a] of doc.assessments.entries()) {
    if (elsewhere((await store.get(a.id))?.organisationId, a.organisationId)) add(`assessments[${i}].id`, `assessment id "${a.id}" is already stored for another organisation`);
  }
  for (const [i, r] of (doc.rounds ?? []).entries()) {
    if (elsewhere((await store.getRound(r.id))?.organisationId, r.organisationId)) add(`rounds[${i}].id`, `round id "${r.id}" is already stored for another organisation`);
    for (const [j, inv] of r.invitations.entries()) {
      if (elsewhere((await store.findInvitation(inv.token))?.round.id, r.id)) add(`rounds[${i}].invitations[${j}].token`, 'this invitation token is already stored for another round');
    }
  }
  for (const [i, l] of (doc.shareLinks ?? []).entries()) {
    if (elsewhere((await store.getShareLink(l.token))?.assessmentId, l.assessmentId)) add(`shareLinks[${i}].token`, 'this share link token is already stored for another report');
  }
  return problems;
}

/** `toStored` gives each assessment as it is written (the assessment service makes its result compact; as exported without it). */
export async function importPortfolio(
  store: ImportTarget,
  doc: PortfolioDocument,
  onProgress?: (done: number, total: number) => void,
  toStored: (a: Assessment) => Assessment = (a) => a,
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, skipped: 0, organisations: { imported: 0, skipped: 0 } };
  const total = doc.assessments.length;
  let done = 0;
  const assessmentsOf = groupBy(doc.assessments, (a) => a.organisationId);
  const roundsOf = groupBy<Round>(doc.rounds ?? [], (r) => r.organisationId);
  const organisationOfAssessment = new Map(doc.assessments.map((a) => [a.id, a.organisationId]));
  const linksOf = groupBy<ShareLink>(doc.shareLinks ?? [], (l) => organisationOfAssessment.get(l.assessmentId) ?? '');
  for (const organisation of doc.organisations) {
    const assessments = (assessmentsOf.get(organisation.id) ?? []).sort(oldestFirst).map(toStored);
    const outcome = await store.importRecords({ organisation, assessments, rounds: roundsOf.get(organisation.id) ?? [], shareLinks: linksOf.get(organisation.id) ?? [] });
    report.imported += outcome.imported;
    report.skipped += outcome.skipped;
    if (outcome.created) report.organisations.imported++;
    else report.organisations.skipped++;
    for (let i = 0; i < assessments.length; i++) onProgress?.(++done, total);
  }
  return report;
}
