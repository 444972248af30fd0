/**
 * Stores a checked portfolio document through the store port: what is already
 * there (the same id) is skipped and left as it is; the rest is stored exactly
 * as exported, with its ids, timestamps and result. Check the document with
 * `checkPortfolio` first: this adds records, it does not judge them.
 *
 * An organisation is stored with its first new assessment (the port keeps an
 * organisation only with an assessment), so one with no new assessment in the
 * document is counted as skipped. Each organisation's assessments go in oldest
 * first, the order the store lists them in.
 */
import type { AssessmentStore } from '../assessment/assessment-store.ts';
import type { Assessment } from '../assessment/assessment.ts';
import type { PortfolioDocument } from './portfolio-json.ts';

export interface ImportReport {
  /** Assessments added and assessments already present. */
  imported: number;
  skipped: number;
  organisations: { imported: number; skipped: number };
}

const oldestFirst = (a: Assessment, b: Assessment) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);

export async function importPortfolio(store: AssessmentStore, doc: PortfolioDocument, onProgress?: (done: number, total: number) => void): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, skipped: 0, organisations: { imported: 0, skipped: 0 } };
  const total = doc.assessments.length;
  let done = 0;
  const byOrganisation = new Map<string, Assessment[]>();
  for (const a of doc.assessments) {
    const list = byOrganisation.get(a.organisationId);
    if (list) list.push(a);
    else byOrganisation.set(a.organisationId, [a]);
  }
  for (const organisation of doc.organisations) {
    let stored = (await store.getOrganisation(organisation.id)) !== undefined;
    let created = false;
    const own = (byOrganisation.get(organisation.id) ?? []).sort(oldestFirst);
    for (const assessment of own) {
      if (await store.get(assessment.id)) {
        report.skipped++;
      } else {
        await store.create(assessment, stored ? undefined : organisation);
        created ||= !stored;
        stored = true;
        report.imported++;
      }
      onProgress?.(++done, total);
    }
    if (created) report.organisations.imported++;
    else report.organisations.skipped++;
  }
  return report;
}
