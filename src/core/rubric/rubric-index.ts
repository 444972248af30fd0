/**
 * The lookups that scoring an assessment makes many times over, made once per
 * rubric: a question by its id, an option by its value, a facet's questions.
 * Scoring found each question with a scan of the rubric's list, twice per
 * question (once for its facet, once for the confidence), and every `answer`
 * condition scanned it again.
 *
 * Kept per rubric object, and only while that object lives. A rubric is data
 * that nothing edits once parsed; an index is made again if its list of
 * questions is replaced or changes length, so a test that builds a variant
 * (`{ ...rubric, questions }`) never reads another rubric's index.
 */
import type { Option, Question, Rubric } from './schema.ts';

export interface RubricIndex {
  /** Every question, by id. */
  question: ReadonlyMap<string, Question>;
  /** Each question's options, by value. */
  option: ReadonlyMap<Question, ReadonlyMap<string, Option>>;
  /** A facet's questions in the rubric's order, keyed by `facetKey`. */
  questionsOfFacet: ReadonlyMap<string, readonly Question[]>;
}

/** The key of a facet in `questionsOfFacet`: facet ids are unique within their dimension only. */
export const facetKey = (dimensionId: string, facetId: string): string => `${dimensionId}\0${facetId}`;

const indexes = new WeakMap<Rubric, { questions: readonly Question[]; length: number; index: RubricIndex }>();

export function rubricIndex(rubric: Rubric): RubricIndex {
  const kept = indexes.get(rubric);
  if (kept && kept.questions === rubric.questions && kept.length === rubric.questions.length) return kept.index;
  const questionsOfFacet = new Map<string, Question[]>();
  for (const q of rubric.questions) {
    const key = facetKey(q.dimension, q.facet);
    const list = questionsOfFacet.get(key);
    if (list) list.push(q);
    else questionsOfFacet.set(key, [q]);
  }
  const index: RubricIndex = {
    // The first of two questions with one id wins, as the scans it replaces found it (the validator refuses such rubrics).
    question: new Map([...rubric.questions].reverse().map((q) => [q.id, q])),
    option: new Map(rubric.questions.map((q) => [q, new Map([...q.options].reverse().map((o) => [o.value, o]))])),
    questionsOfFacet,
  };
  indexes.set(rubric, { questions: rubric.questions, length: rubric.questions.length, index });
  return index;
}
