/**
 * Builds the Express app from its dependencies. Never listens: the server and
 * the tests decide where it runs and on which store.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';
import cookieParser from 'cookie-parser';
import type { AssessmentService } from '../core/assessment/assessment-service.ts';
import type { RubricRegistry } from '../core/rubric/registry.ts';
import { createViewEngine } from './view-engine.ts';
import { csrf, securityHeaders } from './security.ts';
import { errorHandler, wantsJson } from './http-errors.ts';
import { NotFoundError } from '../core/errors.ts';
import { BODY_LIMIT, MAX_FORM_FIELDS } from './limits.ts';
import { pageHandlers } from './routes/pages.ts';
import { apiHandlers } from './routes/api.ts';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');

export interface AppConfig {
  service: AssessmentService;
  rubrics: RubricRegistry;
  now: () => Date;
  csrfSecret: string;
  secureCookies?: boolean;
}

export type AppDeps = AppConfig & { csrf: ReturnType<typeof csrf> };

/** Assessment ids are 128-bit base64url strings; anything else is not one of ours. */
const ID = /^[A-Za-z0-9_-]{22}$/;

export function createApp(config: AppConfig) {
  const app = express();
  const deps: AppDeps = { ...config, csrf: csrf({ secret: config.csrfSecret, secureCookies: config.secureCookies ?? false }) };
  const pages = pageHandlers(deps);
  const api = apiHandlers(deps);

  app.disable('x-powered-by');
  app.engine('hbs', createViewEngine(join(ROOT, 'views')));
  app.set('view engine', 'hbs');
  app.set('views', join(ROOT, 'views'));
  app.set('view cache', true);

  app.use(securityHeaders());
  app.use('/static', express.static(join(ROOT, 'public'), { maxAge: '1h', index: false }));
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: MAX_FORM_FIELDS }));
  app.use('/api', express.json({ limit: BODY_LIMIT, strict: true }));
  app.use(deps.csrf.browserId);

  app.param('id', (req: Request, _res: Response, next: NextFunction, id: string) => {
    if (!ID.test(id)) return next(new NotFoundError('assessment'));
    next();
  });
  app.post('/api/*rest', requireJson);

  app.get('/healthz', (_req, res) => void res.type('text/plain').send('ok'));
  app.get('/', pages.home);
  app.get('/assessments/new', pages.showForm);
  app.post('/assessments', pages.createFromForm);
  app.get('/assessments/:id', pages.showReport);
  app.get('/assessments/:id/edit', pages.showResume);
  app.post('/assessments/:id', pages.updateFromForm);

  app.get('/api/rubrics', api.listRubrics);
  app.get('/api/rubrics/:rubricId', api.showRubric);
  app.post('/api/assessments', api.createAssessment);
  app.get('/api/assessments/:id', api.showAssessment);
  app.get('/api/assessments/:id/export.json', api.exportJson);
  app.get('/api/assessments/:id/export.csv', api.exportCsv);

  app.use((req: Request, res: Response) => {
    res.status(404);
    if (wantsJson(req)) res.json({ error: 'not found' });
    else res.render('error', { title: 'Page not found', status: 404, message: 'There is no page at this address. Check the link, or start a new assessment.' });
  });
  app.use(errorHandler);
  return app;
}

function requireJson(req: Request, res: Response, next: NextFunction) {
  if (!req.is('application/json')) {
    res.status(415).json({ error: 'send the body as application/json', details: [{ field: '(content-type)', message: `expected application/json; got ${req.headers['content-type'] ?? 'nothing'}` }] });
    return;
  }
  next();
}
