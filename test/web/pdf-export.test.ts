/**
 * The report as PDF, made by Debian's Chromium. Like the browser tests, these
 * fail (rather than skip) when Chromium or pdftotext is missing: CI installs both.
 */
import { scaled } from '../helpers/timing.ts';
import { execFile } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { join } from 'node:path';
import { buildTestApp, CONSULTANT_KEY, ROOT } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { closePdfBrowsers, htmlToPdf, inlineStylesheets, PdfBusyError, renderQueue } from '../../src/web/pdf.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function pdfText(pdf: Buffer): Promise<string> {
  const child = execFile('pdftotext', ['-enc', 'UTF-8', '-', '-']);
  const out: string[] = [];
  child.stdout!.on('data', (c: string) => out.push(c));
  const done = new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pdftotext exited with ${code}`)))));
  child.stdin!.end(pdf);
  await done;
  return out.join('').replace(/\s+/g, ' ');
}

async function submitted(chromiumPath: string | null, name = 'Ivy Court Veterinary Surgery') {
  const built = await buildTestApp({ chromiumPath });
  const res = await request(built.app).post('/api/assessments').send({ organisation: { name, sector: 'healthcare' }, answers: SCENARIOS[3]!.answers, notes: { 'mandate-names-owner': 'The stand-in covers August.' } }).expect(201);
  return { ...built, id: res.body.id as string };
}

afterAll(closePdfBrowsers);

describe('GET /api/assessments/:id/export.pdf', () => {
  it('when Chromium is there, then the PDF of the report holds the organisation, the recommendation and the explanations, without the page chrome', { tags: ['process'] }, async () => {
    const { app, id, store, rubrics } = await submitted(CHROMIUM);
    const res = await request(app).get(`/api/assessments/${id}/export.pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename=ivy-court-veterinary-surgery-2026-11-25.pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    const code = (await store.get(id))!.result!.recommendation.code;
    const title = rubrics.defaultRubric().recommendations.find((r) => r.code === code)!.title;
    expect(text).toContain('Ivy Court Veterinary Surgery');
    expect(text).toContain(title);
    expect(text).toContain('Action plan');
    expect(text).toContain('The stand-in covers August.');
    expect(text).not.toContain('Download CSV');
    expect(text).not.toContain('Skip to the content');
  });

  it('when there is no Chromium, then 503 says to print the report from the browser', async () => {
    const { app, id } = await submitted(null);
    const res = await request(app).get(`/api/assessments/${id}/export.pdf`).expect(503);
    expect(res.body).toEqual({ error: expect.stringMatching(new RegExp(`no Chromium.*/assessments/${id}.*print it from your browser`)), printView: `/assessments/${id}` });
  });

  it('when Chromium cannot be started, then 503 with the same advice', { tags: ['process'] }, async () => {
    const { app, id } = await submitted('/nonexistent/chromium');
    const res = await request(app).get(`/api/assessments/${id}/export.pdf`).expect(503);
    expect(res.body.error).toMatch(/could not be started.*print it from your browser/);
    expect(res.body.printView).toBe(`/assessments/${id}`);
  });

  it('when the assessment is a draft or unknown, then 404', async () => {
    const { app } = await buildTestApp({ chromiumPath: null });
    const draft = await request(app).post('/api/assessments').send({ organisation: { name: 'Draft' }, answers: {}, status: 'draft' }).expect(201);
    await request(app).get(`/api/assessments/${draft.body.id}/export.pdf`).expect(404);
    await request(app).get('/api/assessments/AAAAAAAAAAAAAAAAAAAAAA/export.pdf').expect(404);
  });
});

describe('htmlToPdf', { tags: ['process'] }, () => {
  it('when a render takes longer than allowed, then it is cut off with a reason', async () => {
    await expect(htmlToPdf('<p>slow</p>', { chromiumPath: CHROMIUM, timeoutMs: 1 })).rejects.toThrow(/took longer than/);
  });

  it('when the page asks for anything over the network, then nothing is fetched and the PDF is still made', async () => {
    const pdf = await htmlToPdf('<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="http://127.0.0.1:9/x.css"><p>Offline page</p>', { chromiumPath: CHROMIUM });
    expect(await pdfText(pdf)).toContain('Offline page');
  });
});

describe('inlineStylesheets', () => {
  it('when a page links the app’s stylesheets, then their text is inlined with its media and other links stay', () => {
    const html = inlineStylesheets('<link rel="stylesheet" href="/static/app.css?v=abcdef123456">\n<link media="print" href="/static/print.css" rel="stylesheet">\n<link rel="icon" href="/static/x.png">', 'public');
    expect(html).toMatch(/^<style>\n[\s\S]*<\/style>\n<style media="print">\n[\s\S]*@page[\s\S]*<\/style>\n<link rel="icon" href="\/static\/x.png">$/);
  });

  it('when the real report page is inlined, then no stylesheet is left to fetch', async () => {
    const { app, id } = await submitted(null);
    const page = await request(app).get(`/assessments/${id}`).expect(200);
    expect(page.text).toMatch(/<link[^>]*stylesheet/);
    const html = inlineStylesheets(page.text, join(ROOT, 'public'));
    expect(html).not.toMatch(/<link[^>]*stylesheet/);
    expect(html).toContain('@page');
  });
});

// Issue 13, finding 15: the render queue grew without bound (12 PDFs at once: the last waited 18.7 s).
describe('the PDF render queue', () => {
  it('when more renders are asked for than may run and wait, then the extra ones are refused at once and the rest all finish in turn', async () => {
    const inTurn = renderQueue(2, 3);
    const gates: Array<() => void> = [];
    const started: number[] = [];
    const job = (n: number) => () => new Promise<number>((resolve) => {
      started.push(n);
      gates.push(() => resolve(n));
    });
    const results = Array.from({ length: 8 }, (_, n) => inTurn(job(n)).then((v) => ({ ok: v }), (err: unknown) => ({ err })));
    const refused = await Promise.all(results.slice(5));
    expect(refused.every((r) => 'err' in r && r.err instanceof PdfBusyError)).toBe(true);
    expect(started).toEqual([0, 1]);
    // Let each running render finish; the waiting ones take their turn, two at a time.
    while (gates.length) gates.shift()!();
    const firstTwo = await Promise.all(results.slice(0, 2));
    expect(firstTwo).toEqual([{ ok: 0 }, { ok: 1 }]);
    await expect.poll(() => started.length).toBe(4);
    while (gates.length) gates.shift()!();
    await expect.poll(() => started.length).toBe(5);
    gates.shift()!();
    expect(await Promise.all(results.slice(0, 5))).toEqual([0, 1, 2, 3, 4].map((ok) => ({ ok })));
    // Once the queue has room again, a new render is taken.
    const later = inTurn(async () => 'later');
    expect(await later).toBe('later');
  });
});

describe('GET /consultant/rounds/:roundId/report.pdf', () => {
  it('when Chromium is there, then the round report prints to a PDF with the organisation, the respondents and the plan, without the share panel', { tags: ['process'], timeout: scaled(60_000) }, async () => {
    const { app, id, store } = await submitted(CHROMIUM, 'Round Table Trust');
    const auth = { Authorization: `Bearer ${CONSULTANT_KEY}` };
    const orgId = (await store.get(id))!.organisationId;
    const round = await request(app).post(`/api/organisations/${orgId}/rounds`).set(auth).send({ roles: ['leadership'] }).expect(201);
    for (let i = 0; i < 3; i++) await request(app).post('/api/assessments').send({ invitation: round.body.invitations[0].token, answers: SCENARIOS[3]!.answers }).expect(201);
    const res = await request(app).get(`/consultant/rounds/${round.body.id}/report.pdf`).set(auth).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain('Round Table Trust');
    expect(text).toContain('Action plan');
    expect(text).toContain('3 (Leaders 3)');
    expect(text).not.toContain('Make a share link');
    expect(text).not.toContain('Download PDF');
  });
});
