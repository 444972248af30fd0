/**
 * The import case of the bench: a portfolio document with `count` submitted
 * assessments of one organisation (the worst case before each organisation was
 * written once: every assessment rewrote the whole file), checked and imported
 * into an empty data folder the way `social-audit import` does, then read back.
 * Can also run alone: node --import tsx test/bench/import-one-organisation.ts [count]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { evaluate } from '../../src/core/evaluate.ts';
import type { Assessment, Organisation } from '../../src/core/assessment/assessment.ts';
import type { Rubric } from '../../src/core/rubric/schema.ts';
import { checkPortfolio } from '../../src/core/export/import-check.ts';
import { compactIfLossless } from '../../src/core/assessment/compact-result.ts';
import { createRubricRegistry } from '../../src/core/rubric/registry.ts';
import { conflictsWithStore, importPortfolio } from '../../src/core/export/import-portfolio.ts';
import { portfolioDocument, portfolioJsonChunks } from '../../src/core/export/portfolio-json.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { sampleAnswerSets } from './generate-data.ts';
import { shippedRubric } from './shipped-rubric.ts';

export interface ImportFigures {
  assessments: number;
  documentMb: number;
  checkMs: number;
  importMs: number;
  fileMb: number;
  /** Assessments found when the folder is opened again: the import is complete only if this equals `assessments`. */
  readBack: number;
}

const id = (prefix: string, n: number) => `${prefix}${String(n).padStart(22 - prefix.length, '0')}`;

export async function importOneOrganisation(rubric: Rubric, count: number): Promise<ImportFigures> {
  const organisation: Organisation = { id: id('org', 1), name: 'One Large Client', sector: 'retail', createdAt: '2024-01-01T09:00:00.000Z' };
  const sets = sampleAnswerSets(rubric, 200, 0x1e0);
  const start = Date.parse('2024-01-02T09:00:00.000Z');
  const assessments: Assessment[] = Array.from({ length: count }, (_, n) => {
    const at = new Date(start + n * 60_000).toISOString();
    const answers = sets[n % sets.length]!;
    return {
      id: id('asm', n), rubricId: rubric.id, rubricVersion: rubric.version, organisationId: organisation.id, organisation: { name: organisation.name, sector: 'retail' },
      respondent: {}, answers, notes: {}, status: 'submitted', createdAt: at, updatedAt: at, submittedAt: at, result: evaluate(rubric, answers, at.slice(0, 10)),
    };
  });
  // The document as the export writes it, parsed as the import reads it.
  const text = [...portfolioJsonChunks(portfolioDocument(assessments, () => organisation, new Date().toISOString()))].join('');
  const dir = await mkdtemp(join(tmpdir(), 'sao-bench-import-'));
  try {
    const t0 = performance.now();
    const checked = checkPortfolio(JSON.parse(text), (rid, version) => (rid === rubric.id && version === rubric.version ? rubric : undefined));
    if (!checked.ok) throw new Error(`the bench document does not pass its checks: ${JSON.stringify(checked.details)}`);
    const t1 = performance.now();
    const store = await openLowdbStore(dir);
    const conflicts = await conflictsWithStore(store, checked.document);
    if (conflicts.length) throw new Error(JSON.stringify(conflicts));
    // As the assessment service imports: each result stored compact where that loses nothing.
    const rubrics = createRubricRegistry([rubric]);
    await importPortfolio(store, checked.document, undefined, (a) => compactIfLossless(a, rubrics));
    // Stored means in the organisation's file, not only in the journal.
    await store.checkpoint();
    const t2 = performance.now();
    const readBack = (await (await openLowdbStore(dir)).assessmentsOf(organisation.id)).length;
    return {
      assessments: count,
      documentMb: text.length / 1024 ** 2,
      checkMs: t1 - t0,
      importMs: t2 - t1,
      fileMb: (await stat(join(dir, 'orgs', `${organisation.id}.json`))).size / 1024 ** 2,
      readBack,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const describeImport = (f: ImportFigures) =>
  `import of ${f.assessments.toLocaleString('en-GB')} assessments in one organisation (${f.documentMb.toFixed(1)} MB document): checked in ${Math.round(f.checkMs)} ms, stored in ${Math.round(f.importMs)} ms (${f.fileMb.toFixed(1)} MB file, ${f.readBack.toLocaleString('en-GB')} read back)`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 10_000);
  console.log(describeImport(await importOneOrganisation(await shippedRubric(), count)));
}
