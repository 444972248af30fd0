/**
 * The server `npm start` listens with (web/http-server.ts) makes requests and
 * responses with the app's prototypes from the start. The whole app must work
 * on it as on `app.listen`: routes, bodies, Express's helpers, errors.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import express from 'express';
import { httpServerFor } from '../../src/web/http-server.ts';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('httpServerFor (the server npm start listens with)', () => {
  it('when a client submits, reads the report and sends bad input, then the app answers as it does on app.listen', async () => {
    const { app } = await buildTestApp();
    const origin = await listening(httpServerFor(app));

    const created = await fetch(`${origin}/api/assessments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organisation: { name: 'Prototype Ltd' }, answers: SCENARIOS[1]!.answers }) });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; url: string; result: { recommendation: { code: string } } };
    expect(created.headers.get('location')).toBe(`/api/assessments/${body.id}`);
    expect(body.result.recommendation.code).toBeTruthy();

    const report = await fetch(`${origin}${body.url}`);
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('Prototype Ltd');

    const bad = await fetch(`${origin}/api/assessments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organisation: { name: '' }, answers: {} }) });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('organisation.name');

    expect((await fetch(`${origin}/assessments/nothing-here`)).status).toBe(404);
  });

  it('when a request arrives, then it already has the app prototypes, so Express has nothing to change', async () => {
    const app = express();
    const seen: unknown[] = [];
    app.get('/probe', (req, res) => {
      seen.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response, req instanceof http.IncomingMessage, req.get('x-probe'));
      res.json({ query: req.query.q });
    });
    // A second server for the same app shares the first one's classes (no deeper prototype chain per call).
    const first = httpServerFor(app);
    const chain = Object.getPrototypeOf(app.request) as object;
    const server = httpServerFor(app);
    expect(Object.getPrototypeOf(app.request)).toBe(chain);
    first.close();
    // Before Express sees the request: it was made with the app's prototype, not given it afterwards.
    const born: boolean[] = [];
    server.prependListener('request', (req, res) => born.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response));
    const origin = await listening(server);

    const res = await fetch(`${origin}/probe?q=yes`, { headers: { 'x-probe': 'on' } });
    expect(await res.json()).toEqual({ query: 'yes' });
    expect(born).toEqual([true, true]);
    expect(seen).toEqual([true, true, true, 'on']);
  });
});
