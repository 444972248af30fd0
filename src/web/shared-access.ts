/**
 * What a share link opens. `/s/<token>` and `/s/<token>/export.*` read one
 * report; the guard checks the link on every request, so revocation and expiry
 * end the page and every export at once. The handlers behind it find the
 * report through `assessmentIdOf`, never through an id in the URL, and the
 * shared page prints only `/s/<token>/…` addresses: the report's own address
 * (the respondent's key) never reaches a reader of the link.
 */
import type { Request, Response } from 'express';
import type { ExportReader } from '../core/export/assessment-export.ts';

export interface SharedAccess {
  token: string;
  assessmentId: string;
}

export const sharedAccessOf = (res: Response): SharedAccess | undefined => res.locals.sharedAccess as SharedAccess | undefined;

/** The assessment a request is about: the share link's, or the one named in the URL. */
export const assessmentIdOf = (req: Request, res: Response): string => sharedAccessOf(res)?.assessmentId ?? String(req.params.id);

/** Where a report's exports live for this reader. */
export function exportLinks(res: Response, id: string) {
  const shared = sharedAccessOf(res);
  const base = shared ? `/s/${shared.token}` : `/api/assessments/${id}`;
  return { csv: `${base}/export.csv`, json: `${base}/export.json`, xlsx: `${base}/export.xlsx`, pdf: `${base}/export.pdf` };
}

/** Who is reading: a share link's reader, the signed-in consultant, or whoever holds the report's own address. */
export const readerOf = (res: Response): ExportReader => (sharedAccessOf(res) ? 'shared' : res.locals.consultant === true ? 'consultant' : 'respondent');
