/** The consultant's dashboard and re-scoring pages. (Being built: see issue 3.) */
import type { Request, Response } from 'express';
import type { AppDeps } from '../app.ts';

export function dashboardHandlers(_deps: AppDeps) {
  const notYet = (_req: Request, res: Response) => void res.status(501).render('error', { title: 'Not built yet', status: 501, message: 'This page is not built yet.' });
  return { showDashboard: notYet, showRescore: notYet };
}
