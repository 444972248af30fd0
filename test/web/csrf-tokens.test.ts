/**
 * The CSRF tokens (web/security.ts): an HMAC of the browser's random id under the
 * server's secret. What a form's post is checked against, without the routes:
 * the routes' refusals are in csrf-guard.test.ts and the form tests.
 */
import express, { type Request, type Response } from 'express';
import cookieParser from 'cookie-parser';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { BROWSER_ID_COOKIE, csrf, MINT_BATCH, REMEMBERED_IDS } from '../../src/web/security.ts';
import { buildTestApp } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import { consultantAgent, hiddenField } from './form-agent.ts';

/** A request as the cookie and body parsers leave it, and a response that keeps what is appended to it. */
function exchange(opts: { cookies?: Record<string, string>; body?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
  const setCookies: string[] = [];
  const req = { cookies: { ...opts.cookies }, body: opts.body, headers: { ...opts.headers } } as unknown as Request;
  const res = {
    appendHeader(name: string, value: string) {
      expect(name).toBe('Set-Cookie');
      setCookies.push(value);
      return res;
    },
  } as unknown as Response;
  return { req, res, setCookies };
}

const idFrom = (setCookie: string) => new RegExp(`^${BROWSER_ID_COOKIE.replace('.', '\\.')}=([\\w-]{22});`).exec(setCookie)![1]!;

describe('CSRF tokens bound to the browser id', () => {
  const guard = csrf({ secret: 'secret-one', secureCookies: false });

  it('when a browser without an id asks for a form, then it gets one cookie, its id, and a token that its own post carries', () => {
    const first = exchange();
    const token = guard.tokenFor(first.req, first.res);
    expect(first.setCookies).toHaveLength(1);
    expect(first.setCookies[0]).toMatch(new RegExp(`^${BROWSER_ID_COOKIE.replace('.', '\\.')}=[\\w-]{22}; Path=/; HttpOnly; SameSite=Lax$`));
    const id = idFrom(first.setCookies[0]!);

    // The same browser comes back: no new cookie, the same token; its post is let through, by field or by header.
    const again = exchange({ cookies: { [BROWSER_ID_COOKIE]: id } });
    expect(guard.tokenFor(again.req, again.res)).toBe(token);
    expect(again.setCookies).toEqual([]);
    expect(guard.isValid(exchange({ cookies: { [BROWSER_ID_COOKIE]: id }, body: { _csrf: token } }).req)).toBe(true);
    expect(guard.isValid(exchange({ cookies: { [BROWSER_ID_COOKIE]: id }, headers: { 'x-csrf-token': token } }).req)).toBe(true);
  });

  it('when a post carries a token of another browser, of another secret, a changed one or none, then it is refused', () => {
    const mine = exchange();
    const token = guard.tokenFor(mine.req, mine.res);
    const id = idFrom(mine.setCookies[0]!);
    const other = exchange();
    const otherToken = guard.tokenFor(other.req, other.res);
    const elsewhere = csrf({ secret: 'secret-two', secureCookies: false });
    const withCookie = (body: Record<string, unknown> | undefined) => guard.isValid(exchange({ cookies: { [BROWSER_ID_COOKIE]: id }, body }).req);

    expect(withCookie({ _csrf: otherToken })).toBe(false);
    expect(withCookie({ _csrf: elsewhere.tokenFor(exchange({ cookies: { [BROWSER_ID_COOKIE]: id } }).req, exchange().res) })).toBe(false);
    expect(withCookie({ _csrf: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` })).toBe(false);
    expect(withCookie({ _csrf: `${token}A` })).toBe(false);
    expect(withCookie({ _csrf: [token] })).toBe(false);
    expect(withCookie({})).toBe(false);
    expect(withCookie(undefined)).toBe(false);
    // The right token without the browser's cookie (another site's post, where SameSite did not hold it back).
    expect(guard.isValid(exchange({ body: { _csrf: token } }).req)).toBe(false);
  });

  it('when the cookie holds no id this server could have made, then the post is refused and the next form gives a new id', () => {
    for (const forged of ['', 'short', 'a'.repeat(23), 'has space in it 123456', '../../../../etc/passwd']) {
      const page = exchange({ cookies: { [BROWSER_ID_COOKIE]: forged } });
      const token = guard.tokenFor(page.req, page.res);
      expect(page.setCookies).toHaveLength(1);
      expect(idFrom(page.setCookies[0]!)).not.toBe(forged);
      expect(guard.isValid(exchange({ cookies: { [BROWSER_ID_COOKIE]: forged }, body: { _csrf: token } }).req)).toBe(false);
    }
  });

  it('when more new browsers ask for forms than one batch of ids holds, then each gets an id of its own and a token only its own post carries', () => {
    const browsers = Array.from({ length: 2 * MINT_BATCH + 1 }, () => {
      const page = exchange();
      const token = guard.tokenFor(page.req, page.res);
      return { id: idFrom(page.setCookies[0]!), token };
    });
    expect(new Set(browsers.map((b) => b.id)).size).toBe(browsers.length);
    expect(new Set(browsers.map((b) => b.token)).size).toBe(browsers.length);
    browsers.forEach(({ id, token }, i) => {
      expect(guard.isValid(exchange({ cookies: { [BROWSER_ID_COOKIE]: id }, body: { _csrf: token } }).req)).toBe(true);
      const next = browsers[(i + 1) % browsers.length]!;
      expect(guard.isValid(exchange({ cookies: { [BROWSER_ID_COOKIE]: next.id }, body: { _csrf: token } }).req)).toBe(false);
    });
    // Another server (another secret) takes none of them.
    const elsewhere = csrf({ secret: 'secret-two', secureCookies: false });
    expect(browsers.filter(({ id, token }) => elsewhere.isValid(exchange({ cookies: { [BROWSER_ID_COOKIE]: id }, body: { _csrf: token } }).req))).toEqual([]);
  });

  it('when more browsers come back than the server keeps tokens for, then each still gets its own token', () => {
    const browsers = Array.from({ length: REMEMBERED_IDS + 10 }, () => {
      const page = exchange();
      const first = guard.tokenFor(page.req, page.res);
      return { id: idFrom(page.setCookies[0]!), first };
    });
    for (const { id, first } of [...browsers, ...browsers.slice(0, 20)]) {
      const back = exchange({ cookies: { [BROWSER_ID_COOKIE]: id } });
      expect(guard.tokenFor(back.req, back.res)).toBe(first);
      expect(back.setCookies).toEqual([]);
    }
  });

  it('when the server runs behind HTTPS, then the id cookie is Secure', () => {
    const page = exchange();
    csrf({ secret: 'secret-one', secureCookies: true }).tokenFor(page.req, page.res);
    expect(page.setCookies[0]).toMatch(/; Secure$/);
  });
});

describe('CSRF tokens on the wire', () => {
  it("when one consultant's browser posts with another browser's token, then it is refused and no link is made; its own token goes through", async () => {
    const { app, store } = await buildTestApp({ rateLimits: 'off' });
    const id = (await request(app).post('/api/assessments').send({ organisation: { name: 'Two Tabs Ltd' }, answers: SCENARIOS[1]!.answers }).expect(201)).body.id as string;
    const laptop = await consultantAgent(app);
    const phone = await consultantAgent(app);
    const laptopToken = hiddenField((await laptop.get(`/assessments/${id}`).expect(200)).text, '_csrf');
    const phoneToken = hiddenField((await phone.get(`/assessments/${id}`).expect(200)).text, '_csrf');
    expect(phoneToken).not.toBe(laptopToken);

    await phone.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: laptopToken, label: 'Crossed' }).expect(403);
    expect(await store.shareLinksOf(id)).toEqual([]);
    await phone.post(`/assessments/${id}/share-links`).type('form').send({ _csrf: phoneToken, label: 'Own' }).expect(303);
    expect((await store.shareLinksOf(id)).map((l) => l.label)).toEqual(['Own']);
  });

  it('when a new browser opens the blank form, then the page sets its id and nothing else', async () => {
    const { app } = await buildTestApp();
    const page = await request(app).get('/assessments/new').expect(200);
    const cookies = page.headers['set-cookie'] as unknown as string[];
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(new RegExp(`^${BROWSER_ID_COOKIE.replace('.', '\\.')}=`));
    expect(hiddenField(page.text, '_csrf')).toMatch(/^[\w-]{43}$/);
  });

  it('when a response sets a cookie of its own around the new browser id, then both cookies reach the browser, and the id is the one the token is for', async () => {
    const guard = csrf({ secret: 'secret-one', secureCookies: false });
    const app = express();
    app.use(cookieParser());
    app.get('/', (req, res) => {
      res.cookie('before', '1');
      const token = guard.tokenFor(req, res);
      res.cookie('after', '2');
      res.json({ token, sameAgain: guard.tokenFor(req, res) === token });
    });
    const page = await request(app).get('/').expect(200);
    const cookies = page.headers['set-cookie'] as unknown as string[];
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['before', BROWSER_ID_COOKIE, 'after']);
    const id = idFrom(cookies[1]!);
    expect(page.body.sameAgain).toBe(true);
    expect(guard.isValid(exchange({ cookies: { [BROWSER_ID_COOKIE]: id }, body: { _csrf: page.body.token as string } }).req)).toBe(true);
  });
});
