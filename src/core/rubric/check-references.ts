/**
 * Checks that need the whole rubric: ids unique, references resolvable, every
 * claim and facet covered, the decision table well formed. Each problem carries
 * the path inside the document so an author can find it.
 */
import type { Condition, Rubric, Severity } from './schema.ts';
import { questionsIn } from '../conditions.ts';
import { SCALE_MAX } from '../scoring/scale.ts';

export type RubricPath = Array<string | number>;
export interface RubricProblem {
  path: RubricPath;
  message: string;
}

function duplicates<T>(items: T[], key: (item: T) => string, at: (i: number) => RubricPath, what: string): RubricProblem[] {
  const seen = new Set<string>();
  const problems: RubricProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ path: at(i), message: `duplicate ${what} "${k}"` });
    seen.add(k);
  });
  return problems;
}

function list(values: Iterable<string>): string {
  return [...values].join(', ');
}

// Over 60 lines because it is a list of independent checks over shared lookups (ids, facets, questions), each a few lines.
export function checkReferences(rubric: Rubric): RubricProblem[] {
  const problems: RubricProblem[] = [];
  const claimIds = new Set(rubric.claims.map((c) => c.id));
  const dimensionIds = new Set(rubric.dimensions.map((d) => d.id));
  const facets = rubric.dimensions.flatMap((d, di) => d.facets.map((f, fi) => ({ ...f, dimension: d.id, di, fi })));
  const facetIds = new Set(facets.map((f) => f.id));
  const questionsById = new Map(rubric.questions.map((q) => [q.id, q]));
  const flagIds = new Set(rubric.flags.map((f) => f.id));
  const referableFlags = new Set([...flagIds, ...(rubric.perceptionGap ? [rubric.perceptionGap.flag.id] : [])]);

  problems.push(
    ...duplicates(rubric.claims, (c) => c.id, (i) => ['claims', i, 'id'], 'claim id'),
    ...duplicates(rubric.dimensions, (d) => d.id, (i) => ['dimensions', i, 'id'], 'dimension id'),
    ...duplicates(facets, (f) => f.id, (i) => ['dimensions', facets[i]!.di, 'facets', facets[i]!.fi, 'id'], 'facet id'),
    ...duplicates(rubric.questions, (q) => q.id, (i) => ['questions', i, 'id'], 'question id'),
    ...duplicates(rubric.flags, (f) => f.id, (i) => ['flags', i, 'id'], 'flag id'),
    ...duplicates(rubric.recommendations, (r) => r.code, (i) => ['recommendations', i, 'code'], 'recommendation code'),
  );

  const checkClaims = (claims: string[], at: RubricPath) =>
    claims.forEach((c, i) => {
      if (!claimIds.has(c)) problems.push({ path: [...at, i], message: `unknown claim "${c}"; declared claims are ${list(claimIds)}` });
    });

  rubric.questions.forEach((q, qi) => {
    const at: RubricPath = ['questions', qi];
    const dimension = rubric.dimensions.find((d) => d.id === q.dimension);
    if (!dimension) {
      problems.push({ path: [...at, 'dimension'], message: `unknown dimension "${q.dimension}"; expected one of ${list(dimensionIds)}` });
    } else if (!dimension.facets.some((f) => f.id === q.facet)) {
      const known = dimension.facets.map((f) => f.id);
      problems.push({ path: [...at, 'facet'], message: `unknown facet "${q.facet}" in dimension "${q.dimension}"; expected one of ${list(known)}` });
    }
    checkClaims(q.claims, [...at, 'claims']);
    problems.push(...duplicates(q.options, (o) => o.value, (i) => [...at, 'options', i, 'value'], 'option value'));
    // "Not sure" scores 0 by rule, so the weakest and best are judged among the real answers.
    const certain = q.options.filter((o) => !o.unsure).map((o) => o.score);
    // A question that may not apply scores 0 when it does not, so its own weakest answer may score more.
    if (certain.length === 0 || (Math.min(...certain) !== 0 && !q.appliesWhen)) problems.push({ path: [...at, 'options'], message: 'the weakest option must score 0' });
    if (certain.length === 0 || Math.max(...certain) !== SCALE_MAX) problems.push({ path: [...at, 'options'], message: `the best option must score ${SCALE_MAX}` });
    q.options.forEach((o, oi) => {
      if (o.unsure && o.score !== 0) problems.push({ path: [...at, 'options', oi, 'score'], message: `a "not sure" option must score 0; got ${o.score}` });
    });
  });

  const checkCondition = (c: Condition, at: RubricPath, answersOnly: boolean): void => {
    if ('all' in c) return c.all.forEach((sub, i) => checkCondition(sub, [...at, 'all', i], answersOnly));
    if ('any' in c) return c.any.forEach((sub, i) => checkCondition(sub, [...at, 'any', i], answersOnly));
    if ('not' in c) return checkCondition(c.not, [...at, 'not'], answersOnly);
    if ('answer' in c) {
      const q = questionsById.get(c.answer);
      if (!q) return void problems.push({ path: [...at, 'answer'], message: `unknown question "${c.answer}"` });
      const values = new Set(q.options.map((o) => o.value));
      c.in.forEach((v, i) => {
        if (!values.has(v)) problems.push({ path: [...at, 'in', i], message: `question "${q.id}" has no option "${v}"; expected one of ${list(values)}` });
      });
      return;
    }
    if (answersOnly) return void problems.push({ path: at, message: 'a flag rule may only test answers (answer/in, combined with all, any, not)' });
    if ('dimension' in c && !dimensionIds.has(c.dimension)) problems.push({ path: [...at, 'dimension'], message: `unknown dimension "${c.dimension}"` });
    if ('facetKnown' in c && !facetIds.has(c.facetKnown)) problems.push({ path: [...at, 'facetKnown'], message: `unknown facet "${c.facetKnown}"` });
    if ('facet' in c && !facetIds.has(c.facet)) problems.push({ path: [...at, 'facet'], message: `unknown facet "${c.facet}"` });
    if ('flag' in c && !referableFlags.has(c.flag)) problems.push({ path: [...at, 'flag'], message: `unknown flag "${c.flag}"` });
    if ('flagRaised' in c && c.flagRaised.dimension && !dimensionIds.has(c.flagRaised.dimension)) {
      problems.push({ path: [...at, 'flagRaised', 'dimension'], message: `unknown dimension "${c.flagRaised.dimension}"` });
    }
  };

  rubric.flags.forEach((f, fi) => {
    checkClaims(f.claims, ['flags', fi, 'claims']);
    checkCondition(f.when, ['flags', fi, 'when'], true);
  });

  const last = rubric.recommendations.length - 1;
  rubric.recommendations.forEach((r, ri) => {
    const at: RubricPath = ['recommendations', ri];
    if (r.when && r.otherwise) problems.push({ path: at, message: 'a rule has either "when" or "otherwise: true", not both' });
    if (rubric.fallback) {
      if (!r.when) problems.push({ path: [...at, 'when'], message: 'with a "fallback" every rule needs a "when" condition' });
    } else {
      if (ri < last && !r.when) problems.push({ path: [...at, 'when'], message: 'every rule but the last needs a "when" condition' });
      if (ri === last && !r.otherwise) problems.push({ path: [...at, 'otherwise'], message: 'the last rule must be "otherwise: true" (or the rubric names a "fallback") so every assessment gets a recommendation' });
    }
    if (r.when) checkCondition(r.when, [...at, 'when'], false);
    r.rationale.forEach((part, pi) => {
      if (typeof part !== 'string') checkCondition(part.when, [...at, 'rationale', pi, 'when'], false);
    });
    if (Array.isArray(r.speakerModel.explanation)) {
      r.speakerModel.explanation.forEach((part, pi) => {
        if (typeof part !== 'string') checkCondition(part.when, [...at, 'speakerModel', 'explanation', pi, 'when'], false);
      });
    }
    r.actions.forEach((a, ai) => checkClaims(a.claims, [...at, 'actions', ai, 'claims']));
  });
  if (rubric.fallback) {
    const rule = rubric.recommendations.find((r) => r.code === rubric.fallback);
    if (!rule) problems.push({ path: ['fallback'], message: `unknown recommendation code "${rubric.fallback}"` });
    else if (rule.speakerModel.fits) problems.push({ path: ['fallback'], message: `the fallback "${rule.code}" must not say the speaker's model fits: no verdict may be reached by default` });
  }

  rubric.questions.forEach((q, qi) => {
    if (!q.appliesWhen) return;
    checkCondition(q.appliesWhen.when, ['questions', qi, 'appliesWhen', 'when'], true);
    if (questionsIn(q.appliesWhen.when).includes(q.id)) problems.push({ path: ['questions', qi, 'appliesWhen'], message: 'a question cannot depend on its own answer' });
  });

  if (rubric.format >= 2) problems.push(...checkFlagsAct(rubric));

  if (rubric.perceptionGap) {
    const gap = rubric.perceptionGap;
    if (flagIds.has(gap.flag.id)) problems.push({ path: ['perceptionGap', 'flag', 'id'], message: `"${gap.flag.id}" is also the id of a flag rule` });
    checkClaims(gap.flag.claims, ['perceptionGap', 'flag', 'claims']);
    if (gap.dimension !== undefined && !rubric.dimensions.some((d) => d.id === gap.dimension)) problems.push({ path: ['perceptionGap', 'dimension'], message: `"${gap.dimension}" is not a dimension of this rubric` });
  }

  const covered = new Set(rubric.questions.flatMap((q) => q.claims));
  rubric.claims.forEach((c, ci) => {
    if (!covered.has(c.id)) problems.push({ path: ['claims', ci], message: `claim "${c.id}" is not covered by any question` });
  });
  for (const f of facets) {
    if (!rubric.questions.some((q) => q.dimension === f.dimension && q.facet === f.id)) {
      problems.push({ path: ['dimensions', f.di, 'facets', f.fi], message: `facet "${f.id}" has no question` });
    }
  }
  return problems;
}

/**
 * Format 2: a flag either changes the recommendation (a rule's condition reads
 * it, by id or by severity) or says, in `informational`, why it does not.
 */
function checkFlagsAct(rubric: Rubric): RubricProblem[] {
  const byId = new Set<string>();
  const bySeverity: Array<{ severity: Severity[]; dimension?: string | undefined }> = [];
  const collect = (c: Condition): void => {
    if ('all' in c) return c.all.forEach(collect);
    if ('any' in c) return c.any.forEach(collect);
    if ('not' in c) return collect(c.not);
    if ('flag' in c) byId.add(c.flag);
    if ('flagRaised' in c) bySeverity.push(c.flagRaised);
  };
  rubric.recommendations.forEach((r) => r.when && collect(r.when));
  const dimensionsOf = (when: Condition) => new Set(questionsIn(when).map((id) => rubric.questions.find((q) => q.id === id)?.dimension));
  const isRead = (id: string, severity: Severity, dimensions: Set<string | undefined>) =>
    byId.has(id) || bySeverity.some((s) => s.severity.includes(severity) && (!s.dimension || dimensions.has(s.dimension)));

  const problems: RubricProblem[] = [];
  const judge = (id: string, severity: Severity, dimensions: Set<string | undefined>, informational: string | undefined, at: RubricPath) => {
    const read = isRead(id, severity, dimensions);
    if (!read && !informational) problems.push({ path: at, message: `flag "${id}" changes no recommendation: make a rule read it, or say why it does not in "informational"` });
    if (read && informational) problems.push({ path: [...at, 'informational'], message: `flag "${id}" is read by a recommendation rule, so it is not informational` });
  };
  rubric.flags.forEach((f, fi) => judge(f.id, f.severity, dimensionsOf(f.when), f.informational, ['flags', fi]));
  const gap = rubric.perceptionGap?.flag;
  if (gap) judge(gap.id, gap.severity, new Set(['leadership']), gap.informational, ['perceptionGap', 'flag']);
  return problems;
}
