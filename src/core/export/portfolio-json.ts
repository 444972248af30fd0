/**
 * The portfolio document: everything a consultant exports, in a form that a
 * later version of the app can import without loss. Records go out exactly as
 * stored (ids, timestamps, the computed result, each round with its
 * invitations, each share link with its views), never re-scored.
 *
 *   { format, schemaVersion, exportedAt, rubrics: [{id, version}],
 *     organisations: [...], assessments: [...], rounds: [...], shareLinks: [...] }
 *
 * Not in it, on purpose: the settings (the consultant key's hash and the
 * secrets that sign sessions belong to one server; a restored server keeps its
 * own) and the forms' one-time nonces (they only guard against a double click).
 * Schema version 1 (before rounds and share links) is still imported.
 *
 * `portfolioJsonChunks` writes the same document as text piece by piece, one
 * record per line, so a large export is streamed rather than built as one string.
 * Stored results may be compact: the writer is given the assessment service's
 * `full`, and makes each record whole as it writes it (the export carries every
 * result in full, as before), one at a time rather than all before the first byte.
 */
import type { Assessment, FullAssessment, Organisation } from '../assessment/assessment.ts';
import type { AssessmentStore, OrganisationStore, RoundStore, ShareLinkStore } from '../ports.ts';
import type { Round } from '../rounds/round.ts';
import type { ShareLink } from '../sharing/share-link.ts';
import { rubricRefs } from './bulk-rows.ts';
import type { RubricRef } from '../rubric/registry.ts';

export const PORTFOLIO_FORMAT = 'social-ownership-audit/portfolio';
export const PORTFOLIO_SCHEMA_VERSION = 2;
/** Versions this app imports: 1 has no rounds and no share links. */
export const IMPORTED_SCHEMA_VERSIONS: readonly number[] = [1, 2];

export interface PortfolioDocument {
  format: typeof PORTFOLIO_FORMAT;
  schemaVersion: number;
  exportedAt: string;
  rubrics: RubricRef[];
  organisations: Organisation[];
  assessments: Assessment[];
  /** Absent in version 1. */
  rounds?: Round[];
  shareLinks?: ShareLink[];
}

/** What a document holds besides assessments and organisations, by owner. */
export interface RelatedRecords {
  roundsOf(organisationId: string): readonly Round[];
  shareLinksOf(assessmentId: string): readonly ShareLink[];
}

const NOTHING_RELATED: RelatedRecords = { roundsOf: () => [], shareLinksOf: () => [] };

/**
 * The document for these assessments: the organisations they belong to (each
 * once, in order of first appearance) and the rubric versions they were scored with.
 */
export function portfolioDocument(
  assessments: readonly Assessment[],
  organisationOf: (id: string) => Organisation | undefined,
  exportedAt: string,
  related: RelatedRecords = NOTHING_RELATED,
): PortfolioDocument {
  const organisations = new Map<string, Organisation>();
  for (const a of assessments) {
    if (organisations.has(a.organisationId)) continue;
    const org = organisationOf(a.organisationId);
    if (!org) throw new Error(`assessment ${a.id} belongs to organisation ${a.organisationId}, which is not stored`);
    organisations.set(org.id, org);
  }
  return {
    format: PORTFOLIO_FORMAT,
    schemaVersion: PORTFOLIO_SCHEMA_VERSION,
    exportedAt,
    rubrics: rubricRefs(assessments),
    organisations: [...organisations.values()],
    assessments: [...assessments],
    rounds: [...organisations.keys()].flatMap((id) => related.roundsOf(id)),
    shareLinks: assessments.flatMap((a) => related.shareLinksOf(a.id)),
  };
}

/** The document for these assessments, with the organisations, rounds and share links the store holds for them. */
export async function portfolioFromStore(store: AssessmentStore & OrganisationStore & RoundStore & ShareLinkStore, assessments: readonly Assessment[], exportedAt: string): Promise<PortfolioDocument> {
  const organisations = new Map((await store.listOrganisations()).map((o) => [o.id, o]));
  const rounds = new Map<string, readonly Round[]>();
  const links = new Map<string, readonly ShareLink[]>();
  for (const a of assessments) {
    if (!rounds.has(a.organisationId)) rounds.set(a.organisationId, await store.roundsOf(a.organisationId));
    if (a.status === 'submitted') links.set(a.id, await store.shareLinksOf(a.id));
  }
  return portfolioDocument(assessments, (id) => organisations.get(id), exportedAt, {
    roundsOf: (id) => rounds.get(id) ?? [],
    shareLinksOf: (id) => links.get(id) ?? [],
  });
}

/** The document as JSON text in pieces, each assessment through `full`; joined, they parse to `doc` with its results in full. */
export function* portfolioJsonChunks(doc: PortfolioDocument, full: (a: Assessment) => FullAssessment = (a) => a as FullAssessment): Generator<string> {
  yield `{\n"format": ${JSON.stringify(doc.format)},\n"schemaVersion": ${doc.schemaVersion},\n"exportedAt": ${JSON.stringify(doc.exportedAt)},\n`;
  yield `"rubrics": ${JSON.stringify(doc.rubrics)},\n`;
  yield* list('organisations', doc.organisations);
  yield ',\n';
  yield* list('assessments', doc.assessments, full);
  if (doc.rounds) {
    yield ',\n';
    yield* list('rounds', doc.rounds);
  }
  if (doc.shareLinks) {
    yield ',\n';
    yield* list('shareLinks', doc.shareLinks);
  }
  yield '\n}\n';
}

function* list<T>(key: string, items: readonly T[], shown: (item: T) => unknown = (item) => item): Generator<string> {
  yield `"${key}": [`;
  for (let i = 0; i < items.length; i++) yield `${i ? ',' : ''}\n${JSON.stringify(shown(items[i]!))}`;
  yield items.length ? '\n]' : ']';
}
