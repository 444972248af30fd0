/**
 * The public report page is kept rendered for a minute (web/page-cache.ts):
 * what a browser gets must not depend on whether the page was kept, on
 * whether the browser takes gzip, or leave a cookie behind on a page with no form.
 */
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { hiddenField, startDraft } from './form-agent.ts';
import { CONSULTANT_KEY } from '../helpers/app.ts';

async function submitted() {
  const { app, services } = await buildTestApp({ now: () => new Date('2026-11-25T10:00:00Z') });
  const id = (await request(app).post('/api/assessments').send({ organisation: { name: 'Bytes & Co' }, answers: SCENARIOS[1]!.answers }).expect(201)).body.id as string;
  return { app, id, services };
}

/** The response as its bytes came over the wire (supertest and fetch unzip by themselves). */
async function rawGet(app: Awaited<ReturnType<typeof submitted>>['app'], path: string, acceptEncoding: string, more: Record<string, string> = {}, method = 'GET') {
  const server = app.listen(0);
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, method, headers: { 'accept-encoding': acceptEncoding, ...more } }, (res) => {
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

  it('when the page is sent in its pieces, then its length is declared, HEAD gets the headers alone, and a browser that takes only brotli gets brotli', async () => {
    const { app, id } = await submitted();
    const paths = [`/assessments/${id}`, '/assessments/new'];
    for (const path of paths) {
      for (const encoding of ['identity', 'gzip']) {
        const got = await rawGet(app, path, encoding);
        expect(got.status).toBe(200);
        expect(Number(got.headers['content-length'])).toBe(got.body.length);
        const head = await rawGet(app, path, encoding, {}, 'HEAD');
        expect(head.status).toBe(200);
        expect(head.body.length).toBe(0);
        expect(head.headers['content-type']).toBe(got.headers['content-type']);
        expect(head.headers['content-encoding']).toBe(got.headers['content-encoding']);
        // The blank form carries a token of its own per request, so only the report's lengths must agree.
        if (path === paths[0]) expect(head.headers['content-length']).toBe(got.headers['content-length']);
      }
      const brotli = await rawGet(app, path, 'br');
      expect(brotli.headers['content-encoding']).toBe('br');
      const html = brotliDecompressSync(brotli.body).toString('utf8');
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html.trimEnd()).toMatch(/<\/html>$/);
    }
  });

  it('when a script asks for JSON or a page is rendered per request, then the compression middleware still gzips it (only the kept pages encode themselves)', async () => {
    const { app, id } = await submitted();
    const json = await rawGet(app, `/api/assessments/${id}`, 'gzip');
    expect(json.status).toBe(200);
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(json.body).toString('utf8')).id).toBe(id);
    const home = await rawGet(app, '/', 'gzip');
    expect(home.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(home.body).toString('utf8')).toMatch(/^<!doctype html>/i);
    const plain = await rawGet(app, `/api/assessments/${id}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString('utf8')).id).toBe(id);
  });

  it('when several readers open a report at the same moment, then it is rendered once and each gets the same page', async () => {
    const { app, id, services } = await submitted();
    // Each request reads the assessment first; a render then reads the organisation's history, which nothing else
    // does. The history waits until all eight requests have arrived, so that their renders would overlap.
    const readers = 8;
    const { get, history } = services.assessments;
    let reads = 0;
    let arrived!: () => void;
    const allArrived = new Promise<void>((resolve) => (arrived = resolve));
    services.assessments.get = (assessmentId) => {
      if (++reads >= readers) arrived();
      return get.call(services.assessments, assessmentId);
    };
    let renders = 0;
    services.assessments.history = async (orgId) => {
      renders++;
      await allArrived;
      return history.call(services.assessments, orgId);
    };
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const pages = await Promise.all(Array.from({ length: readers }, () => fetch(`http://127.0.0.1:${port}/assessments/${id}`).then(async (r) => ({ status: r.status, html: await r.text() }))));
      expect(pages.map((p) => p.status)).toEqual(Array(readers).fill(200));
      expect(new Set(pages.map((p) => p.html)).size).toBe(1);
      expect(pages[0]!.html).toContain('Bytes &amp; Co');
      expect(renders).toBe(1);
    } finally {
      server.close();
    }
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

describe('pages with a CSRF token (gzipped once, the token spliced in per request)', () => {
  it('when a browser takes gzip, then the blank form arrives gzipped with its own token and nonce, and that token saves the draft', async () => {
    const { app } = await submitted();
    const plain = await rawGet(app, '/assessments/new', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const pages = [];
    for (let i = 0; i < 2; i++) {
      const zipped = await rawGet(app, '/assessments/new', 'gzip, deflate, br');
      expect(zipped.status).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
      expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
      pages.push({ html: gunzipSync(zipped.body).toString('utf8'), cookies: zipped.headers['set-cookie'] ?? [] });
    }
    const [first, second] = pages as [(typeof pages)[0], (typeof pages)[0]];
    // The same page but for what each request is given.
    const blanked = (html: string) => html.replace(/name="(_csrf|nonce)" value="[^"]*"/g, 'name="$1" value=""');
    expect(blanked(first.html)).toBe(blanked(plain.body.toString('utf8')));
    expect(hiddenField(first.html, '_csrf')).not.toBe(hiddenField(second.html, '_csrf'));
    expect(hiddenField(first.html, 'nonce')).not.toBe(hiddenField(second.html, 'nonce'));

    const saved = await request(app)
      .post('/assessments')
      .set('Cookie', first.cookies.map((c) => c.split(';')[0]!).join('; '))
      .type('form')
      .send({ _csrf: hiddenField(first.html, '_csrf'), nonce: hiddenField(first.html, 'nonce'), step: 'organisation', organisationName: 'Gzip Bakery', intent: 'next' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toMatch(/^\/assessments\/[\w-]{22}\/edit\//);
  });

  it("when the consultant's browser takes gzip, then the report and the dashboard arrive gzipped, each with its own token", async () => {
    const { app, id } = await submitted();
    const auth = { authorization: `Bearer ${CONSULTANT_KEY}` };
    for (const path of [`/assessments/${id}`, '/consultant']) {
      const plain = (await rawGet(app, path, 'identity', auth)).body.toString('utf8');
      const [a, b] = [await rawGet(app, path, 'gzip', auth), await rawGet(app, path, 'gzip', auth)];
      for (const zipped of [a, b]) {
        expect(zipped.status).toBe(200);
        expect(zipped.headers['content-encoding']).toBe('gzip');
      }
      const [htmlA, htmlB] = [gunzipSync(a.body).toString('utf8'), gunzipSync(b.body).toString('utf8')];
      expect(htmlA).toContain('Bytes &amp; Co');
      const token = hiddenField(htmlA, '_csrf');
      expect(token).not.toBe(hiddenField(htmlB, '_csrf'));
      // Every form on the page carries the same token, and nothing else differs from the plain page.
      expect(htmlA.split(token).length - 1).toBe(htmlA.split('name="_csrf"').length - 1);
      expect(htmlA.replaceAll(token, 'T')).toBe(plain.replaceAll(hiddenField(plain, '_csrf'), 'T'));
    }
  });
});
