/**
 * Issue 13, findings 7 and 8: consultant sessions that cannot be forged from
 * what is stored, that end on sign-out and key change, and a key that cannot
 * be guessed: at least 128 bits, and few tries per address on any route.
 */
import { scaled } from '../helpers/timing.ts';
import { createHash, createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY, ROOT } from '../helpers/app.ts';
import { ensureConsultantKey, SESSION_COOKIE, weakKeyReason } from '../../src/web/consultant-auth.ts';
import { consultantAgent, hiddenField } from './form-agent.ts';

const CONSULTANT_ROUTES = ['/consultant', '/api/export.json', '/api/export.csv', '/api/export.xlsx'];

const sessionCookieOf = (res: request.Response) =>
  (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0]!;

async function signIn(app: Parameters<typeof request.agent>[0]) {
  const agent = request.agent(app);
  const page = await agent.get('/consultant/sign-in');
  const res = await agent.post('/consultant/sign-in').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), key: CONSULTANT_KEY }).expect(303);
  return { agent, cookie: sessionCookieOf(res) };
}

describe('consultant sessions', () => {
  it('when a cookie is signed with the key hash kept in the settings, then no consultant route accepts it', async () => {
    const { app, store } = await buildTestApp();
    const hash = Buffer.from((await store.getSetting('consultantTokenHash'))!, 'hex');
    const issued = String(Date.parse('2026-11-25T09:00:00Z'));
    const mac = (text: string) => createHmac('sha256', hash).update(text).digest('base64url');
    const forgeries = [`${issued}.${mac(`consultant-session:${issued}`)}`, `1.${issued}.${mac(`consultant-session:1:${issued}`)}`];
    for (const forged of forgeries) {
      for (const path of CONSULTANT_ROUTES) await request(app).get(path).set('Cookie', `${SESSION_COOKIE}=${forged}`).expect(401);
    }
    const secret = await store.getSetting('sessionSecret');
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(secret).not.toBe(hash.toString('hex'));
  });

  it('when a session cookie says it was issued later than now, then it is refused', async () => {
    const clock = { now: new Date('2026-11-25T11:00:00Z') };
    const { app } = await buildTestApp({ now: () => clock.now });
    const { cookie } = await signIn(app);
    await request(app).get('/consultant').set('Cookie', cookie).expect(200);
    clock.now = new Date('2026-11-25T10:00:00Z');
    await request(app).get('/consultant').set('Cookie', cookie).expect(401);
  });

  it('when the consultant signs out, then a copy of the cookie taken before stops working everywhere', async () => {
    const { app } = await buildTestApp();
    const { agent, cookie } = await signIn(app);
    const copy = request.agent(app);
    await copy.get('/consultant').set('Cookie', cookie).expect(200);
    const page = await agent.get('/consultant');
    await agent.post('/consultant/sign-out').type('form').send({ _csrf: hiddenField(page.text, '_csrf') }).expect(303);
    for (const path of CONSULTANT_ROUTES) await request(app).get(path).set('Cookie', cookie).expect(401);
    // Signing in again works, with a new cookie.
    const again = await signIn(app);
    expect(again.cookie).not.toBe(cookie);
    await request(app).get('/consultant').set('Cookie', again.cookie).expect(200);
  });

  it('when the key is changed at start, then sessions made with the old key end and the new key signs in', async () => {
    const { app, store } = await buildTestApp();
    const { cookie } = await signIn(app);
    await request(app).get('/consultant').set('Cookie', cookie).expect(200);
    const newKey = 'a-new-consultant-key-0123456789abcdef';
    await ensureConsultantKey(store, newKey);
    await request(app).get('/consultant').set('Cookie', cookie).expect(401);
    await request(app).get('/api/export.json').set('Authorization', `Bearer ${newKey}`).expect(200);
    await request(app).get('/api/export.json').set('Authorization', `Bearer ${CONSULTANT_KEY}`).expect(401);
  });

  it('when the same key is given at every start, then sessions survive a restart', async () => {
    const { app, store } = await buildTestApp();
    const { cookie } = await signIn(app);
    await ensureConsultantKey(store, CONSULTANT_KEY);
    await request(app).get('/consultant').set('Cookie', cookie).expect(200);
  });
});

describe('guessing the consultant key', () => {
  it('when wrong keys come by Bearer, then past the limit every key attempt from that address answers 429 on any route, the right key included', async () => {
    const { app, store } = await buildTestApp({ rateLimits: { submit: 100, signIn: 3, windowMinutes: 15 } });
    const created = await request(app).post('/api/assessments').send({ organisation: { name: 'Target Ltd' }, status: 'draft' }).expect(201);
    await request(app).get('/api/export.json').set('Authorization', 'Bearer wrong-1').expect(401);
    await request(app).get('/consultant').set('Authorization', 'Bearer wrong-2').expect(401);
    // A public route with a wrong key still counts: the key is checked wherever it is sent.
    await request(app).get(`/api/assessments/${created.body.id}`).set('Authorization', 'Bearer wrong-3').expect(200);
    const limited = await request(app).get('/api/export.json').set('Authorization', `Bearer ${CONSULTANT_KEY}`).expect(429);
    expect(limited.body.error).toMatch(/too many wrong consultant keys/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await request(app).get(`/api/assessments/${created.body.id}`).set('Authorization', 'Bearer wrong-4').expect(429);
    // The sign-in form shares the budget.
    const agent = request.agent(app);
    const page = await agent.get('/consultant/sign-in');
    await agent.post('/consultant/sign-in').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), key: CONSULTANT_KEY }).expect(429);
    // Requests that send no key are not held up.
    await request(app).get(`/api/assessments/${created.body.id}`).expect(200);
    expect(await store.getSetting('consultantTokenHash')).toBeDefined();
  });

  it('when the right key is sent many times, then it is never limited', async () => {
    const { app } = await buildTestApp({ rateLimits: { submit: 100, signIn: 2, windowMinutes: 15 } });
    for (let i = 0; i < 10; i++) await request(app).get('/api/export.json').set('Authorization', `Bearer ${CONSULTANT_KEY}`).expect(200);
    await consultantAgent(app);
  });

  it('when the window has passed, then the address may try again', async () => {
    const clock = { now: new Date('2026-11-25T10:00:00Z') };
    const { app } = await buildTestApp({ now: () => clock.now, rateLimits: { submit: 100, signIn: 1, windowMinutes: 15 } });
    await request(app).get('/api/export.json').set('Authorization', 'Bearer wrong').expect(401);
    await request(app).get('/api/export.json').set('Authorization', `Bearer ${CONSULTANT_KEY}`).expect(429);
    clock.now = new Date('2026-11-25T10:15:00Z');
    await request(app).get('/api/export.json').set('Authorization', `Bearer ${CONSULTANT_KEY}`).expect(200);
  });

  it.each([
    ['a', 'refused'],
    ['password123', 'refused'],
    ['a'.repeat(64), 'refused'],
    ['0123456789abcdef0123456789abcde', 'refused'], // 31 hex digits: 124 bits
    ['0123456789abcdef0123456789abcdef', 'accepted'], // openssl rand -hex 16
    ['Xq3_9vLk-2mPz8RtYw4nBc', 'accepted'], // 22 base64url characters
    [CONSULTANT_KEY, 'accepted'],
  ])('when CONSULTANT_TOKEN is %j, then it is %s', (key, verdict) => {
    expect(weakKeyReason(key) === undefined ? 'accepted' : 'refused').toBe(verdict);
  });
});

const run = promisify(execFile);
async function start(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sao-start-'));
  try {
    await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], { cwd: ROOT, env: { ...process.env, DATA_DIR: dir, PORT: '0', ...env }, timeout: scaled(60_000) });
    return { code: 0, out: '' };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('start-up checks of the settings', { tags: ['process'] }, () => {
  it('when CONSULTANT_TOKEN is shorter than 128 bits, then the server refuses to start and says how to make a key', async () => {
    const { code, out } = await start({ CONSULTANT_TOKEN: 'a' });
    expect(code).toBe(1);
    expect(out).toContain('CONSULTANT_TOKEN is too weak');
    expect(out).toContain('openssl rand -hex 16');
    expect(out).not.toContain('is running at');
  }, scaled(60_000));

  it('when the app is behind a proxy without PUBLIC_URL, then the server refuses to start and says what to set', async () => {
    const { code, out } = await start({ TRUST_PROXY: '1', CONSULTANT_TOKEN: createHash('sha256').update('x').digest('hex') });
    expect(code).toBe(1);
    expect(out).toContain('PUBLIC_URL is required behind a proxy');
  }, scaled(60_000));
});
