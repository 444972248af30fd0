/**
 * What one assessment looks like when it leaves the tool as JSON, who may get
 * which of its ids, and the file name. The CSV is one table: `single-csv.ts`;
 * the workbook: `single-workbook.ts`. Plain data only.
 */
import type { Assessment, FullAssessment } from '../assessment/assessment.ts';
import type { Rubric } from '../rubric/schema.ts';

export const EXPORT_SCHEMA_VERSION = 1;

/** Who downloads one assessment's export: its keys go only to those who hold them already. */
export type ExportReader = 'consultant' | 'respondent' | 'shared';

/**
 * The copy of an assessment an export may carry for `reader`. The report's id is
 * its respondent's key: a share link's reader does not get it. The organisation's
 * id continues its history and the round's invitation id ties the answers
 * to one invitation: only the consultant gets those. A withheld id is "".
 */
export function exportCopy(assessment: FullAssessment, reader: ExportReader): FullAssessment {
  if (reader === 'consultant') return assessment;
  const { invitationId: _invitation, roundId: _round, ...rest } = assessment;
  return { ...rest, id: reader === 'shared' ? '' : assessment.id, organisationId: '' };
}

export function assessmentJson(assessment: FullAssessment, rubric: Rubric) {
  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    rubric: { id: rubric.id, version: rubric.version, title: rubric.title },
    assessment,
    answers: answerRows(assessment, rubric).map(([questionId, dimension, facet, claims, prompt, value, label, score, weight, unsure, note]) => ({
      questionId, dimension, facet, claims: String(claims).split(' ').filter(Boolean), prompt, value, label, score, weight, unsure, note,
    })),
  };
}

export type Cell = string | number | boolean | null;

export const ANSWER_HEADER = ['question_id', 'dimension', 'facet', 'claims', 'prompt', 'value', 'label', 'score', 'weight', 'unsure', 'note'] as const;

export function answerRows(assessment: Assessment, rubric: Rubric): Cell[][] {
  return rubric.questions.map((q) => {
    const value = assessment.answers[q.id] ?? null;
    const option = q.options.find((o) => o.value === value);
    return [q.id, q.dimension, q.facet, q.claims.join(' '), q.prompt, value, option?.label ?? null, option ? option.score : null, q.weight, option?.unsure === true, assessment.notes[q.id] ?? null];
  });
}

/** A name safe in a Content-Disposition header and on any file system. */
export function exportFileName(organisation: string, day: string, extension: string): string {
  const safe = organisation
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${safe || 'organisation'}-${day}.${extension}`;
}
