import { describe, expect, it } from 'vitest';
import { newId, newToken } from '../../src/platform/ids.ts';

describe('ids and tokens', () => {
  it('when many are made, then they are distinct, URL-safe, of full length, and never start like a formula', () => {
    const ids = Array.from({ length: 5_000 }, newId);
    const tokens = Array.from({ length: 5_000 }, newToken);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
  });
});
