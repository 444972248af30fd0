/**
 * What an organisation has been given: its deliverable results. A submitted
 * single assessment is one; a round's combined result is another (open rounds
 * too, marked as such). A round's individual responses never are: they exist
 * only combined. The dashboard, its filters, due lists, benchmarks and the
 * `scope=latest` exports all read this one list, so they agree.
 *
 * A round's result takes the shape of an assessment (the same summary, filter
 * and export code reads both), with `round` saying what it is.
 */
import type { Assessment, Organisation } from '../assessment/assessment.ts';
import type { RoundOutcome } from '../rounds/combine-round.ts';
import type { Round, RoundState } from '../rounds/round.ts';

export interface RoundMark {
  respondents: number;
  state: RoundState;
}

export type Deliverable = Assessment & { round?: RoundMark | undefined };

export const isRoundResult = (a: Assessment): a is Deliverable & { round: RoundMark } => (a as Deliverable).round !== undefined;

/** A round's combined result as a deliverable record, dated by its closing (or its latest answer while open). */
export function roundDeliverable(round: Round, organisation: Organisation, outcome: RoundOutcome, state: RoundState, lastAnswerAt: string): Deliverable {
  const at = round.closedAt ?? lastAnswerAt;
  return {
    id: round.id,
    rubricId: round.rubricId,
    rubricVersion: round.rubricVersion,
    organisationId: organisation.id,
    organisation: { name: organisation.name, sector: organisation.sector, size: organisation.size },
    respondent: {},
    answers: {},
    notes: {},
    status: 'submitted',
    createdAt: round.createdAt,
    updatedAt: at,
    submittedAt: at,
    result: { rubric: { id: round.rubricId, version: round.rubricVersion }, ...outcome.combined, flags: outcome.flags, recommendation: outcome.recommendation },
    roundId: round.id,
    round: { respondents: outcome.respondents, state },
  };
}

/** The single assessments (round responses left out) and the rounds' results. */
export const deliverablesOf = (assessments: readonly Assessment[], roundResults: readonly Deliverable[]): Deliverable[] => [...assessments.filter((a) => !a.roundId), ...roundResults];
