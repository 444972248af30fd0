import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildTestApp, openDurableTestStore } from '../helpers/app.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';

describe('concurrent submissions', () => {
  it('when 200 submissions arrive at once over HTTP, then 200 distinct ids are stored and all are there after a restart', async () => {
    // lowdb in a new folder; a PostgreSQL schema under TEST_STORAGE=postgres.
    const durable = await openDurableTestStore();
    const { app } = await buildTestApp({ store: durable.store, rateLimits: 'off' });
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          fetch(`${base}/api/assessments`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ organisation: { name: `Client ${i}` }, answers: SCENARIOS[i % SCENARIOS.length]!.answers }),
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } })),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
      const ids = new Set(responses.map((r) => r.body.id));
      expect(ids.size).toBe(200);
      const reopened = await durable.reopen();
      const stored = new Set((await reopened.list()).map((a) => a.id));
      expect([...ids].filter((id) => !stored.has(id))).toEqual([]);
      expect(stored.size).toBe(200);
    } finally {
      server.close();
    }
  });
});
