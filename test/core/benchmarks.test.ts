import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { benchmark, benchmarkIndex, MIN_COHORT } from '../../src/core/portfolio/benchmarks.ts';
import type { AssessmentSummary } from '../../src/core/portfolio/summary.ts';

const summary = (id: string, overall: number, dims: Record<string, number>, version = '2.0.0'): AssessmentSummary => ({
  respondents: 1,
  id,
  organisationId: `org-${id}`,
  organisation: `Organisation ${id}`,
  sector: null,
  size: null,
  rubricId: 'social-ownership',
  rubricVersion: version,
  submittedAt: '2026-11-25T10:00:00.000Z',
  overall,
  band: 'partial',
  confidence: 100,
  dimensions: Object.fromEntries(Object.entries(dims).map(([k, score]) => [k, { score, band: 'partial' as const }])),
  recommendation: 'educate-leadership-first',
  reassessBy: '2026-12-25',
  flags: [],
  kind: 'assessment',
});

/** The definition, peer by peer: (lower + half of the same) / others, the assessment itself left out. */
function byDefinition(target: AssessmentSummary, all: AssessmentSummary[]) {
  const peers = all.filter((s) => s.id !== target.id && s.rubricId === target.rubricId && s.rubricVersion === target.rubricVersion);
  if (peers.length < MIN_COHORT) return null;
  const rank = (v: number, others: number[]) => Math.round(((others.filter((o) => o < v).length + others.filter((o) => o === v).length / 2) / others.length) * 100);
  return {
    cohort: peers.length,
    overall: rank(target.overall, peers.map((p) => p.overall)),
    dimensions: Object.fromEntries(Object.entries(target.dimensions).map(([id, d]) => [id, rank(d.score, peers.map((p) => p.dimensions[id]?.score ?? 0))])),
  };
}

describe('benchmarks', () => {
  it('when five others scored 20, 40, 60, 60 and 80, then a 60 stands at the 60th percentile (two lower, half of the two the same) and the organisation itself is not counted', () => {
    const all = [summary('a', 20, { x: 20 }), summary('b', 40, { x: 40 }), summary('c', 60, { x: 60 }), summary('d', 60, { x: 60 }), summary('e', 80, { x: 80 }), summary('me', 60, { x: 100 })];
    const me = all.at(-1)!;
    expect(benchmark(me, all)).toEqual({ cohort: 5, overall: 60, dimensions: { x: 100 } });
  });

  it('when fewer than five others share the rubric version, then there is no benchmark (another version does not count)', () => {
    const all = [1, 2, 3, 4].map((i) => summary(`p${i}`, i * 10, {})).concat([summary('old', 50, {}, '1.0.0'), summary('me', 50, {})]);
    expect(benchmark(all.at(-1)!, all)).toBeNull();
  });

  it('when ranked through the sorted index, then every assessment gets what the peer-by-peer definition gives', () => {
    const score = fc.integer({ min: 0, max: 10 }).map((n) => n * 10);
    const record = fc.record({ overall: score, x: score, y: fc.option(score, { nil: undefined }), old: fc.boolean() });
    fc.assert(
      fc.property(fc.array(record, { minLength: 0, maxLength: 40 }), fc.record({ overall: score, x: score, y: score }), (rows, outsider) => {
        const all = rows.map((r, i) => summary(`s${i}`, r.overall, r.y === undefined ? { x: r.x } : { x: r.x, y: r.y }, r.old ? '1.0.0' : '2.0.0'));
        const rank = benchmarkIndex(all);
        for (const s of all) expect(rank(s)).toEqual(byDefinition(s, all));
        // One not in the list (a report read before the cache has it) is ranked against everyone.
        const stranger = summary('stranger', outsider.overall, { x: outsider.x, y: outsider.y, z: 10 });
        expect(rank(stranger)).toEqual(byDefinition(stranger, all));
      }),
      { numRuns: 300 },
    );
  });
});
