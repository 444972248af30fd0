/**
 * Throws mutated backups at POST /api/import: a real export with every kind
 * of record, with a value somewhere in it replaced (by another value, a
 * wrong type, an odd date or string) or a key removed. Never a 5xx: each
 * answer is 200 or 422, and a 422 stores nothing.
 */
import { scaled } from '../helpers/timing.ts';
import { describe, expect, it } from 'vitest';
import request from 'supertest';
import fc from 'fast-check';
import { buildTestApp, CONSULTANT_KEY } from '../helpers/app.ts';
import { storeEveryKindOfRecord } from '../fixtures/every-record.ts';

const RUNS = 300;
const AUTH = `Bearer ${CONSULTANT_KEY}`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value in the document, objects and arrays included. */
function paths(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [at];
  const inner = Array.isArray(value) ? value.flatMap((v, i) => paths(v, [...at, i])) : Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]));
  return at.length ? [at, ...inner] : inner;
}

function mutate(doc: Json, path: Array<string | number>, replacement: Json | undefined): Json {
  const copy = structuredClone(doc) as { [key: string]: Json };
  let parent: Json = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step]!;
  const last = path[path.length - 1]!;
  if (replacement === undefined && !Array.isArray(parent)) delete (parent as Record<string, Json>)[last];
  else (parent as Record<string | number, Json>)[last] = replacement ?? null;
  return copy;
}

const odd = fc.oneof(
  fc.constantFrom('2026-02-31T10:00:00.000Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-13-01', '2026-11-25T24:00:00Z', '__proto__', 'constructor', '', '\uFFFF', 'x'.repeat(10_001), 'social-ownership', '1.0.0', 'charisma'),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.constant(undefined),
);

describe('bad backups never break the import', () => {
  it(`when ${RUNS} mutated backups are imported, then each answer is 200 or 422, never 5xx, and a 422 stores nothing`, async () => {
    const source = await buildTestApp();
    await storeEveryKindOfRecord(source.store, source.rubrics);
    const exported = (await request(source.app).get('/api/export.json').set('Authorization', AUTH).expect(200)).body as Json;
    const all = paths(exported);
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.nat(all.length - 1), odd, async (which, replacement) => {
        const target = await buildTestApp();
        const res = await request(target.app).post('/api/import').set('Authorization', AUTH).send(mutate(exported, all[which]!, replacement) as object);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        expect([200, 422], `${JSON.stringify(all[which])} = ${JSON.stringify(replacement)?.slice(0, 80)}: ${res.text.slice(0, 300)}`).toContain(res.status);
        if (res.status === 422) {
          expect(res.body.details.length).toBeGreaterThan(0);
          expect(await target.store.listOrganisations()).toEqual([]);
        }
      }),
      { numRuns: RUNS },
    );
    console.log(`import fuzz: ${RUNS} mutated backups, statuses ${JSON.stringify(statuses)}`);
  }, scaled(240_000));
});
