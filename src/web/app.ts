/**
 * Builds the Express app from its dependencies. Never listens: the server and
 * the tests decide where it runs and on which store.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';
import cookieParser from 'cookie-parser';
import type { AssessmentService } from '../core/assessment/assessment-service.ts';
import type { Store } from '../core/assessment/assessment-store.ts';
import type { RubricRegistry } from '../core/rubric/registry.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { createViewEngine } from './view-engine.ts';
import { csrf, securityHeaders } from './security.ts';
import { consultantAuth } from './consultant-auth.ts';
import { errorHandler, wantsJson } from './http-errors.ts';
import { BODY_LIMIT, IMPORT_BODY_LIMIT, MAX_FORM_FIELDS } from './limits.ts';
import { rateLimits, DEFAULT_RATE_LIMITS, type RateLimitConfig } from './rate-limits.ts';
import { pageHandlers } from './routes/pages.ts';
import { apiHandlers } from './routes/api.ts';
import { consultantHandlers } from './routes/consultant.ts';
import { sharingHandlers } from './routes/sharing.ts';
import { dashboardHandlers } from './routes/dashboard.ts';
import { exportHandlers } from './routes/bulk-exports.ts';
import { roundHandlers } from './routes/rounds.ts';
import { createRoundService, type RoundService } from '../core/rounds/round-service.ts';
import { newId } from '../platform/ids.ts';
import { portfolioCache, type PortfolioCache } from './portfolio-cache.ts';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');

export interface AppConfig {
  service: AssessmentService;
  rubrics: RubricRegistry;
  store: Store;
  now: () => Date;
  newToken: () => string;
  csrfSecret: string;
  secureCookies?: boolean;
  /** Chromium for PDF exports; null when there is none. */
  chromiumPath?: string | null;
  rateLimits?: RateLimitConfig | 'off';
  /** Express's `trust proxy` (off by default: X-Forwarded-For is not believed). */
  trustProxy?: boolean | number | string;
}

export type AppDeps = AppConfig & { csrf: ReturnType<typeof csrf>; auth: ReturnType<typeof consultantAuth>; rounds: RoundService; portfolio: PortfolioCache };

/** Assessment ids are 128-bit base64url strings; anything else is not one of ours. */
const ID = /^[A-Za-z0-9_-]{22}$/;
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

export function createApp(config: AppConfig) {
  const app = express();
  const roundService = createRoundService({ store: config.store, rubrics: config.rubrics, now: config.now, newId, newToken: config.newToken });
  const deps: AppDeps = {
    ...config,
    csrf: csrf({ secret: config.csrfSecret, secureCookies: config.secureCookies ?? false }),
    auth: consultantAuth(config.store, config.now, config.secureCookies ?? false),
    portfolio: portfolioCache(config.store, roundService.deliverables, () => config.now().toISOString().slice(0, 10)),
    rounds: roundService,
  };
  const pages = pageHandlers(deps);
  const api = apiHandlers(deps);
  const consultant = consultantHandlers(deps);
  const sharing = sharingHandlers(deps);
  const dashboard = dashboardHandlers(deps);
  const exports = exportHandlers(deps);
  const rounds = roundHandlers(deps, pages);
  const onlyConsultant = consultant.requireConsultant;
  const limit = rateLimits(config.rateLimits ?? DEFAULT_RATE_LIMITS);

  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ?? false);
  app.engine('hbs', createViewEngine(join(ROOT, 'views')));
  app.set('view engine', 'hbs');
  app.set('views', join(ROOT, 'views'));
  app.set('view cache', true);

  app.use(securityHeaders());
  app.use('/static', express.static(join(ROOT, 'public'), { maxAge: '1h', index: false }));
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: MAX_FORM_FIELDS }));
  const jsonBody = express.json({ limit: BODY_LIMIT, strict: true });
  // The import carries a whole portfolio: its own limit, parsed only once the consultant key is checked.
  app.use('/api', (req, res, next) => (req.path === '/import' ? next() : jsonBody(req, res, next)));
  app.use(deps.csrf.browserId);
  app.use(deps.auth.detect);

  app.param('id', (_req: Request, _res: Response, next: NextFunction, id: string) => next(ID.test(id) ? undefined : new NotFoundError('assessment')));
  app.param('token', (_req: Request, _res: Response, next: NextFunction, token: string) => next(TOKEN.test(token) ? undefined : new NotFoundError('link')));
  app.param('roundId', (_req: Request, _res: Response, next: NextFunction, value: string) => next(ID.test(value) ? undefined : new NotFoundError('round')));
  // The rounds API names an unknown organisation as a field of the request (422), as it does an unknown role.
  app.param('orgId', (req: Request, _res: Response, next: NextFunction, value: string) =>
    next(ID.test(value) ? undefined : wantsJson(req) ? new ValidationError([{ field: 'orgId', message: 'there is no organisation with this id' }]) : new NotFoundError('organisation')));
  app.post('/api/*rest', requireJson);

  app.get('/healthz', (_req, res) => void res.type('text/plain').send('ok'));
  app.get('/', pages.home);
  app.get('/assessments/new', pages.showForm);
  app.post('/assessments', limit.forms, pages.createFromForm);
  app.get('/assessments/:id', pages.showReport);
  app.get('/assessments/:id/edit', pages.showResume);
  app.post('/assessments/:id', limit.forms, pages.updateFromForm);
  app.post('/assessments/:id/share-links', onlyConsultant, sharing.createLink);
  app.post('/assessments/:id/share-links/:token/revoke', onlyConsultant, sharing.revokeLink);
  app.get('/s/:token', rounds.showShared, sharing.showShared);
  app.get('/s/:token/report.pdf', rounds.sharedPdf);
  app.get('/r/:token', rounds.startFromInvitation);

  app.get('/consultant/sign-in', consultant.showSignIn);
  app.post('/consultant/sign-in', limit.signIn, consultant.signIn);
  app.post('/consultant/sign-out', consultant.signOut);
  app.get('/consultant', onlyConsultant, dashboard.showDashboard);
  app.get('/consultant/assessments/:id/rescore', onlyConsultant, dashboard.showRescore);
  app.post('/consultant/organisations/:orgId/rounds', onlyConsultant, rounds.openRound);
  app.get('/consultant/rounds/:roundId', onlyConsultant, rounds.showRound);
  app.get('/consultant/rounds/:roundId/report', onlyConsultant, rounds.showReport);
  app.get('/consultant/rounds/:roundId/report.pdf', onlyConsultant, rounds.reportPdf);
  app.post('/consultant/rounds/:roundId/share-links', onlyConsultant, rounds.createShare);
  app.post('/consultant/rounds/:roundId/share-links/:token/revoke', onlyConsultant, rounds.revokeShare);
  app.post('/consultant/rounds/:roundId/invitations', onlyConsultant, rounds.addInvitation);
  app.post('/consultant/rounds/:roundId/invitations/:token/revoke', onlyConsultant, rounds.revokeInvitation);
  app.post('/consultant/rounds/:roundId/close', onlyConsultant, rounds.closeRound);

  app.get('/api/rubrics', api.listRubrics);
  app.get('/api/rubrics/:rubricId', api.showRubric);
  app.post('/api/assessments', limit.api, api.createAssessment);
  app.get('/api/assessments/:id', api.showAssessment);
  app.get('/api/assessments/:id/export.json', api.exportJson);
  app.get('/api/assessments/:id/export.csv', api.exportCsv);
  app.get('/api/assessments/:id/export.xlsx', exports.assessmentXlsx);
  app.get('/api/assessments/:id/export.pdf', exports.assessmentPdf);
  app.get('/api/assessments/:id/share-links', onlyConsultant, sharing.listLinksJson);
  app.get('/api/export.csv', onlyConsultant, exports.bulkCsv);
  app.get('/api/export.json', onlyConsultant, exports.bulkJson);
  app.get('/api/export.xlsx', onlyConsultant, exports.bulkXlsx);
  app.post('/api/import', onlyConsultant, express.json({ limit: IMPORT_BODY_LIMIT, strict: true }), exports.importJson);
  app.post('/api/organisations/:orgId/rounds', onlyConsultant, rounds.createRoundJson);
  app.post('/api/rounds/:roundId/invitations', onlyConsultant, rounds.createInvitationJson);
  app.get('/api/rounds/:roundId', onlyConsultant, rounds.showRoundJson);
  app.post('/api/rounds/:roundId/close', onlyConsultant, rounds.closeRoundJson);
  app.get('/api/rounds/:roundId/export.json', onlyConsultant, rounds.exportJson);
  app.get('/api/rounds/:roundId/export.csv', onlyConsultant, rounds.exportCsv);

  app.use((req: Request, res: Response) => {
    res.status(404);
    if (wantsJson(req)) res.json({ error: 'not found' });
    else res.render('error', { title: 'Page not found', status: 404, message: 'There is no page at this address. Check the link, or start a new assessment.' });
  });
  app.use(errorHandler);
  return app;
}

/** A request that carries a body (closing a round needs none). */
const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';

function requireJson(req: Request, res: Response, next: NextFunction) {
  if (!req.is('application/json') && (hasBody(req) || !req.path.endsWith('/close'))) {
    res.status(415).json({ error: 'send the body as application/json', details: [{ field: '(content-type)', message: `expected application/json; got ${req.headers['content-type'] ?? 'nothing'}` }] });
    return;
  }
  next();
}
