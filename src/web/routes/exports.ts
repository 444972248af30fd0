/**
 * Exports beyond the per-assessment CSV and JSON: the per-assessment workbook
 * and PDF, the consultant's bulk exports (CSV, JSON, XLSX) over the dashboard's
 * filters, and the import of a portfolio document. The rows and documents come
 * from the core; this file picks them by query, names the file and streams. A
 * report's PDF is made once per stored result and kept (web/pdf-cache.ts).
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { AppDeps } from '../deps.ts';
import type { Assessment } from '../../core/assessment/assessment.ts';
import { NotFoundError, type FieldError } from '../../core/errors.ts';
import { parsePortfolioQuery, select, type PortfolioQuery } from '../../core/portfolio/filters.ts';
import type { AssessmentSummary } from '../../core/portfolio/summary.ts';
import type { StoredSummary } from '../../core/ports.ts';
import { recordOfSummary } from '../../core/export/summary-detail.ts';
import { exportCopy, exportFileName } from '../../core/export/assessment-export.ts';
import { portfolioSelection, selectAssessments, type RubricLookup } from '../../core/export/bulk-rows.ts';
import { listed, readRecord, recordsInOrder, streamedAnswersTable, streamedSummaryTable, streamedWorkbookTables, unknownRubricExamples, type StreamedSelection } from '../../core/export/streamed-rows.ts';
import { singleWorkbookTables } from '../../core/export/single-workbook.ts';
import { portfolioJsonChunks } from '../../core/export/portfolio-json.ts';
import { checkPortfolio } from '../../core/export/import-check.ts';
import { writeCsv } from '../../formats/csv-stream.ts';
import { writeWorkbook } from '../../formats/xlsx.ts';
import { htmlToPdf, inlineStylesheets, PdfBusyError, PdfUnavailableError } from '../pdf.ts';
import { pdfCache, type PdfCache } from '../pdf-cache.ts';
import { renderAppHtml } from '../page-cache.ts';
import { assessmentIdOf, readerOf, sharedAccessOf } from '../shared-access.ts';
import { loadReportPage } from '../presenters/report-page-query.ts';
import { dayOf } from '../../core/dates.ts';
import { singleOnly } from './api.ts';
import { PROJECT_ROOT } from '../../platform/project-root.ts';

const PUBLIC_DIR = join(PROJECT_ROOT, 'public');
const CSV_KINDS = ['summary', 'answers'] as const;
const SCOPES = ['latest', 'all'] as const;
/** The JSON export is a complete backup (drafts included), so it has one scope. */
const JSON_SCOPES = ['all'] as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Organisations an export reads ahead of the row it writes: enough to keep the disk busy, few enough to hold little. */
const RECORD_READS = 8;

const MESSAGES = {
  badQuery: 'the query has invalid parameters',
  importRefused: 'the import was refused and nothing was stored',
  pdfUnavailable: (reason: string, printView: string) =>
    `A PDF cannot be made on this server: ${reason}. Open the report at ${printView} and print it from your browser (choose "Save as PDF" as the printer).`,
  noChromium: 'it has no Chromium (set CHROMIUM_PATH, or install the chromium package)',
  pdfBusy: (printView: string) => `Too many PDFs are being made just now; try again in a minute, or open the report at ${printView} and print it from your browser.`,
};

/** Parses the dashboard's filters for an export: paging is ignored, everything that matches goes out. */
export function exportQuery(raw: Record<string, unknown>): { query: PortfolioQuery; errors: FieldError[] } {
  const { page: _page, perPage: _perPage, ...rest } = raw;
  return parsePortfolioQuery(rest);
}

const isClosedOutput = (err: unknown): boolean => {
  const e = err as { code?: string; name?: string };
  return e?.code === 'ERR_STREAM_PREMATURE_CLOSE' || e?.code === 'ECONNRESET' || e?.name === 'OutputClosedError';
};

/** Runs a streaming write; a reader that went away mid-stream is not an error of ours. */
async function streamed(res: Response, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (isClosedOutput(err) || res.destroyed) return;
    throw err;
  }
}

/** What a PDF is made from, and where it is kept once made (a stored report's PDF never changes). */
export interface PdfPage {
  view: string;
  locals: () => Promise<object>;
  printView: string;
  fileName: string;
  cached?: { cache: PdfCache; key: string };
}

/** A page rendered and printed by Chromium (or taken from the cache); without one, 503 naming the print view to use instead. */
export async function sendPdf(deps: AppDeps, req: Request, res: Response, page: PdfPage): Promise<void> {
  const unavailable = (reason: string) => void res.status(503).json({ error: MESSAGES.pdfUnavailable(reason, page.printView), printView: page.printView });
  const { chromiumPath } = deps;
  if (!chromiumPath) return unavailable(MESSAGES.noChromium);
  const render = deps.renderPdf ?? htmlToPdf;
  const make = async () => render(inlineStylesheets(await renderAppHtml(req.app, page.view, await page.locals()), PUBLIC_DIR), { chromiumPath });
  let pdf: Buffer;
  try {
    pdf = page.cached ? await page.cached.cache.get(page.cached.key, make) : await make();
  } catch (err) {
    if (err instanceof PdfUnavailableError) return unavailable(err.reason);
    if (err instanceof PdfBusyError) return void res.status(503).set('Retry-After', '30').json({ error: MESSAGES.pdfBusy(page.printView), printView: page.printView });
    throw err;
  }
  res.attachment(page.fileName).type('application/pdf').set('Cache-Control', 'no-store').send(pdf);
}

/**
 * Everything a report's PDF is made from: the stored record (its id and last
 * change), the rubric it was scored with, where it is read (a share link's
 * PDF prints that link's own address, never another's) and the day, which
 * bounds anything date-dependent to one day.
 */
export const reportPdfKey = (a: Assessment, printView: string, today: string): string =>
  [a.id, a.updatedAt, `${a.rubricId}@${a.rubricVersion}`, printView, today].join('|');

// Over 60 lines because it is a factory: one closure over deps returning short handlers.
export function exportHandlers(deps: AppDeps) {
  const { assessments: service, rubrics, now } = deps;
  const rubricOf: RubricLookup = (id, version) => rubrics.get(id, version);
  const today = () => dayOf(now());
  const dayOfAssessment = (a: Assessment) => dayOf(a.submittedAt ?? a.updatedAt);
  const pdfs = pdfCache();

  /** The query's scope and filters, or null after answering 400. */
  const exportScope = (req: Request, res: Response, extra: FieldError[], scopes: readonly string[]): { scope: string; query: PortfolioQuery } | null => {
    const { scope: rawScope, ...rest } = req.query as Record<string, unknown>;
    const scope = rawScope === undefined ? scopes[0]! : String(rawScope);
    const scopeError: FieldError[] = scopes.includes(scope) ? [] : [{ field: 'scope', message: `must be ${scopes.join(' or ')}; got "${scope}"` }];
    const { query, errors } = exportQuery(rest);
    if (errors.length || extra.length || scopeError.length) {
      res.status(400).json({ error: MESSAGES.badQuery, details: [...extra, ...scopeError, ...errors] });
      return null;
    }
    return { scope, query };
  };

  /** The records of a `scope=all` export (every stored record is read to filter and sort them), or null after answering 400. */
  const selection = async (req: Request, res: Response, pick: typeof selectAssessments, scopes: readonly string[]): Promise<Assessment[] | null> => {
    const asked = exportScope(req, res, [], scopes);
    return asked && pick(await service.list(), asked.query);
  };

  /**
   * The records a table export covers, read as the rows are written, or null
   * after answering 400. `scope=latest` (the default): each organisation's
   * latest result in the dashboard's order, from the summaries in memory; the
   * records are read a few organisations at a time (streamed-rows.ts), a
   * round's result taken from the snapshot, and the summary rows made from
   * the summaries where the store keeps their detail (summary-detail.ts). `scope=all`: every submitted
   * assessment over time, a round's responses included; stored records hold
   * no summary of a round's response, so that scope reads every record first.
   */
  const streamedSelection = async (req: Request, res: Response, extra: FieldError[] = []): Promise<StreamedSelection | null> => {
    const asked = exportScope(req, res, extra, SCOPES);
    if (!asked) return null;
    if (asked.scope === 'all') {
      const selected = selectAssessments(await service.list(), asked.query);
      return { rubrics: selected, examples: await unknownRubricExamples(selected, rubricOf, async (a) => a), records: () => listed(selected) };
    }
    const { latest, rounds } = await deps.portfolio.snapshot();
    const selected = select(latest, asked.query);
    const recordOf = async (s: AssessmentSummary) => rounds.get(s.id) ?? readRecord(s, service.historyInPassing);
    const round = (s: StoredSummary) => rounds.get(s.id);
    const rowOnly = (s: StoredSummary) => rounds.get(s.id) ?? (s.detail && recordOfSummary(s, s.detail));
    return {
      rubrics: selected,
      examples: await unknownRubricExamples(selected, rubricOf, recordOf),
      records: () => recordsInOrder(selected, round, service.historyInPassing, RECORD_READS),
      summaryRecords: () => recordsInOrder(selected, rowOnly, service.historyInPassing, RECORD_READS),
    };
  };

  const attachment = (res: Response, name: string, type: string) => res.attachment(name).type(type).set('Cache-Control', 'no-store');

  return {
    async assessmentXlsx(req: Request, res: Response) {
      const a = exportCopy(await singleOnly(service, assessmentIdOf(req, res)), readerOf(res));
      const rubric = service.rubricFor({ id: a.rubricId, version: a.rubricVersion });
      attachment(res, exportFileName(a.organisation.name, dayOfAssessment(a), 'xlsx'), XLSX_TYPE);
      await streamed(res, () => writeWorkbook(res, singleWorkbookTables(a, rubric), { created: now() }));
    },

    async assessmentPdf(req: Request, res: Response) {
      const id = assessmentIdOf(req, res);
      const a = await singleOnly(service, id);
      if (a.status !== 'submitted') throw new NotFoundError('assessment');
      const shared = sharedAccessOf(res);
      // The report as anyone with its address sees it: no consultant panel in the PDF.
      res.locals.consultant = false;
      const printView = shared ? `/s/${shared.token}` : `/assessments/${id}`;
      await sendPdf(deps, req, res, {
        view: 'report',
        locals: () => loadReportPage(deps, req, res, id),
        printView,
        fileName: exportFileName(a.organisation.name, dayOfAssessment(a), 'pdf'),
        cached: { cache: pdfs, key: reportPdfKey(a, printView, today()) },
      });
    },

    async bulkCsv(req: Request, res: Response) {
      const kind = req.query.kind === undefined ? 'summary' : String(req.query.kind);
      const kindError: FieldError[] = (CSV_KINDS as readonly string[]).includes(kind) ? [] : [{ field: 'kind', message: `must be one of ${CSV_KINDS.join(', ')}; got "${kind}"` }];
      const selected = await streamedSelection(req, res, kindError);
      if (!selected) return;
      const table = kind === 'answers' ? streamedAnswersTable(selected, rubricOf) : streamedSummaryTable(selected, rubricOf);
      attachment(res, `social-audit-${kind}-${today()}.csv`, 'text/csv; charset=utf-8');
      await streamed(res, () => writeCsv(res, table));
    },

    async bulkJson(req: Request, res: Response) {
      const selected = await selection(req, res, portfolioSelection, JSON_SCOPES);
      if (!selected) return;
      const doc = await service.exportPortfolio(selected, now().toISOString());
      attachment(res, `social-audit-${today()}.json`, 'application/json; charset=utf-8');
      await streamed(res, () => pipeline(Readable.from(portfolioJsonChunks(doc, service.full)), res));
    },

    async bulkXlsx(req: Request, res: Response) {
      const selected = await streamedSelection(req, res);
      if (!selected) return;
      attachment(res, `social-audit-${today()}.xlsx`, XLSX_TYPE);
      await streamed(res, () => writeWorkbook(res, streamedWorkbookTables(selected, rubricOf), { created: now() }));
    },

    async importJson(req: Request, res: Response) {
      const checked = checkPortfolio(req.body, rubricOf, rubrics.list().map((r) => `${r.id}@${r.version}`));
      const details = checked.ok ? await service.importConflicts(checked.document) : checked.details;
      if (!checked.ok || details.length) return void res.status(422).json({ error: MESSAGES.importRefused, details });
      res.json(await service.importPortfolio(checked.document));
    },
  };
}
