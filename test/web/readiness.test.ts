import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../src/web/app.ts';
import { composeServices } from '../../src/compose.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import { shippedRubrics } from '../helpers/app.ts';

const appWith = async (readiness?: () => Promise<{ ready: true } | { ready: false; reason: string }>) =>
  createApp(composeServices({ store: createMemoryStore(), rubrics: await shippedRubrics() }), { csrfSecret: 'test', ...(readiness ? { readiness } : {}) });

describe('GET /healthz and GET /readyz', () => {
  it('when the storage cannot serve, then /readyz answers 503 with the reason while /healthz still answers ok', async () => {
    const app = await appWith(async () => ({ ready: false, reason: 'the database cannot be reached' }));
    await request(app).get('/healthz').expect(200, 'ok');
    const res = await request(app).get('/readyz').expect(503);
    expect(res.text).toBe('not ready: the database cannot be reached');
  });

  it('when no readiness check is given (lowdb, memory), then /readyz answers ready', async () => {
    await request(await appWith()).get('/readyz').expect(200, 'ready');
  });
});
