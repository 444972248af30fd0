/**
 * The compact form of a stored result, and the result in full again.
 *
 * A result is a function of the answers, the pinned rubric version (released
 * versions are never edited) and the submission day. Most of its bytes are
 * what that function words out for one report: each answer's contribution,
 * the answers that raised each flag (`evidence`) and the recommendation's
 * sentences and evidence. Those are left out of the stored record and derived
 * again when one record is shown; the scores, bands, confidence, flags (id,
 * severity, message, claims, dimensions) and the recommendation's code,
 * title, provisional mark, actions and reassessment date stay, because the
 * dashboard, its filters, due dates, rounds and bulk exports read them for
 * every record at once.
 *
 * Restoring never re-scores: what is stored is kept as stored, and only the
 * parts left out are filled in, at their place in the object (key order as
 * `evaluate` writes it, so the JSON API's output does not change). A result
 * that was stored in full (by an earlier version) is returned as it is; a
 * compact one says so (`compact`), so the two are never confused.
 */
import { COMPACT_FORM, evaluate, type Result, type StoredResult } from '../evaluate.ts';
import type { Rubric } from '../rubric/schema.ts';
import type { RubricRegistry } from '../rubric/registry.ts';
import { dayOf } from '../dates.ts';
import type { Assessment, FullAssessment } from './assessment.ts';

/** `result` without what its rubric derives again from the answers. Call it only on a result `evaluate` made from the record's own answers and day. */
export function compactResult(result: StoredResult): StoredResult {
  const dimensions = Object.fromEntries(
    Object.entries(result.dimensions).map(([id, d]) => [id, { ...d, facets: Object.fromEntries(Object.entries(d.facets).map(([fid, { contributions: _c, ...f }]) => [fid, f])) }]),
  );
  const flags = result.flags.map(({ evidence: _e, ...f }) => f);
  const { summary: _s, rationale: _r, speakerModel: _m, drivenBy: _d, ...recommendation } = result.recommendation;
  return { ...result, dimensions, flags, recommendation, compact: COMPACT_FORM };
}

/**
 * True for a result `compactResult` made. Marked rather than guessed from what
 * is missing: a result stored before flags kept their evidence is complete as it is.
 */
export const isCompact = (result: StoredResult): boolean => result.compact !== undefined;

/**
 * `stored` with its left-out parts taken from `derived` (the same answers
 * evaluated again under the pinned rubric); everything stored wins.
 */
export function restoreResult(stored: StoredResult, derived: Result): Result {
  const { compact: _form, ...kept } = stored;
  const dimensions = Object.fromEntries(
    Object.entries(stored.dimensions).map(([id, d]) => {
      const facets = Object.fromEntries(Object.entries(d.facets).map(([fid, f]) => [fid, { ...f, contributions: f.contributions ?? derived.dimensions[id]?.facets[fid]?.contributions ?? [] }]));
      return [id, { ...d, facets }];
    }),
  );
  const derivedFlags = new Map(derived.flags.map((f) => [f.id, f]));
  const flags = stored.flags.map((f) => ({ ...f, evidence: f.evidence ?? derivedFlags.get(f.id)?.evidence ?? [] }));
  const r = stored.recommendation;
  const d = derived.recommendation;
  // The order `recommend` writes its keys in; `provisional` last, and only where it was stored.
  const recommendation = {
    code: r.code,
    title: r.title,
    summary: r.summary ?? d.summary,
    rationale: r.rationale ?? d.rationale,
    speakerModel: r.speakerModel ?? d.speakerModel,
    actions: r.actions,
    reassessBy: r.reassessBy,
    drivenBy: r.drivenBy ?? d.drivenBy,
    ...(r.provisional === undefined ? {} : { provisional: r.provisional }),
  };
  return { ...kept, dimensions, flags, recommendation };
}

/** The result evaluated again from the record, as `restoreResult` needs it. */
const derivedFor = (rubric: Rubric, a: Assessment): Result => evaluate(rubric, a.answers, dayOf(a.submittedAt ?? a.updatedAt));

/** The rubric a compact result needs; its absence is an error, never a silently shorter record. */
function pinnedRubric(rubrics: RubricRegistry, a: Assessment): Rubric {
  const rubric = rubrics.get(a.rubricId, a.rubricVersion);
  if (!rubric) throw new Error(`assessment ${a.id} is stored compact and needs rubric ${a.rubricId}@${a.rubricVersion}, which is not loaded: put its file back in the rubrics folder`);
  return rubric;
}

/** The record with its result in full: the same object when it is stored in full or has no result. */
export function withFullResult(a: Assessment, rubrics: RubricRegistry): FullAssessment {
  if (!a.result || !isCompact(a.result)) return a as FullAssessment;
  return { ...a, result: restoreResult(a.result, derivedFor(pinnedRubric(rubrics, a), a)) };
}

/** The record as it is written: its result compact. For a result just made by `evaluate` from this record. */
export function compactRecord<A extends Assessment>(a: A): A {
  return a.result ? { ...a, result: compactResult(a.result) } : a;
}

/**
 * The record compact where that loses nothing (an imported record keeps its
 * result as exported): its result in full again must be the same JSON, key
 * order included. A result made by another version of the scoring, or whose
 * rubric is not loaded, is kept in full.
 */
export function compactIfLossless(a: Assessment, rubrics: RubricRegistry): Assessment {
  const rubric = rubrics.get(a.rubricId, a.rubricVersion);
  if (!a.result || !rubric || isCompact(a.result)) return a;
  const compact = compactResult(a.result);
  const same = JSON.stringify(restoreResult(compact, derivedFor(rubric, a))) === JSON.stringify(a.result);
  return same ? { ...a, result: compact } : a;
}
