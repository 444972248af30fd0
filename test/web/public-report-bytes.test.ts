/**
 * The public report page is kept rendered for a minute (web/page-cache.ts):
 * what a browser gets must not depend on whether the page was kept, on
 * whether the browser takes gzip, or leave a cookie behind on a page with no form.
 */
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { startDraft } from './form-agent.ts';

async function submitted() {
  const { app } = await buildTestApp({ now: () => new Date('2026-11-25T10:00:00Z') });
  const id = (await request(app).post('/api/assessments').send({ organisation: { name: 'Bytes & Co' }, answers: SCENARIOS[1]!.answers }).expect(201)).body.id as string;
  return { app, id };
}

/** The response as its bytes came over the wire (supertest and fetch unzip by themselves). */
async function rawGet(app: Awaited<ReturnType<typeof submitted>>['app'], path: string, acceptEncoding: string) {
  const server = app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('GET /assessments/:id (the public report, kept)', () => {
  it('when a browser takes gzip, then it gets the same page gzipped, the first time and from the kept copy', async () => {
    const { app, id } = await submitted();
    const plain = await rawGet(app, `/assessments/${id}`, 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const html = plain.body.toString('utf8');
    expect(html).toContain('Bytes &amp; Co');

    for (let i = 0; i < 2; i++) {
      const zipped = await rawGet(app, `/assessments/${id}`, 'gzip, deflate, br');
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
      expect(gunzipSync(zipped.body).toString('utf8')).toBe(html);
    }
    // A browser that refuses gzip still gets the page as it is.
    const refused = await rawGet(app, `/assessments/${id}`, 'gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString('utf8')).toBe(html);
  });

  it('when it is read, then it sets no cookie and no ETag; a page with a form still gives the browser its id and a working token', async () => {
    const { app, id } = await submitted();
    const report = await request(app).get(`/assessments/${id}`).expect(200);
    expect(report.headers['set-cookie']).toBeUndefined();
    expect(report.headers.etag).toBeUndefined();
    expect((await request(app).get('/healthz').expect(200)).headers['set-cookie']).toBeUndefined();

    // A page with a form gives the browser its id, and the token on it is bound to that id: the draft is saved.
    const { agent, id: draft } = await startDraft(app, { organisationName: 'Cookie Ltd' });
    expect((await agent.get(`/assessments/${draft}/edit/organisation`).expect(200)).text).toContain('Cookie Ltd');
  });
});
