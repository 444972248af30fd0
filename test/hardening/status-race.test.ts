/**
 * A submitted assessment never changes: the draft -> submitted transition is
 * a compare-and-set inside the organisation's serialised write. One submit,
 * five draft saves and a second submit sent at once to one draft: the first
 * submit written is the one whose answer says so, its result stays, and every
 * later write is refused with 409 and the form as it was typed.
 */
import { scaled } from '../helpers/timing.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp } from '../helpers/app.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { createMemoryStore } from '../../src/storage/memory-store.ts';
import { answerFields, completeForm, hiddenField, openForm } from '../web/form-agent.ts';
import { SCENARIOS } from '../fixtures/answer-sets.ts';
import type { Store } from '../../src/core/ports.ts';
import { openDatabase, type Database } from '../../src/storage/postgres/database.ts';
import { createTestDatabase, openTestStore, type TestDatabase } from '../helpers/postgres.ts';

/** A database for this file's PostgreSQL case, made on first use and dropped at the end. */
let postgres: { db: TestDatabase; database: Database } | undefined;
afterAll(async () => {
  await postgres?.database.close();
  await postgres?.db.drop();
});
async function postgresStore(): Promise<Store> {
  if (!postgres) {
    const db = await createTestDatabase();
    postgres = { db, database: openDatabase({ connectionString: db.url, max: 8 }) };
  }
  return openTestStore(postgres.database);
}

const TRIALS = 10;
/** Seven senders, each with answers of its own, told apart by this question. */
const QUESTION = 'owner-comms-background';
const VALUES = ['none', 'some', 'extensive', 'none', 'some', 'extensive', 'some'];

async function race(store: Store) {
  const { app } = await buildTestApp({ store, rateLimits: 'off' });
  const { agent, hidden } = await openForm(app);
  const draft = await agent.post('/assessments').type('form').send({ ...hidden, ...completeForm('Race Ltd'), intent: 'draft' }).expect(303);
  const id = draft.headers.location!.split('/')[2]!;
  const edit = await agent.get(`/assessments/${id}/edit`).expect(200);
  const csrf = hiddenField(edit.text, '_csrf');
  // Sender 0 and sender 6 submit, with different answers; 1 to 5 save drafts.
  const senders = VALUES.map((value, i) => ({ i, value, intent: i === 0 || i === 6 ? 'submit' : 'draft', answers: { ...SCENARIOS[i % SCENARIOS.length]!.answers, [QUESTION]: value } }));
  const responses = await Promise.all(
    senders.map(async (s) => {
      const r = await agent.post(`/assessments/${id}`).type('form').send({ _csrf: csrf, ...completeForm('Race Ltd'), ...answerFields(s.answers), intent: s.intent });
      return { ...s, status: r.status, location: r.headers.location as string | undefined, text: r.text };
    }),
  );
  return { id, responses, stored: (await store.get(id))! };
}

describe('a submitted assessment never changes', () => {
  it.each([
    ['the memory store', async () => createMemoryStore()],
    ['the lowdb store', async () => openLowdbStore(await mkdtemp(join(tmpdir(), 'sao-race-')))],
    ['the PostgreSQL store', postgresStore],
  ])(`when one submit, five draft saves and a second submit reach one draft at once (${TRIALS} trials, %s), then the acknowledged submit's answers stay and every later write gets 409 with what was typed`, async (_name, makeStore) => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const { id, responses, stored } = await race(await makeStore());
      const context = JSON.stringify(responses.map((r) => ({ i: r.i, intent: r.intent, status: r.status, location: r.location })));
      const winners = responses.filter((r) => r.status === 303 && r.location === `/assessments/${id}`);
      expect(winners, context).toHaveLength(1);
      const [winner] = winners as [(typeof responses)[number]];
      expect(winner.intent).toBe('submit');
      expect(stored.status).toBe('submitted');
      expect(stored.answers).toEqual(winner.answers);
      for (const r of responses.filter((x) => x !== winner)) {
        expect([303, 409], context).toContain(r.status);
        if (r.status === 303) expect(r.location, context).toBe(`/assessments/${id}/edit?saved=1`);
        else {
          expect(r.text).toContain('has been submitted and can no longer be changed');
          expect(r.text).toMatch(new RegExp(`name="answer-${QUESTION}" value="${r.value}" checked`));
        }
      }
      // A draft save acknowledged after the submit would mean it was written over a submitted record.
      expect(responses.filter((r) => r.status === 409).length).toBeGreaterThan(0);
    }
  }, scaled(120_000));
});
