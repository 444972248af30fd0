/**
 * What a browser fetches besides the page: compressed text, static files it may
 * keep for a year under a fingerprinted address, a favicon that is not a 404,
 * and a description of the home page for search engines.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, ROOT } from '../helpers/app.ts';

const linked = (html: string, name: string) => new RegExp(`/static/${name.replace('.', '\\.')}\\?v=[\\w-]{12}`).exec(html)?.[0];

describe('text compression', () => {
  it('when a browser accepts gzip, then the form page comes compressed, and whole once unpacked', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).get('/assessments/new').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.text).toContain('</html>');
  });

  it('when a client does not accept compression, then the page comes as plain text', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).get('/assessments/new').set('Accept-Encoding', 'identity').expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});

describe('GET /static/*', () => {
  it('when a page links the style sheet, then its address carries a fingerprint, and that address may be cached for a year', async () => {
    const { app } = await buildTestApp();
    const page = await request(app).get('/').expect(200);
    const href = linked(page.text, 'app.css');
    expect(href).toBeDefined();
    const res = await request(app).get(href!).expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.text).toBe(await readFile(join(ROOT, 'public', 'app.css'), 'utf8'));
  });

  it('when the address has no fingerprint or an old one, then the file is served with a short lifetime', async () => {
    const { app } = await buildTestApp();
    for (const path of ['/static/app.css', '/static/app.css?v=oldoldoldold']) {
      const res = await request(app).get(path).expect(200);
      expect(res.headers['cache-control'], path).toBe('public, max-age=3600');
    }
  });

  it('when the form page is shown, then its script is linked by a fingerprinted address', async () => {
    const { app } = await buildTestApp();
    const page = await request(app).get('/assessments/new').expect(200);
    expect(linked(page.text, 'form.js')).toBeDefined();
  });
});

describe('favicon', () => {
  // A bitmap: Chromium decodes a page's icon on the page's main thread, and an SVG icon is a whole SVG document to build each time.
  it('when a page is shown, then it links a PNG icon that exists, and /favicon.ico is not a 404', async () => {
    const { app } = await buildTestApp();
    const page = await request(app).get('/').expect(200);
    const href = /<link rel="icon" href="([^"]+)" type="image\/png" sizes="32x32">/.exec(page.text)?.[1];
    expect(href).toMatch(/^\/static\/favicon\.png\?v=/);
    const icon = await request(app).get(href!).expect(200);
    expect(icon.headers['content-type']).toBe('image/png');
    await request(app).get('/favicon.ico').expect(204);
  });
});

describe('GET / for search engines', () => {
  it('when the home page is shown, then it has a meta description and may be indexed', async () => {
    const { app } = await buildTestApp();
    const res = await request(app).get('/').expect(200);
    expect(res.text).toMatch(/<meta name="description" content="[^"]{50,160}">/);
    expect(res.headers['x-robots-tag']).toBeUndefined();
  });
});
