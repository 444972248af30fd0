/**
 * Everything the report shows, precomputed: the template only lays it out.
 * It carries no id and no address: who reads the page decides which links it
 * may hold (see report-page-query.ts).
 */
import type { Assessment } from '../../core/assessment/assessment.ts';
import { labelOf, SECTORS, SIZES } from '../../core/assessment/profile-options.ts';
import { RESPONDENT_ROLE_OPTIONS } from '../../core/roles.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import { bandLinesOf, bandLinesView } from '../../core/scoring/bands.ts';
import { barChart, scoreBar } from './score-chart.ts';
import { dueIn, longDate, relative } from './dates.ts';
import { BAND_TEXT } from '../../core/scoring/band-text.ts';
import { findOutFirst } from '../../core/assessment/find-out.ts';


// Over 60 lines because it is one view model, the template's fields in order; split, the page's shape would be scattered.
export function reportView(assessment: Assessment, rubric: Rubric, now: Date) {
  const result = assessment.result;
  if (!result) throw new Error('report of an unsubmitted assessment');
  const claimText = new Map(rubric.claims.map((c) => [c.id, c.text]));
  const questions = new Map(rubric.questions.map((q) => [q.id, q]));
  const submittedAt = assessment.submittedAt ?? assessment.updatedAt;

  const dimensions = rubric.dimensions.map((d) => {
    const ds = result.dimensions[d.id]!;
    return {
      id: d.id,
      title: ds.title,
      score: ds.score,
      confidence: ds.confidence,
      band: ds.band,
      bandText: BAND_TEXT[ds.band],
      bar: scoreBar(ds.score, ds.band),
      facets: d.facets.map((f) => {
        const fs = ds.facets[f.id]!;
        return {
          id: f.id,
          title: fs.title,
          score: fs.score,
          band: fs.band,
          bandText: BAND_TEXT[fs.band],
          bar: scoreBar(fs.score, fs.band),
          answers: fs.contributions.map((c) => {
            const q = questions.get(c.questionId);
            const option = q?.options.find((o) => o.value === c.value);
            return {
              prompt: q?.prompt ?? c.questionId,
              answer: c.notApplicable ? 'Did not apply' : (option?.label ?? 'Not answered'),
              points: c.score,
              weight: c.weight,
              unsure: c.unsure,
              unanswered: c.value === null && !c.notApplicable,
              notApplicable: c.notApplicable === true,
              note: assessment.notes[c.questionId],
            };
          }),
        };
      }),
    };
  });

  const chartRows = dimensions.flatMap((d) => [
    { label: d.title, score: d.score, band: d.band },
    ...d.facets.map((f) => ({ label: f.title, score: f.score, band: f.band, indent: true })),
  ]);

  const rec = result.recommendation;
  const threshold = rubric.confidence?.threshold ?? 70;
  const flagRules = new Map(rubric.flags.map((f) => [f.id, f]));
  const flags = result.flags.map((f) => ({ ...f, claimsText: f.claims.join(', '), informational: flagRules.get(f.id)?.informational }));
  return {
    title: `Report: ${assessment.organisation.name}`,
    organisation: {
      name: assessment.organisation.name,
      sector: labelOf(SECTORS, assessment.organisation.sector),
      size: labelOf(SIZES, assessment.organisation.size),
    },
    respondentRole: labelOf(RESPONDENT_ROLE_OPTIONS, assessment.respondent.role),
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title },
    bandLines: bandLinesView(bandLinesOf(rubric)),
    submitted: { long: longDate(submittedAt), relative: relative(submittedAt, now), iso: submittedAt },
    overall: { score: result.overall, band: result.band, bandText: BAND_TEXT[result.band], bar: scoreBar(result.overall, result.band) },
    confidence: result.confidence,
    confidenceThreshold: threshold,
    lowConfidence: result.confidence < threshold,
    findOut: findOutFirst(rubric, assessment.answers),
    chart: barChart(chartRows, `Scores for ${assessment.organisation.name}`),
    dimensions,
    // A flag the rubric calls informational does not change the verdict; the report says so, apart from the others.
    flags: flags.filter((f) => !f.informational),
    informationalFlags: flags.filter((f) => f.informational),
    anyFlag: flags.length > 0,
    recommendation: {
      code: rec.code,
      title: rec.title,
      summary: rec.summary,
      provisional: rec.provisional === true,
      rationale: rec.rationale,
      speakerModel: rec.speakerModel,
      actions: rec.actions.map((a) => ({ ...a, dueLong: longDate(a.due), dueIn: dueIn(a.due, now), claimsText: a.claims.join(', ') })),
      reassessBy: { long: longDate(rec.reassessBy), ...dueIn(rec.reassessBy, now), iso: rec.reassessBy },
    },
    claims: rubric.claims.map((c) => ({ id: c.id, text: claimText.get(c.id) })),
  };
}
