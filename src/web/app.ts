/**
 * Builds the Express app from the services (see src/compose.ts) and the web
 * options. Never listens: the server and the tests decide where it runs. The
 * app never sees the store: routes call services.
 */
import { join } from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';
import cookieParser from 'cookie-parser';
import compression from 'compression';
import type { Services } from '../compose.ts';
import type { AppDeps, WebOptions } from './deps.ts';
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { ID_PATTERN, TOKEN_PATTERN } from '../core/ids.ts';
import { dayOf } from '../core/dates.ts';
import { createViewEngine } from './view-engine.ts';
import { csrf, privacyHeaders, securityHeaders } from './security.ts';
import { csrfGuard } from './csrf-guard.ts';
import { consultantAuth } from './consultant-auth.ts';
import { errorHandler, wantsJson } from './http-errors.ts';
import { BODY_LIMIT, IMPORT_BODY_LIMIT, MAX_FORM_FIELDS } from './limits.ts';
import { rateLimits, DEFAULT_RATE_LIMITS } from './rate-limits.ts';
import { failedAttempts } from './failed-attempts.ts';
import { pageHandlers } from './routes/pages.ts';
import { apiHandlers } from './routes/api.ts';
import { consultantHandlers } from './routes/consultant.ts';
import { sharingHandlers } from './routes/sharing.ts';
import { dashboardHandlers } from './routes/dashboard.ts';
import { exportHandlers } from './routes/exports.ts';
import { roundHandlers } from './routes/rounds.ts';
import { roundApiHandlers } from './routes/rounds-api.ts';
import { portfolioCache } from './portfolio-cache.ts';
import { staticAssets } from './static-assets.ts';
import { encodedHere } from './slotted-page.ts';
import { PROJECT_ROOT } from '../platform/project-root.ts';



// Over 60 lines because it holds the route table: one line per route, to be read top to bottom in one place.
export function createApp(services: Services, config: WebOptions) {
  const app = express();
  const limits = config.rateLimits ?? DEFAULT_RATE_LIMITS;
  const publicUrl = config.publicUrl ?? 'http://localhost:3000';
  const deps: AppDeps = {
    ...services,
    ...config,
    publicUrl: typeof publicUrl === 'function' ? publicUrl : () => publicUrl,
    csrf: csrf({ secret: config.csrfSecret, secureCookies: config.secureCookies ?? false }),
    auth: consultantAuth(services.settings, services.now, config.secureCookies ?? false, failedAttempts(limits === 'off' ? 'off' : { limit: limits.signIn, windowMinutes: limits.windowMinutes })),
    portfolio: portfolioCache(services.assessments, services.rounds.deliverables, () => dayOf(services.now())),
  };
  const pages = pageHandlers(deps);
  const api = apiHandlers(deps);
  const consultant = consultantHandlers(deps);
  const sharing = sharingHandlers(deps);
  const dashboard = dashboardHandlers(deps);
  const exports = exportHandlers(deps);
  const rounds = roundHandlers(deps);
  const roundsApi = roundApiHandlers(deps);
  const onlyConsultant = consultant.requireConsultant;
  const guard = (form: Parameters<typeof csrfGuard>[1]) => csrfGuard(deps.csrf, form);
  const limit = rateLimits(limits);

  app.disable('x-powered-by');
  // Every dynamic response is no-store (security.ts), so an ETag would never be asked about: not worth hashing each body for.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy ?? false);
  app.engine('hbs', createViewEngine(join(PROJECT_ROOT, 'views')));
  app.set('view engine', 'hbs');
  app.set('views', join(PROJECT_ROOT, 'views'));
  app.set('view cache', true);

  const assets = staticAssets(join(PROJECT_ROOT, 'public'));
  // Views link static files by their fingerprinted address, {{{lookup assets 'app.css'}}} (built here, never from input).
  app.locals.assets = assets.urls;

  // Pages sent by sendPage are already gzipped or deliberately not: no negotiation again for them.
  app.use(compression({ filter: (req, res) => !encodedHere(res) && compression.filter(req, res) }));
  app.use(securityHeaders());
  app.use('/static', assets.serve);
  // Browsers ask for /favicon.ico whatever the page links: answer with nothing rather than a 404.
  app.get('/favicon.ico', (_req, res) => void res.set('Cache-Control', 'public, max-age=86400').status(204).end());
  app.use(privacyHeaders());
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: MAX_FORM_FIELDS }));
  const jsonBody = express.json({ limit: BODY_LIMIT, strict: true });
  // The import carries a whole portfolio: its own limit, parsed only once the consultant key is checked.
  app.use('/api', (req, res, next) => (req.path === '/import' ? next() : jsonBody(req, res, next)));
  app.use(deps.auth.detect);

  app.param('id', (_req: Request, _res: Response, next: NextFunction, id: string) => next(ID_PATTERN.test(id) ? undefined : new NotFoundError('assessment')));
  app.param('token', (_req: Request, _res: Response, next: NextFunction, token: string) => next(TOKEN_PATTERN.test(token) ? undefined : new NotFoundError('link')));
  app.param('roundId', (_req: Request, _res: Response, next: NextFunction, value: string) => next(ID_PATTERN.test(value) ? undefined : new NotFoundError('round')));
  // The rounds API names an unknown organisation as a field of the request (422), as it does an unknown role.
  app.param('orgId', (req: Request, _res: Response, next: NextFunction, value: string) =>
    next(ID_PATTERN.test(value) ? undefined : wantsJson(req) ? new ValidationError([{ field: 'orgId', message: 'there is no organisation with this id' }]) : new NotFoundError('organisation')));
  app.post('/api/*rest', requireJson);

  app.get('/healthz', (_req, res) => void res.type('text/plain').send('ok'));
  // Liveness stays /healthz (the process answers); readiness asks the storage, for a load balancer.
  app.get('/readyz', async (_req, res) => {
    const state = config.readiness ? await config.readiness() : { ready: true as const };
    res.status(state.ready ? 200 : 503).type('text/plain').send(state.ready ? 'ready' : `not ready: ${state.reason}`);
  });
  app.get('/', pages.home);
  app.get('/assessments/new', pages.showForm);
  app.post('/assessments', limit.forms, pages.createFromForm);
  app.get('/assessments/:id', pages.showReport);
  app.get('/assessments/:id/edit', pages.showResume);
  app.get('/assessments/:id/edit/:step', pages.showResume);
  app.post('/assessments/:id', limit.forms, pages.updateFromForm);
  app.post('/assessments/:id/share-links', onlyConsultant, guard('createShareLink'), sharing.createLink);
  app.post('/assessments/:id/share-links/:token/revoke', onlyConsultant, guard('revokeShareLink'), sharing.revokeLink);
  // A share token opens either one report or one round's report; each handler passes on a token it does not know.
  app.get('/s/:token', rounds.showShared, sharing.showShared);
  app.get('/s/:token/report.pdf', rounds.sharedPdf);
  app.get('/s/:token/export.csv', sharing.requireActiveLink, api.exportCsv);
  app.get('/s/:token/export.json', sharing.requireActiveLink, api.exportJson);
  app.get('/s/:token/export.xlsx', sharing.requireActiveLink, exports.assessmentXlsx);
  app.get('/s/:token/export.pdf', sharing.requireActiveLink, limit.pdf, exports.assessmentPdf);
  app.get('/r/:token', rounds.startFromInvitation, pages.showInvitationForm);

  app.get('/consultant/sign-in', consultant.showSignIn);
  app.post('/consultant/sign-in', consultant.signIn);
  app.post('/consultant/sign-out', guard('signOut'), consultant.signOut);
  app.get('/consultant', onlyConsultant, dashboard.showDashboard);
  app.get('/consultant/assessments/:id/rescore', onlyConsultant, dashboard.showRescore);
  app.post('/consultant/organisations/:orgId/rounds', onlyConsultant, guard('round'), rounds.openRound);
  app.get('/consultant/rounds/:roundId', onlyConsultant, rounds.showRound);
  app.get('/consultant/rounds/:roundId/report', onlyConsultant, rounds.showReport);
  app.get('/consultant/rounds/:roundId/report.pdf', onlyConsultant, limit.pdf, rounds.reportPdf);
  app.post('/consultant/rounds/:roundId/share-links', onlyConsultant, guard('round'), rounds.createShare);
  app.post('/consultant/rounds/:roundId/share-links/:token/revoke', onlyConsultant, guard('round'), rounds.revokeShare);
  app.post('/consultant/rounds/:roundId/invitations', onlyConsultant, guard('round'), rounds.addInvitation);
  app.post('/consultant/rounds/:roundId/invitations/:token/revoke', onlyConsultant, guard('round'), rounds.revokeInvitation);
  app.post('/consultant/rounds/:roundId/close', onlyConsultant, guard('round'), rounds.closeRound);

  app.get('/api/rubrics', api.listRubrics);
  app.get('/api/rubrics/:rubricId', api.showRubric);
  app.post('/api/assessments', limit.api, api.createAssessment);
  app.get('/api/assessments/:id', api.showAssessment);
  app.get('/api/assessments/:id/export.json', api.exportJson);
  app.get('/api/assessments/:id/export.csv', api.exportCsv);
  app.get('/api/assessments/:id/export.xlsx', exports.assessmentXlsx);
  app.get('/api/assessments/:id/export.pdf', limit.pdf, exports.assessmentPdf);
  app.get('/api/assessments/:id/share-links', onlyConsultant, sharing.listLinksJson);
  app.get('/api/export.csv', onlyConsultant, exports.bulkCsv);
  app.get('/api/export.json', onlyConsultant, exports.bulkJson);
  app.get('/api/export.xlsx', onlyConsultant, exports.bulkXlsx);
  app.post('/api/import', onlyConsultant, express.json({ limit: IMPORT_BODY_LIMIT, strict: true }), exports.importJson);
  app.post('/api/organisations/:orgId/rounds', onlyConsultant, roundsApi.createRoundJson);
  app.post('/api/rounds/:roundId/invitations', onlyConsultant, roundsApi.createInvitationJson);
  app.get('/api/rounds/:roundId', onlyConsultant, roundsApi.showRoundJson);
  app.post('/api/rounds/:roundId/close', onlyConsultant, roundsApi.closeRoundJson);
  app.get('/api/rounds/:roundId/export.json', onlyConsultant, roundsApi.exportJson);
  app.get('/api/rounds/:roundId/export.csv', onlyConsultant, roundsApi.exportCsv);

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
