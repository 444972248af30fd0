/**
 * Everything the report shows, precomputed: the template only lays it out.
 * It carries no id and no address: who reads the page decides which links it
 * may hold (see report-page-query.ts).
 */
import type { FullAssessment } from '../../core/assessment/assessment.ts';
import { labelOf, SECTORS, SIZES } from '../../core/assessment/profile-options.ts';
import { RESPONDENT_ROLE_OPTIONS } from '../../core/roles.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import { bandLinesOf, bandLinesView } from '../../core/scoring/bands.ts';
import { barChart, scoreBar, type ChartBand } from './score-chart.ts';
import { dueIn, longDate, relative } from './dates.ts';
import { BAND_TEXT } from '../../core/scoring/band-text.ts';
import { findOutFirst } from '../../core/assessment/find-out.ts';
import { isUnknown, knownWeightShare } from '../../core/scoring/known.ts';
import type { Contribution } from '../../core/scoring/types.ts';
import { claimLine, reportLinker } from './report-text.ts';
import { flagBecause, rationaleInWords } from './report-evidence.ts';

/** Below half the weight known, a facet's score says more about what nobody knew than about the organisation. */
const MOSTLY_UNKNOWN = 0.5;

/** "3 of 5 answered; 2 not known", counting the questions that applied. */
function knownCounts(contributions: readonly Contribution[]) {
  const asked = contributions.filter((c) => !c.notApplicable);
  const unknown = asked.filter(isUnknown).length;
  const mostlyUnknown = asked.length > 0 && knownWeightShare(contributions, 1) < MOSTLY_UNKNOWN;
  return {
    answered: asked.length - unknown,
    asked: asked.length,
    unknown,
    mostlyUnknown,
    knownText: unknown ? `${asked.length - unknown} of ${asked.length} answered; ${unknown} not known` : '',
  };
}


// Over 60 lines because it is one view model, the template's fields in order; split, the page's shape would be scattered.
export function reportView(assessment: FullAssessment, rubric: Rubric, now: Date) {
  const result = assessment.result;
  if (!result) throw new Error('report of an unsubmitted assessment');
  // Called on the page's texts in the order the page shows them, so the first mention of a source is the one linked.
  const linker = reportLinker(rubric.claims);
  const questions = new Map(rubric.questions.map((q) => [q.id, q]));
  const submittedAt = assessment.submittedAt ?? assessment.updatedAt;

  const dimensions = rubric.dimensions.map((d) => {
    const ds = result.dimensions[d.id]!;
    const dimensionKnown = knownCounts(Object.values(ds.facets).flatMap((f) => f.contributions));
    return {
      id: d.id,
      title: ds.title,
      score: ds.score,
      confidence: ds.confidence,
      ...dimensionKnown,
      band: (dimensionKnown.mostlyUnknown ? 'unknown' : ds.band) as ChartBand,
      bandText: dimensionKnown.mostlyUnknown ? 'Mostly not known' : BAND_TEXT[ds.band],
      bar: scoreBar(ds.score, dimensionKnown.mostlyUnknown ? 'unknown' : ds.band),
      facets: d.facets.map((f) => {
        const fs = ds.facets[f.id]!;
        const known = knownCounts(fs.contributions);
        const band: ChartBand = known.mostlyUnknown ? 'unknown' : fs.band;
        return {
          id: f.id,
          title: fs.title,
          score: fs.score,
          ...known,
          band,
          bandText: known.mostlyUnknown ? 'Mostly not known' : BAND_TEXT[fs.band],
          bar: scoreBar(fs.score, band),
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
  const recommendation = {
    code: rec.code,
    title: rec.title,
    summary: linker.link(rec.summary),
    provisional: rec.provisional === true,
    rationale: rationaleInWords(rubric, rec, result).map(linker.link),
    speakerModel: { fits: rec.speakerModel.fits, explanation: linker.link(rec.speakerModel.explanation) },
  };
  const flags = result.flags.map((f) => {
    const informational = flagRules.get(f.id)?.informational;
    return {
      severity: f.severity,
      message: linker.link(f.message),
      because: flagBecause(rubric, f),
      claims: f.claims.length ? linker.link(f.claims.join(', ')) : '',
      informational: informational ? linker.link(informational) : undefined,
    };
  });
  const actions = rec.actions.map((a) => ({ ...a, title: linker.link(a.title), dueLong: longDate(a.due), dueIn: dueIn(a.due, now), claims: a.claims.length ? linker.link(a.claims.join(', ')) : '' }));
  const claims = rubric.claims.map((c) => {
    const line = claimLine(c);
    return { ...line, sentence: linker.link(line.sentence) };
  });
  const findOut = findOutFirst(rubric, assessment.answers);
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
    findOut,
    unknownCount: findOut.reduce((n, g) => n + g.questions.length, 0),
    chart: barChart(chartRows, `Scores for ${assessment.organisation.name}`, [bandLinesOf(rubric).partial, bandLinesOf(rubric).strong]),
    dimensions,
    // A flag the rubric calls informational does not change the verdict; the report says so, apart from the others.
    flags: flags.filter((f) => !f.informational),
    informationalFlags: flags.filter((f) => f.informational),
    anyFlag: flags.length > 0,
    recommendation: {
      ...recommendation,
      actions,
      reassessBy: { long: longDate(rec.reassessBy), ...dueIn(rec.reassessBy, now), iso: rec.reassessBy },
    },
    claims,
    sources: linker.sources(),
  };
}
