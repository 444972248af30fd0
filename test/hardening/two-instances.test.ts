/**
 * Two servers on one PostgreSQL database, as behind a load balancer: a browser
 * may reach either, and both tell the same truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type StartedServer } from '../helpers/start-server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { CONSULTANT_KEY } from '../helpers/app.ts';
import { completeForm, hiddenField } from '../web/form-agent.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { scaled } from '../helpers/timing.ts';

let testDb: TestDatabase;
let a: StartedServer;
let b: StartedServer;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const env = { DATABASE_URL: testDb.url, CONSULTANT_TOKEN: CONSULTANT_KEY, RATE_LIMIT: 'off' };
  // Both start at once: the schema is made once, the key and secrets once.
  [a, b] = await Promise.all([startServer(await mkdtemp(join(tmpdir(), 'sao-a-')), env), startServer(await mkdtemp(join(tmpdir(), 'sao-b-')), env)]);
  if (!a.ready || !b.ready) throw new Error(`a server did not start:\n${a.out}\n${b.out}`);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  // What a server logged as its own error (a 500), to read when a test above failed.
  for (const s of [a, b]) if (s?.out.includes('[error]')) console.error(s.out.slice(s.out.indexOf('[error]'), s.out.indexOf('[error]') + 2000));
  await testDb?.drop();
});

/** A browser's cookie jar over fetch, across both origins (one site behind a balancer). */
function browser() {
  const jar = new Map<string, string>();
  return async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  };
}
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const bearer = { authorization: `Bearer ${CONSULTANT_KEY}` };

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + scaled(10_000);
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two instances on one PostgreSQL database', () => {
  it('when a form opened on A is sent to B and the consultant signs in on A, then B stores it, shows it on the dashboard to that session and exports it', { tags: ['process'] }, async () => {
    const visit = browser();
    const page = await (await visit(`${a.origin}/assessments/new`)).text();
    const sent = await visit(`${b.origin}/assessments`, form({ _csrf: hiddenField(page, '_csrf'), nonce: hiddenField(page, 'nonce'), ...completeForm('Balanced Bakery Ltd'), intent: 'submit' }));
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toMatch(/^\/assessments\/[\w-]{22}$/);

    const consultant = browser();
    const signIn = await (await consultant(`${a.origin}/consultant/sign-in`)).text();
    expect((await consultant(`${a.origin}/consultant/sign-in`, form({ _csrf: hiddenField(signIn, '_csrf'), key: CONSULTANT_KEY }))).status).toBe(303);
    const dashboard = await consultant(`${b.origin}/consultant`);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('Balanced Bakery Ltd');
    const exported = await consultant(`${b.origin}/api/export.json`);
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain('Balanced Bakery Ltd');
  });

  it('when B has shown its dashboard and A then takes a submission, then B\'s dashboard shows it (its cache is dropped)', { tags: ['process'] }, async () => {
    const seen = async () => (await (await fetch(`${b.origin}/consultant`, { headers: bearer })).text()).includes('Late Arrival Ltd');
    expect(await seen()).toBe(false);
    const made = await fetch(`${a.origin}/api/assessments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ organisation: { name: 'Late Arrival Ltd' }, answers: SCENARIOS[0]!.answers }) });
    expect(made.status).toBe(201);
    await until(seen, "B's dashboard to list A's submission");
  });

  it('when 200 submissions arrive at once split over both instances, then each is stored exactly once', { tags: ['process'] }, async () => {
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${i % 2 ? a.origin : b.origin}/api/assessments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ organisation: { name: `Split Client ${i}` }, answers: SCENARIOS[i % SCENARIOS.length]!.answers }),
        }).then(async (r) => ({ ...((await r.json()) as { id: string; error?: string }), status: r.status })),
      ),
    );
    expect(responses.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.error}`)).toEqual([]);
    const exported = (await (await fetch(`${a.origin}/api/export.json`, { headers: bearer })).json()) as { assessments: Array<{ id: string; organisation: { name: string } }> };
    const split = exported.assessments.filter((x) => x.organisation.name.startsWith('Split Client '));
    expect(split).toHaveLength(200);
    expect(new Set(split.map((x) => x.id))).toEqual(new Set(responses.map((r) => r.id)));
  });

  it('when one instance is killed (SIGKILL) while taking submissions, then every submission it acknowledged is stored', { tags: ['process'] }, async () => {
    const victim = await startServer(await mkdtemp(join(tmpdir(), 'sao-c-')), { DATABASE_URL: testDb.url, CONSULTANT_TOKEN: CONSULTANT_KEY, RATE_LIMIT: 'off' });
    if (!victim.ready) throw new Error(victim.out);
    const acknowledged: string[] = [];
    const sends = Array.from({ length: 150 }, (_, i) =>
      fetch(`${victim.origin}/api/assessments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ organisation: { name: `Crash Client ${i}` }, answers: SCENARIOS[i % SCENARIOS.length]!.answers }),
      })
        .then(async (r) => {
          if (r.status === 201) acknowledged.push(((await r.json()) as { id: string }).id);
        })
        .catch(() => undefined),
    );
    await until(async () => acknowledged.length >= 10, 'ten submissions acknowledged');
    victim.kill('SIGKILL');
    await Promise.all(sends);
    const exported = (await (await fetch(`${b.origin}/api/export.json`, { headers: bearer })).json()) as { assessments: Array<{ id: string }> };
    const stored = new Set(exported.assessments.map((x) => x.id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});
