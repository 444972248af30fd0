import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import { ensureConsultantKey } from '../../src/web/consultant-auth.ts';
import { hiddenField } from './form-agent.ts';

async function signInPage(app: Parameters<typeof request.agent>[0]) {
  const agent = request.agent(app);
  const page = await agent.get('/consultant/sign-in').expect(200);
  return { agent, csrf: hiddenField(page.text, '_csrf') };
}

describe('consultant access', () => {
  it('when no key is set, then one is made on first start, stored only as a hash, and kept on the next start', async () => {
    const store = createMemoryStore();
    const first = await ensureConsultantKey(store, undefined);
    expect(first.created).toMatch(/^[\w-]{32}$/);
    const stored = await store.getSetting('consultantTokenHash');
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(first.created);
    expect(await ensureConsultantKey(store, undefined)).toEqual({});
    expect(await store.getSetting('consultantTokenHash')).toBe(stored);
  });

  it('when the dashboard is asked for without a key, then 401 and no organisation is listed', async () => {
    const { app } = await buildTestApp();
    await request(app).post('/api/assessments').send({ organisation: { name: 'Secret Client Ltd' }, status: 'draft' }).expect(201);
    const page = await request(app).get('/consultant').expect(401);
    expect(page.text).not.toContain('Secret Client Ltd');
    expect(page.text).toContain('Consultant sign-in');
    const api = await request(app).get('/api/export.json').expect(401);
    expect(api.body).toEqual({ error: expect.stringMatching(/consultant key required/) });
    await request(app).get('/api/export.json').set('Authorization', 'Bearer wrong-key').expect(401);
  });

  it('when the right key is entered, then an httpOnly SameSite cookie opens the consultant pages until sign-out', async () => {
    const { app } = await buildTestApp();
    const { agent, csrf } = await signInPage(app);
    const res = await agent.post('/consultant/sign-in').type('form').send({ _csrf: csrf, key: CONSULTANT_KEY }).expect(303);
    expect(res.headers.location).toBe('/consultant');
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c: string) => c.startsWith('sao.consultant='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toContain(CONSULTANT_KEY);
    await agent.get('/consultant').expect((r) => expect(r.status).not.toBe(401));
    const page = await agent.get('/consultant/sign-in');
    await agent.post('/consultant/sign-out').type('form').send({ _csrf: hiddenField(page.text, '_csrf') }).expect(303);
    await agent.get('/consultant').expect(401);
  });

  it('when a wrong key is entered, then 401 with a message and no session', async () => {
    const { app } = await buildTestApp();
    const { agent, csrf } = await signInPage(app);
    const res = await agent.post('/consultant/sign-in').type('form').send({ _csrf: csrf, key: 'nope' }).expect(401);
    expect(res.text).toContain('That key is not right');
    expect((res.headers['set-cookie'] as unknown as string[] | undefined)?.some((c: string) => c.startsWith('sao.consultant='))).toBeFalsy();
    await agent.get('/consultant').expect(401);
  });

  it('when a forged or expired session cookie is sent, then it is refused', async () => {
    let now = new Date('2026-11-25T10:00:00Z');
    const { app } = await buildTestApp({ now: () => now });
    await request(app).get('/consultant').set('Cookie', 'sao.consultant=1764064800000.forged').expect(401);
    const { agent, csrf } = await signInPage(app);
    await agent.post('/consultant/sign-in').type('form').send({ _csrf: csrf, key: CONSULTANT_KEY }).expect(303);
    await agent.get('/consultant').expect(200);
    now = new Date('2026-11-26T10:00:00Z'); // 24 hours later: past the 12-hour session
    await agent.get('/consultant').expect(401);
  });

  it('when the sign-in form carries a next address, then only a same-site path is followed', async () => {
    const { app } = await buildTestApp();
    const { agent, csrf } = await signInPage(app);
    const evil = await agent.post('/consultant/sign-in').type('form').send({ _csrf: csrf, key: CONSULTANT_KEY, next: '//evil.example/' }).expect(303);
    expect(evil.headers.location).toBe('/consultant');
  });
});
