/**
 * Throws 10,000 generated bodies at the form and API routes of a running app:
 * never a 5xx, never a crash, and every record stored fits the schema (the
 * store is reopened at the end, which checks every file).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { buildTestApp, shippedRubrics } from '../helpers/app.ts';
import { scaled } from '../helpers/timing.ts';

const RUNS_PER_ROUTE = 2_500;
const rubric = (await shippedRubrics()).defaultRubric();
const questionIds = rubric.questions.map((q) => q.id);
const optionValues = rubric.questions.flatMap((q) => q.options.map((o) => o.value));

const nasty = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', ' ', '<script>alert(1)</script>', '=cmd|x', '\u0000', '\uFFFF', '😀', 'null', 'undefined', '[]', '{}'),
  // Issue 13: names of nothing visible, and lengths that differ in UTF-16 units and characters.
  fc.constantFrom('\u200B\u200C\u200D', '\u2060\uFEFF\u200E', '😀'.repeat(150), '😀'.repeat(201), 'a\u0301'.repeat(120)),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('x'.repeat(201), 'y'.repeat(2_001), 'z'.repeat(50_000)),
);
const key = fc.oneof(fc.constantFrom(...questionIds), nasty);
const value = fc.oneof(fc.constantFrom(...optionValues), nasty, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));

const apiBody = fc.oneof(
  fc.record(
    {
      rubricId: fc.oneof(fc.constant('social-ownership'), nasty, fc.integer()),
      rubricVersion: fc.oneof(fc.constant('1.0.0'), nasty),
      organisation: fc.oneof(fc.record({ name: fc.oneof(nasty, fc.constant('Fuzz Ltd')), sector: fc.oneof(fc.constant('retail'), nasty), size: fc.oneof(fc.constant('1-9'), value) }, { requiredKeys: [] }), value),
      respondent: fc.oneof(fc.record({ role: value }, { requiredKeys: [] }), value),
      answers: fc.oneof(fc.dictionary(key, value, { maxKeys: 40 }), fc.constant(Object.fromEntries(rubric.questions.map((q) => [q.id, q.options[0]!.value]))), value),
      notes: fc.oneof(fc.dictionary(key, value, { maxKeys: 5 }), value),
      status: fc.oneof(fc.constantFrom('draft', 'submitted'), value),
      nonce: fc.oneof(fc.string({ minLength: 8, maxLength: 20 }), value),
      [`__proto__`]: value,
      extra: value,
    },
    { requiredKeys: [] },
  ).map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
);

const formField = fc.oneof(
  fc.constantFrom('organisationName', 'sector', 'size', 'role', 'intent', 'nonce', 'rubric', 'organisationId', ...questionIds.map((q) => `answer-${q}`), ...questionIds.map((q) => `note-${q}`)),
  nasty,
);
const formValue = fc.oneof(fc.constantFrom('submit', 'draft', 'social-ownership@1.0.0', 'Fuzz Form Ltd', ...optionValues), nasty);
const formBody = fc.array(fc.tuple(formField, formValue), { maxLength: 80 });

describe('bad input never breaks the app', () => {
  it(`when ${RUNS_PER_ROUTE * 4} generated bodies hit the form and API routes, then no 5xx, no crash, and every stored record fits the schema`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sao-fuzz-'));
    const { app } = await buildTestApp({ store: await openLowdbStore(dir), rateLimits: 'off' });
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);

    // A real browser session: cookies and a CSRF token from the form page.
    const page = await fetch(`${base}/assessments/new`);
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const draft = await fetch(`${base}/api/assessments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organisation: { name: 'Draft to update' }, status: 'draft' }) });
    const draftId = ((await draft.json()) as { id: string }).id;

    try {
      await fc.assert(
        fc.asyncProperty(apiBody, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded'), async (body, type) => {
          const res = await fetch(`${base}/api/assessments`, { method: 'POST', headers: { 'content-type': type }, body });
          count(res.status);
          await res.arrayBuffer();
          expect(res.status, body.slice(0, 200)).toBeLessThan(500);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      // Bytes that are not UTF-8.
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
          const res = await fetch(`${base}/api/assessments`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: bytes });
          count(res.status);
          await res.arrayBuffer();
          expect(res.status).toBeLessThan(500);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      for (const path of ['/assessments', `/assessments/${draftId}`]) {
        await fc.assert(
          fc.asyncProperty(formBody, fc.boolean(), async (fields, withToken) => {
            const params = new URLSearchParams(fields);
            if (withToken) params.append('_csrf', token);
            const res = await fetch(`${base}${path}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: params.toString() });
            count(res.status);
            const text = await res.text();
            expect(res.status, params.toString().slice(0, 200)).toBeLessThan(500);
            expect(text).not.toMatch(/<script>alert/);
          }),
          { numRuns: RUNS_PER_ROUTE },
        );
      }
    } finally {
      server.close();
    }
    const reopened = await openLowdbStore(dir); // reads and schema-checks every file
    const stored = await reopened.list();
    console.log(`fuzz: ${RUNS_PER_ROUTE * 4} bodies; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${stored.length} records stored, all valid`);
    expect(stored.length).toBeGreaterThan(1);
  }, scaled(RUNS_PER_ROUTE * 4 * 100)); // a bound against a hang only: 100 ms a body, about four times what a busy 2-core machine takes
});

/** Issue 13: keys, session cookies and share tokens an outsider might try. */
const KEY_RUNS = 400;
describe('guessed keys, cookies and tokens open nothing', () => {
  it(`when ${KEY_RUNS * 3} generated keys, session cookies and share-link paths are tried, then nothing private opens, no 5xx, and shared pages never print the report's id`, async () => {
    const { app, store } = await buildTestApp({ rateLimits: { submit: 1_000, signIn: 50, windowMinutes: 15 } });
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const created = await fetch(`${base}/api/assessments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organisation: { name: 'Fuzz Target' }, answers: Object.fromEntries(rubric.questions.map((q) => [q.id, q.options[0]!.value])) }) });
    const id = ((await created.json()) as { id: string }).id;
    const { newShareLink } = await import('../../src/core/sharing/share-link.ts');
    const token = 'T'.repeat(43);
    await store.addShareLink(newShareLink({ token, assessmentId: id, now: new Date('2026-11-25T09:00:00Z') }));
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    const privatePaths = fc.constantFrom('/consultant', '/api/export.json', '/api/export.csv', `/api/assessments/${id}/share-links`);
    try {
      await fc.assert(
        fc.asyncProperty(privatePaths, fc.oneof(fc.string({ maxLength: 80 }), fc.base64String({ maxLength: 64 }), fc.constant('')), async (path, key) => {
          const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key.replace(/[\r\n]/g, '')}` } });
          count(res.status);
          await res.arrayBuffer();
          expect([401, 429], `${path} ${key}`).toContain(res.status);
        }),
        { numRuns: KEY_RUNS },
      );
      const cookiePart = fc.oneof(fc.stringMatching(/^\d{1,16}$/), fc.base64String({ maxLength: 50 }), fc.string({ maxLength: 20 }));
      await fc.assert(
        fc.asyncProperty(privatePaths, fc.array(cookiePart, { minLength: 1, maxLength: 4 }), async (path, parts) => {
          const cookie = encodeURIComponent(parts.join('.'));
          const res = await fetch(`${base}${path}`, { headers: { cookie: `sao.consultant=${cookie}` } });
          count(res.status);
          await res.arrayBuffer();
          expect(res.status, `${path} ${cookie}`).toBe(401);
        }),
        { numRuns: KEY_RUNS },
      );
      const tokenPath = fc.tuple(fc.oneof(fc.constant(token), fc.stringMatching(/^[A-Za-z0-9_-]{30,70}$/), fc.string({ maxLength: 50 })), fc.constantFrom('', '/export.csv', '/export.json', '/export.xlsx', '/export.pdf', '/export.txt', '/../export.csv'));
      await fc.assert(
        fc.asyncProperty(tokenPath, async ([t, tail]) => {
          const res = await fetch(`${base}/s/${encodeURIComponent(t)}${tail}`, { redirect: 'manual' });
          count(res.status);
          const body = Buffer.from(await res.arrayBuffer()).toString('latin1');
          // No Chromium in this app: the real link's PDF answers 503 and points to the print view; nothing else may fail.
          if (res.status >= 500) expect([t === token && tail === '/export.pdf' ? 503 : 0], `${t}${tail}`).toContain(res.status);
          if (t !== token) expect(res.status, `${t}${tail}`).not.toBe(200);
          expect(body).not.toContain(id);
        }),
        { numRuns: KEY_RUNS },
      );
    } finally {
      server.close();
    }
    console.log(`keys fuzz: ${KEY_RUNS * 3} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  }, scaled(300_000));
});
