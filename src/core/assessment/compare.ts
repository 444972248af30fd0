/** What changed between an organisation's previous submitted assessment and this one. */
import type { Assessment } from './assessment.ts';
import type { Band } from '../rubric/schema.ts';

export interface Change {
  previous: { id: string; submittedAt: string; rubricVersion: string };
  overall: { from: number; to: number; delta: number };
  dimensions: Array<{ id: string; title: string; from: number; to: number; delta: number; bandFrom: Band; bandTo: Band }>;
  flagsRaised: string[];
  flagsCleared: string[];
  recommendation: { from: string; to: string; moved: boolean };
}

/** The latest submitted assessment of the same organisation before this one, if any. */
export function previousOf(current: Assessment, sameOrganisation: Assessment[]): Assessment | undefined {
  const at = current.submittedAt;
  if (!at) return undefined;
  return sameOrganisation
    // A round's responses belong to the round, never to the organisation's history of single assessments.
    .filter((a) => a.id !== current.id && !a.roundId && a.status === 'submitted' && a.result && a.submittedAt && a.submittedAt < at)
    .sort((a, b) => b.submittedAt!.localeCompare(a.submittedAt!))[0];
}

export function compare(current: Assessment, previous: Assessment): Change | undefined {
  const now = current.result;
  const then = previous.result;
  if (!now || !then) return undefined;
  const before = new Set(then.flags.map((f) => f.id));
  const after = new Set(now.flags.map((f) => f.id));
  return {
    previous: { id: previous.id, submittedAt: previous.submittedAt!, rubricVersion: previous.rubricVersion },
    overall: { from: then.overall, to: now.overall, delta: now.overall - then.overall },
    dimensions: Object.values(now.dimensions)
      .filter((d) => then.dimensions[d.id])
      .map((d) => {
        const old = then.dimensions[d.id]!;
        return { id: d.id, title: d.title, from: old.score, to: d.score, delta: d.score - old.score, bandFrom: old.band, bandTo: d.band };
      }),
    flagsRaised: [...after].filter((f) => !before.has(f)),
    flagsCleared: [...before].filter((f) => !after.has(f)),
    recommendation: { from: then.recommendation.code, to: now.recommendation.code, moved: then.recommendation.code !== now.recommendation.code },
  };
}
