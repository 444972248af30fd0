/**
 * The readable words for the codes an export carries: every column that holds a
 * code (a sector, a dimension, a recommendation, a flag) gets a `_label` or
 * `_title` column beside it, filled from here. Codes stay the contract for
 * scripts; labels are for the person who opens the file as it is.
 */
import type { Assessment } from '../assessment/assessment.ts';
import type { Rubric } from '../rubric/schema.ts';
import type { RaisedFlag } from '../flags.ts';
import { labelOf, SECTORS, SIZES } from '../assessment/profile-options.ts';
import { RESPONDENT_ROLE_OPTIONS } from '../roles.ts';
import type { Cell } from './assessment-export.ts';

/** Several flags' messages in one cell: ids are space-separated, messages (which hold spaces) by " | ". */
export const FLAG_LABEL_SEPARATOR = ' | ';

const orNull = (label: string): string | null => label || null;

export const sectorLabel = (a: Assessment): Cell => orNull(labelOf(SECTORS, a.organisation.sector));
export const sizeLabel = (a: Assessment): Cell => orNull(labelOf(SIZES, a.organisation.size));
export const roleLabel = (a: Assessment): Cell => orNull(labelOf(RESPONDENT_ROLE_OPTIONS, a.respondent.role));
export const flagLabels = (flags: ReadonlyArray<Pick<RaisedFlag, 'message'>>): string => flags.map((f) => f.message).join(FLAG_LABEL_SEPARATOR);

/** Titles of a rubric's dimensions and facets by id; empty for a rubric the app no longer knows. */
export function titlesOf(rubric: Rubric | undefined): { dimension: (id: string) => string | null; facet: (dimension: string, id: string) => string | null } {
  const dimensions = new Map((rubric?.dimensions ?? []).map((d) => [d.id, d]));
  return {
    dimension: (id) => dimensions.get(id)?.title ?? null,
    facet: (dimension, id) => dimensions.get(dimension)?.facets.find((f) => f.id === id)?.title ?? null,
  };
}
