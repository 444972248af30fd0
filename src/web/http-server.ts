/**
 * The HTTP server an Express app is served by. Node makes each request and
 * response with classes the server is given; Express then gives each one its
 * app's prototype with `Object.setPrototypeOf(req, app.request)` (and `res`).
 * Changing an object's prototype after it was made is slow in V8, and it also
 * kept every request's objects alive across young-generation collections: about
 * 28% of the young generation survived each one under load, so each collection
 * took 10-15 ms instead of 0.3 ms and promoted every request's garbage to the
 * old generation (measured in docs/performance.md; expressjs/express#5998).
 *
 * Here the server makes requests and responses from subclasses whose prototypes
 * are the app's, so they are born with it and Express's change is a no-op.
 * Behaviour is Express's own: the same methods and properties, in the same chain.
 */
import http, { type Server } from 'node:http';
import type { Express } from 'express';

type Classes = http.ServerOptions<typeof http.IncomingMessage, typeof http.ServerResponse<http.IncomingMessage>>;
const made = new WeakMap<Express, Classes>();

/** Makes `app.request` and `app.response` the prototypes of classes Node can construct (once per app). */
function classesFor(app: Express): Classes {
  const known = made.get(app);
  if (known) return known;
  class AppRequest extends http.IncomingMessage {}
  class AppResponse extends http.ServerResponse<http.IncomingMessage> {}
  // The app's own prototypes stay in the chain, below the classes': req.app, req.get(), res.json() ... as before.
  Object.setPrototypeOf(AppRequest.prototype, app.request);
  Object.setPrototypeOf(AppResponse.prototype, app.response);
  app.request = AppRequest.prototype as unknown as Express['request'];
  app.response = AppResponse.prototype as unknown as Express['response'];
  const classes: Classes = { IncomingMessage: AppRequest, ServerResponse: AppResponse };
  made.set(app, classes);
  return classes;
}

/** An HTTP server for `app` (not listening yet), as `app.listen` would make, minus the per-request prototype change. */
export function httpServerFor(app: Express): Server {
  return http.createServer(classesFor(app), app);
}
