/**
 * One place that maps domain errors and body-parser errors to statuses, and
 * renders them as a page or as JSON. No stack trace or path ever leaves here.
 */
import type { ErrorRequestHandler, Request } from 'express';
import { ConflictError, GoneError, NotFoundError, StorageUnavailableError, ValidationError } from '../core/errors.ts';
import { BODY_LIMIT } from './limits.ts';
import { TooManyKeyAttemptsError } from './consultant-auth.ts';

/** A 422 lists at most this many fields, each message at most MAX_MESSAGE characters: a huge bad body gets a small answer. */
export const MAX_DETAILS = 50;
const MAX_MESSAGE = 300;

export const wantsJson = (req: Request): boolean => req.path.startsWith('/api/') || req.path === '/api';

interface Mapped {
  status: number;
  title: string;
  message: string;
  details?: Array<{ field: string; message: string }>;
  retryAfter?: number;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function capped(details: ReadonlyArray<{ field: string; message: string }>) {
  const shown = details.slice(0, MAX_DETAILS).map((d) => ({ field: clip(d.field, 120), message: clip(d.message, MAX_MESSAGE) }));
  const more = details.length - shown.length;
  return more > 0 ? [...shown, { field: '(more)', message: `${more} more field${more > 1 ? 's' : ''} need attention; fix these and send again to see them` }] : shown;
}

function mapError(err: unknown): Mapped {
  if (err instanceof ValidationError) return { status: 422, title: 'Some answers need attention', message: 'the request has invalid fields', details: capped(err.details) };
  if (err instanceof TooManyKeyAttemptsError) {
    const minutes = Math.ceil(err.retryAfterSeconds / 60);
    return { status: 429, title: 'Too many attempts', message: `too many wrong consultant keys from this address; try again in ${minutes} minute${minutes > 1 ? 's' : ''}`, retryAfter: err.retryAfterSeconds };
  }
  // The same words whether the id is malformed, unknown or someone else's.
  if (err instanceof NotFoundError) return { status: 404, title: 'Not found', message: `there is no ${err.what} at this address; check the link you were given` };
  if (err instanceof StorageUnavailableError) return { status: 503, title: 'Not saved', message: 'the server could not save this just now (its storage is full or not writable); nothing was saved, and what was saved before is intact. Try again later' };
  if (err instanceof ConflictError) return { status: 409, title: 'Already submitted', message: err.message };
  if (err instanceof GoneError) return { status: 410, title: 'This link no longer works', message: err.message };
  const e = err as { type?: string; status?: number; statusCode?: number };
  if (e.type === 'entity.too.large') {
    const limit = typeof (e as { limit?: unknown }).limit === 'number' ? `${Math.round((e as { limit: number }).limit / 1024)}kb` : BODY_LIMIT;
    return { status: 413, title: 'Too large', message: `the request body is larger than the limit of ${limit}` };
  }
  if (e.type === 'entity.parse.failed') return { status: 400, title: 'Bad request', message: 'the request body is not valid JSON' };
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') return { status: 415, title: 'Unsupported encoding', message: 'send the body as UTF-8' };
  if (e.type === 'parameters.too.many') return { status: 413, title: 'Too many fields', message: 'the form has too many fields' };
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, title: 'Bad request', message: 'the request could not be understood' };
  return { status: 500, title: 'Something went wrong', message: 'something went wrong on our side; nothing you sent was stored' };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const mapped = mapError(err);
  // Logs carry the route and the error, never a request body (answers describe people).
  if (mapped.status >= 500) console.error(`[error] ${req.method} ${req.route?.path ?? req.path}: ${(err as Error)?.stack ?? String(err)}`);
  res.status(mapped.status);
  if (mapped.retryAfter) res.set('Retry-After', String(mapped.retryAfter));
  if (wantsJson(req)) {
    res.json({ error: mapped.message, ...(mapped.details ? { details: mapped.details } : {}) });
  } else {
    res.render('error', { title: mapped.title, status: mapped.status, message: capitalise(mapped.message), details: mapped.details });
  }
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1) + (s.endsWith('.') ? '' : '.');
