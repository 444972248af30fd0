/** Bulk and per-assessment exports beyond CSV and JSON. (Being built: see issue 3.) */
import type { Request, Response } from 'express';
import type { AppDeps } from '../app.ts';

export function exportHandlers(_deps: AppDeps) {
  const notYet = (_req: Request, res: Response) => void res.status(501).json({ error: 'not built yet' });
  return { assessmentXlsx: notYet, assessmentPdf: notYet, bulkCsv: notYet, bulkJson: notYet, bulkXlsx: notYet, importJson: notYet };
}
