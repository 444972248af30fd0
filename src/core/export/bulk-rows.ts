/**
 * The rows of the bulk exports (and of the per-assessment workbook, which is
 * the same with one assessment): a summary table with one row per
 * assessment, an answers table in long format, and a rubric table. Each column
 * holding a code has its words in the column after it (`sector` then
 * `sector_label`, `recommendation` then `recommendation_title`, `dimension` then
 * `dimension_title`, `flags` then `flag_labels`); existing columns keep their names.
 *
 * Score columns come from the rubrics involved, taken in a stable order (rubric
 * id, then version, then the rubric's own order of dimensions and facets), so
 * the same selection always gives the same columns whatever it is sorted by.
 * A rubric no longer known to the app still exports: its layout is read from
 * the stored result, which keeps the ids of what was scored.
 */
import type { Assessment } from '../assessment/assessment.ts';
import type { Rubric } from '../rubric/schema.ts';
import { compareVersions, type RubricRef } from '../rubric/registry.ts';
import { summariseAll } from '../portfolio/summary.ts';
import { select, type PortfolioQuery } from '../portfolio/filters.ts';
import { isRoundResult } from '../portfolio/deliverables.ts';
import type { Cell } from './assessment-export.ts';
import { day, number, text, timestamp, type Column, type Table } from './table.ts';
import { flagLabels, roleLabel, sectorLabel, sizeLabel, titlesOf } from './labels.ts';

export type RubricLookup = (id: string, version: string) => Rubric | undefined;

/** The submitted assessments that match the dashboard's filters, in its order (paging is not applied). */
export function selectAssessments(assessments: readonly Assessment[], query: PortfolioQuery): Assessment[] {
  const byId = new Map(assessments.map((a) => [a.id, a]));
  return select(summariseAll(assessments), query).map((s) => byId.get(s.id)!);
}

/**
 * What a portfolio (JSON) export holds: the selection, and with no filter the
 * drafts too (oldest first), so that an unfiltered export is a complete backup.
 */
export function portfolioSelection(assessments: readonly Assessment[], query: PortfolioQuery): Assessment[] {
  const selected = selectAssessments(assessments, query);
  if (hasFilters(query)) return selected;
  const drafts = assessments.filter((a) => a.status === 'draft').sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt) || x.id.localeCompare(y.id));
  return [...selected, ...drafts];
}

/** True when the query narrows the selection (sorting does not). */
export function hasFilters(q: PortfolioQuery): boolean {
  return [q.recommendation, q.band, q.sector, q.rubric, q.from, q.to, q.q].some((v) => v !== undefined);
}

/** What names a record's rubric: a full record and a dashboard summary both have it. */
export type RubricOf = Pick<Assessment, 'rubricId' | 'rubricVersion'>;

/** Distinct rubric id and version pairs, by id then version. */
export function rubricRefs(assessments: Iterable<RubricOf>): RubricRef[] {
  const seen = new Map<string, RubricRef>();
  for (const a of assessments) seen.set(`${a.rubricId}@${a.rubricVersion}`, { id: a.rubricId, version: a.rubricVersion });
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id) || compareVersions(a.version, b.version));
}

export interface DimensionLayout {
  id: string;
  facets: string[];
}

/** A record scored with a rubric, for the layout of a rubric the app no longer knows. */
export type ExampleOf = (ref: RubricRef) => Assessment | undefined;

/** The first record of `assessments` with a result from this rubric: where an unknown rubric's layout is read from. */
export const firstScored =
  (assessments: readonly Assessment[]): ExampleOf =>
  (ref) =>
    assessments.find((a) => a.rubricId === ref.id && a.rubricVersion === ref.version && a.result);

function layoutOf(ref: RubricRef, rubricOf: RubricLookup, exampleOf: ExampleOf): DimensionLayout[] {
  const rubric = rubricOf(ref.id, ref.version);
  if (rubric) return rubric.dimensions.map((d) => ({ id: d.id, facets: d.facets.map((f) => f.id) }));
  const scored = exampleOf(ref);
  return scored?.result ? Object.values(scored.result.dimensions).map((d) => ({ id: d.id, facets: Object.keys(d.facets) })) : [];
}

/** The score columns' layout of these rubrics, merged in `rubricRefs` order. */
export function mergedLayout(refs: readonly RubricRef[], rubricOf: RubricLookup, exampleOf: ExampleOf): DimensionLayout[] {
  const merged = new Map<string, string[]>();
  for (const ref of refs) {
    for (const d of layoutOf(ref, rubricOf, exampleOf)) {
      const facets = merged.get(d.id) ?? [];
      for (const f of d.facets) if (!facets.includes(f)) facets.push(f);
      merged.set(d.id, facets);
    }
  }
  return [...merged].map(([id, facets]) => ({ id, facets }));
}

/** The summary table's columns for a layout of score columns. */
export function summaryColumns(layout: readonly DimensionLayout[]): Column[] {
  const scoreColumns: Column[] = layout.flatMap((d) => [
    number(d.id),
    text(`${d.id}_band`),
    ...d.facets.flatMap((f) => [number(`${d.id}.${f}`), text(`${d.id}.${f}_band`)]),
  ]);
  return [
    text('assessment_id', 24),
    text('organisation', 30),
    text('organisation_id', 24),
    text('sector', 16),
    text('sector_label', 24),
    text('size', 10),
    text('size_label', 18),
    text('rubric_id', 18),
    text('rubric_version', 8),
    text('status'),
    timestamp('created_at'),
    timestamp('submitted_at'),
    number('overall'),
    text('overall_band'),
    ...scoreColumns,
    number('confidence'),
    text('recommendation', 26),
    text('recommendation_title', 40),
    // "true" below the rubric's confidence threshold; "false" for results from rubrics that have none.
    text('provisional'),
    day('reassess_by'),
    text('flags', 30),
    text('flag_labels', 60),
    // A round's respondents are told apart by role only, never by name.
    text('respondent_role', 16),
    text('respondent_role_label', 24),
    text('round_id', 24),
    // `assessment`, `round` (a round's combined result: assessment_id is the round's id) or `round-response`.
    text('result_kind', 14),
    number('respondents'),
  ];
}

/** One record's summary row, its cells in `summaryColumns(layout)` order. */
export function summaryRow(a: Assessment, layout: readonly DimensionLayout[]): Cell[] {
  const r = a.result;
  const scores: Cell[] = layout.flatMap((d) => {
    const ds = r?.dimensions[d.id];
    return [ds?.score ?? null, ds?.band ?? null, ...d.facets.flatMap((f) => [ds?.facets[f]?.score ?? null, ds?.facets[f]?.band ?? null])];
  });
  return [
    a.id,
    a.organisation.name,
    a.organisationId,
    a.organisation.sector ?? null,
    sectorLabel(a),
    a.organisation.size ?? null,
    sizeLabel(a),
    a.rubricId,
    a.rubricVersion,
    a.status,
    a.createdAt,
    a.submittedAt ?? null,
    r?.overall ?? null,
    r?.band ?? null,
    ...scores,
    r?.confidence ?? null,
    r?.recommendation.code ?? null,
    r?.recommendation.title ?? null,
    r ? String(r.recommendation.provisional === true) : null,
    r?.recommendation.reassessBy ?? null,
    r ? r.flags.map((f) => f.id).join(' ') : null,
    r ? flagLabels(r.flags) : null,
    a.respondent.role ?? null,
    roleLabel(a),
    a.roundId ?? null,
    isRoundResult(a) ? 'round' : a.roundId ? 'round-response' : 'assessment',
    isRoundResult(a) ? a.round.respondents : 1,
  ];
}

export function summaryTable(assessments: readonly Assessment[], rubricOf: RubricLookup): Table {
  const layout = mergedLayout(rubricRefs(assessments), rubricOf, firstScored(assessments));
  function* rows(): Generator<Cell[]> {
    for (const a of assessments) yield summaryRow(a, layout);
  }
  return { name: 'Summary', columns: summaryColumns(layout), size: assessments.length, rows };
}

export const ANSWERS_COLUMNS: Column[] = [
  text('assessment_id', 24),
  text('organisation', 30),
  text('question_id', 26),
  text('dimension', 14),
  text('dimension_title', 24),
  text('facet', 22),
  text('facet_title', 24),
  text('claims', 10),
  text('value', 20),
  text('label', 40),
  number('score'),
  text('note', 40),
];

/** One row per question of the assessment's rubric, answered or not. */
export function* answerRows(a: Assessment, rubricOf: RubricLookup): Generator<Cell[]> {
  const rubric = rubricOf(a.rubricId, a.rubricVersion);
  const titles = titlesOf(rubric);
  if (rubric) {
    for (const q of rubric.questions) {
      const value = Object.hasOwn(a.answers, q.id) ? a.answers[q.id]! : null;
      const option = q.options.find((o) => o.value === value);
      yield [a.id, a.organisation.name, q.id, q.dimension, titles.dimension(q.dimension), q.facet, titles.facet(q.dimension, q.facet), q.claims.join(' '), value, option?.label ?? null, option ? option.score : null, a.notes[q.id] ?? null];
    }
    return;
  }
  // Without the rubric, a result stored in full still says where each answer was scored (a compact one cannot: it needs the rubric).
  const where = new Map<string, { dimension: string; facet: string; score: number }>();
  for (const d of Object.values(a.result?.dimensions ?? {})) {
    for (const f of Object.values(d.facets)) for (const c of f.contributions ?? []) where.set(c.questionId, { dimension: d.id, facet: f.id, score: c.score });
  }
  for (const [id, value] of Object.entries(a.answers)) {
    const w = where.get(id);
    yield [a.id, a.organisation.name, id, w?.dimension ?? null, null, w?.facet ?? null, null, null, value, null, w ? w.score : null, a.notes[id] ?? null];
  }
}

/** One row per question of each assessment's rubric, answered or not. */
export function answersTable(assessments: readonly Assessment[], rubricOf: RubricLookup): Table {
  // A round's combined result has no answers of its own: its respondents' are in `scope=all`.
  const answered = assessments.filter((a) => !isRoundResult(a));
  const questionCount = (a: Assessment) => rubricOf(a.rubricId, a.rubricVersion)?.questions.length ?? Object.keys(a.answers).length;
  function* rows(): Generator<Cell[]> {
    for (const a of answered) yield* answerRows(a, rubricOf);
  }
  return { name: 'Answers', columns: ANSWERS_COLUMNS, size: answered.reduce((n, a) => n + questionCount(a), 0), rows };
}

/** The questions of each rubric, with every option and its score. */
export function rubricTable(rubrics: readonly Rubric[]): Table {
  const columns: Column[] = [
    text('rubric_id', 18),
    text('rubric_version', 8),
    text('question_id', 26),
    text('dimension', 14),
    text('dimension_title', 24),
    text('facet', 22),
    text('facet_title', 24),
    text('prompt', 60),
    text('claims', 10),
    number('weight'),
    text('required'),
    text('options', 60),
  ];
  function* rows(): Generator<Cell[]> {
    for (const r of rubrics) {
      const titles = titlesOf(r);
      for (const q of r.questions) {
        const options = q.options.map((o) => `${o.value} = ${o.score}: ${o.label}${o.unsure ? ' (not sure)' : ''}`).join('\n');
        yield [r.id, r.version, q.id, q.dimension, titles.dimension(q.dimension), q.facet, titles.facet(q.dimension, q.facet), q.prompt, q.claims.join(' '), q.weight, q.required ? 'yes' : 'no', options];
      }
    }
  }
  return { name: 'Rubric', columns, size: rubrics.reduce((n, r) => n + r.questions.length, 0), rows };
}

/** The sheets of a workbook: Summary, Answers and the Rubric(s) they were scored with. */
export function workbookTables(assessments: readonly Assessment[], rubricOf: RubricLookup): Table[] {
  return [summaryTable(assessments, rubricOf), answersTable(assessments, rubricOf), rubricTable(knownRubrics(assessments, rubricOf))];
}

/** The rubrics of these assessments that the app knows, in `rubricRefs` order. */
export function knownRubrics(assessments: Iterable<RubricOf>, rubricOf: RubricLookup): Rubric[] {
  return rubricRefs(assessments).flatMap((ref) => rubricOf(ref.id, ref.version) ?? []);
}
