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
import { SCENARIOS, WELL_PREPARED } from '../fixtures/answer-sets.ts';
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

async function submitted(chromiumPath: string | null, name = 'Ivy Court Veterinary Surgery', answers = SCENARIOS[3]!.answers, options: Parameters<typeof buildTestApp>[0] = {}) {
  const built = await buildTestApp({ chromiumPath, ...options });
  const res = await request(built.app).post('/api/assessments').send({ organisation: { name, sector: 'healthcare', size: '10-49' }, answers, notes: { 'mandate-names-owner': 'The stand-in covers August.' } }).expect(201);
  return { ...built, id: res.body.id as string };
}

async function run(command: string, args: string[], input: Buffer): Promise<string> {
  const child = execFile(command, args, { maxBuffer: 16 * 1024 * 1024 });
  const out: string[] = [];
  child.stdout!.on('data', (c: string) => out.push(c));
  const done = new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)))));
  child.stdin!.end(input);
  await done;
  return out.join('');
}

interface PdfPage {
  width: number;
  height: number;
  /** How far down the page its lowest word ends, 0-1. */
  filled: number;
}

/** Each page's size (in points) and how far down its text reaches, from pdftotext's word boxes. */
async function pdfPages(pdf: Buffer): Promise<PdfPage[]> {
  const html = await run('pdftotext', ['-bbox', '-', '-'], pdf);
  return html.split(/<page /).slice(1).map((page) => {
    const width = Number(/width="([\d.]+)"/.exec(page)![1]);
    const height = Number(/height="([\d.]+)"/.exec(page)![1]);
    const bottoms = [...page.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    return { width, height, filled: Math.max(0, ...bottoms) / height };
  });
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

  it.each([
    ['a well-prepared organisation', WELL_PREPARED],
    ['the longest verdict (leaders to educate first: most reasons and red flags)', SCENARIOS.find((s) => s.code === 'educate-leadership-first')!.answers],
  ])('when the report of %s is made a PDF, then it is at most 3 A4 pages, none half empty, with absolute dates only', { tags: ['process'], timeout: scaled(60_000) }, async (_name, answers) => {
    const { app, id } = await submitted(CHROMIUM, 'Ivy Court Veterinary Surgery', answers);
    const pdf = (await request(app).get(`/api/assessments/${id}/export.pdf`).buffer(true).parse(binary).expect(200)).body as Buffer;
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.length).toBeLessThanOrEqual(3);
    // A4 is 210 x 297 mm: 595 x 842 points (Chromium rounds to whole pixels, 596 x 843).
    for (const p of pages) {
      expect(Math.abs(p.width - 595)).toBeLessThan(2);
      expect(Math.abs(p.height - 842)).toBeLessThan(2);
    }
    // Every page but the last is filled to its bottom margin: nothing forces a break that leaves a page half empty.
    for (const p of pages.slice(0, -1)) expect(p.filled).toBeGreaterThan(0.8);
    const text = await pdfText(pdf);
    // The report was submitted at the test's fixed now: on screen "less than a minute ago"; on paper the date.
    expect(text).toContain('25 November 2026');
    expect(text).not.toMatch(/\bago\b|\bin \d+ days\b|\bin about\b|\bin \d+ months\b/);
    expect(text).toContain('The stand-in covers August.');
  });

  it('when the same report’s PDF is asked for again, then the kept PDF is sent without another render; another reader’s address gets its own', async () => {
    let renders = 0;
    const renderPdf = async (html: string) => {
      renders++;
      return Buffer.from(`%PDF-fake ${renders} ${html.length}`);
    };
    const { app, id, services } = await submitted('/fake/chromium', 'Cached Co', WELL_PREPARED, { renderPdf });
    const first = await request(app).get(`/api/assessments/${id}/export.pdf`).buffer(true).parse(binary).expect(200);
    const second = await request(app).get(`/api/assessments/${id}/export.pdf`).buffer(true).parse(binary).expect(200);
    expect(renders).toBe(1);
    expect((second.body as Buffer).equals(first.body as Buffer)).toBe(true);
    expect(second.headers['content-disposition']).toBe(first.headers['content-disposition']);
    // A share link's PDF prints that link's own address: never the respondent's copy, never another link's.
    const link = await services.sharing.create(id, {});
    const shared = await request(app).get(`/s/${link.token}/export.pdf`).buffer(true).parse(binary).expect(200);
    expect(renders).toBe(2);
    expect((shared.body as Buffer).equals(first.body as Buffer)).toBe(false);
    await request(app).get(`/s/${link.token}/export.pdf`).expect(200);
    expect(renders).toBe(2);
  });

  it('when a render fails, then nothing is kept and the next request renders again', async () => {
    let renders = 0;
    const renderPdf = async () => {
      renders++;
      if (renders === 1) throw new PdfBusyError();
      return Buffer.from('%PDF-fake');
    };
    const { app, id } = await submitted('/fake/chromium', 'Busy Co', WELL_PREPARED, { renderPdf });
    await request(app).get(`/api/assessments/${id}/export.pdf`).expect(503);
    await request(app).get(`/api/assessments/${id}/export.pdf`).expect(200);
    expect(renders).toBe(2);
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
