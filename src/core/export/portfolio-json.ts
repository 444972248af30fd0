/**
 * The portfolio document: everything a consultant exports, in a form that a
 * later version of the app can import without loss. Records go out exactly as
 * stored (ids, timestamps, the computed result), never re-scored.
 *
 *   { format, schemaVersion, exportedAt, rubrics: [{id, version}],
 *     organisations: [...], assessments: [...] }
 *
 * `portfolioJsonChunks` writes the same document as text piece by piece, one
 * record per line, so a large export is streamed rather than built as one string.
 */
import type { Assessment, Organisation } from '../assessment/assessment.ts';
import { rubricRefs, type RubricRef } from './bulk-rows.ts';

export const PORTFOLIO_FORMAT = 'social-ownership-audit/portfolio';
export const PORTFOLIO_SCHEMA_VERSION = 1;

export interface PortfolioDocument {
  format: typeof PORTFOLIO_FORMAT;
  schemaVersion: typeof PORTFOLIO_SCHEMA_VERSION;
  exportedAt: string;
  rubrics: RubricRef[];
  organisations: Organisation[];
  assessments: Assessment[];
}

/**
 * The document for these assessments: the organisations they belong to (each
 * once, in order of first appearance) and the rubric versions they were scored with.
 */
export function portfolioDocument(assessments: readonly Assessment[], organisationOf: (id: string) => Organisation | undefined, exportedAt: string): PortfolioDocument {
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
  };
}

/** The document as JSON text in pieces; joined, they parse to `doc`. */
export function* portfolioJsonChunks(doc: PortfolioDocument): Generator<string> {
  yield `{\n"format": ${JSON.stringify(doc.format)},\n"schemaVersion": ${doc.schemaVersion},\n"exportedAt": ${JSON.stringify(doc.exportedAt)},\n`;
  yield `"rubrics": ${JSON.stringify(doc.rubrics)},\n`;
  yield* list('organisations', doc.organisations);
  yield ',\n';
  yield* list('assessments', doc.assessments);
  yield '\n}\n';
}

function* list(key: string, items: readonly unknown[]): Generator<string> {
  yield `"${key}": [`;
  for (let i = 0; i < items.length; i++) yield `${i ? ',' : ''}\n${JSON.stringify(items[i])}`;
  yield items.length ? '\n]' : ']';
}
