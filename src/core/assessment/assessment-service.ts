/**
 * Creating, updating and reading assessments. The clock and the id source come
 * in as arguments, so the service is as testable as the scoring it calls.
 */
import type { RubricRef, RubricRegistry } from '../rubric/registry.ts';
import type { Rubric } from '../rubric/schema.ts';
import { evaluate } from '../evaluate.ts';
import { ConflictError, GoneError, NotFoundError, ValidationError } from '../errors.ts';
import { ALREADY_SUBMITTED, type Assessment, type AssessmentInput, type AssessmentStatus, type FullAssessment } from './assessment.ts';
import { compactIfLossless, compactRecord, withFullResult } from './compact-result.ts';
import type { AssessmentStore, ImportStore, OrganisationStore, RoundStore, ShareLinkStore } from '../ports.ts';
import { invitationIdOf, roundState } from '../rounds/round.ts';
import type { Role } from '../roles.ts';
import { checkInput } from './check-input.ts';
import { conflictsWithStore, importPortfolio } from '../export/import-portfolio.ts';
import { portfolioFromStore } from '../export/portfolio-json.ts';
import type { PortfolioDocument } from '../export/portfolio-json.ts';
import { dayOf } from '../dates.ts';

export interface ServiceDeps {
  store: AssessmentStore & OrganisationStore & RoundStore & ShareLinkStore & ImportStore;
  rubrics: RubricRegistry;
  now: () => Date;
  newId: () => string;
}

export interface CreateOptions {
  /** The form's one-time value: the same nonce twice stores one assessment. */
  nonce?: string | undefined;
  /** Join this organisation's history. */
  organisationId?: string | undefined;
  /** Answer as one respondent of a round, through an invitation. */
  round?: { roundId: string; invitationToken: string; role: Role } | undefined;
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;

// Over 60 lines because it is a factory: one closure over the store, clock and ids returning short methods.
/** As stored-schema.ts allows. */
const MAX_NONCE = 100;

export function createAssessmentService({ store, rubrics, now, newId }: ServiceDeps) {
  const rubricFor = (ref: Partial<RubricRef>): Rubric => {
    if (!ref.id) return rubrics.defaultRubric();
    const rubric = rubrics.get(ref.id, ref.version);
    if (!rubric) {
      const known = rubrics.list().map((r) => `${r.id}@${r.version}`).join(', ');
      throw new ValidationError([{ field: 'rubricId', message: `unknown rubric "${ref.id}${ref.version ? '@' + ref.version : ''}"; known: ${known}` }]);
    }
    return rubric;
  };

  const shape = (rubric: Rubric, input: AssessmentInput, status: AssessmentStatus): AssessmentInput => {
    const errors = checkInput(rubric, input, status);
    if (errors.length) throw new ValidationError(errors);
    return {
      organisation: {
        name: input.organisation.name.trim(),
        sector: input.organisation.sector || undefined,
        size: input.organisation.size || undefined,
      },
      respondent: { role: input.respondent.role || undefined },
      answers: { ...input.answers },
      notes: Object.fromEntries(Object.entries(input.notes).filter(([, text]) => text.trim() !== '')),
    };
  };

  // `a` is a draft: it has no result to keep.
  const finish = (rubric: Rubric, { result: _none, ...a }: Assessment, status: AssessmentStatus, at: string): FullAssessment =>
    status === 'submitted' ? { ...a, status, submittedAt: at, result: evaluate(rubric, a.answers, dayOf(at)) } : { ...a, status };

  /** What a write gives back: the record as stored, its result in full (the one just made when it is this record, not derived again). */
  const givenBack = (saved: Assessment, written: FullAssessment): FullAssessment =>
    saved.id === written.id && written.result ? { ...saved, result: written.result } : withFullResult(saved, rubrics);

  const service = {
    rubricFor,

    /**
     * A new assessment. With `organisationId` it joins that organisation's
     * history (matched by record, never by comparing typed names) and takes
     * the organisation's name from the record.
     */
    async create(ref: Partial<RubricRef>, input: AssessmentInput, status: AssessmentStatus, options: CreateOptions = {}): Promise<FullAssessment> {
      const { nonce, round } = options;
      // The store keeps at most 100 characters: a longer nonce would make the stored file unreadable.
      if (nonce !== undefined && (nonce.length === 0 || nonce.length > MAX_NONCE)) throw new ValidationError([{ field: 'nonce', message: `must be 1 to ${MAX_NONCE} characters; got ${nonce.length}` }]);
      const organisationId = round ? (await store.getRound(round.roundId))?.organisationId : options.organisationId;
      if (round) {
        const r = await store.getRound(round.roundId);
        if (!r || roundState(r, dayOf(now())) === 'closed') throw new GoneError('this round has closed; answers are no longer taken');
        ref = { id: r.rubricId, version: r.rubricVersion };
        input = { ...input, respondent: { role: round.role } };
      }
      const rubric = rubricFor(ref);
      const existing = organisationId ? await store.getOrganisation(organisationId) : undefined;
      if (organisationId && !existing) throw new ValidationError([{ field: 'organisationId', message: 'unknown organisation; start a new assessment without it' }]);
      const named = existing ? { ...input, organisation: { ...input.organisation, name: existing.name } } : input;
      const clean = shape(rubric, named, status);
      const at = now().toISOString();
      const organisation = existing ? undefined : { id: newId(), ...clean.organisation, createdAt: at };
      const draft: Assessment = {
        id: newId(),
        rubricId: rubric.id,
        rubricVersion: rubric.version,
        organisationId: existing?.id ?? organisation!.id,
        ...clean,
        status: 'draft',
        createdAt: at,
        updatedAt: at,
        ...(round ? { roundId: round.roundId, invitationId: invitationIdOf(round.invitationToken) } : {}),
      };
      const written = finish(rubric, draft, status, at);
      return givenBack(await store.create(compactRecord(written), organisation, nonce), written);
    },

    /**
     * One respondent's answers through an invitation token: the round fixes the
     * rubric, the organisation and the role. The store refuses a second answer
     * through a one-person invitation inside its write, so concurrent sends store one.
     */
    async answerInvitation(token: string, input: AssessmentInput, status: AssessmentStatus, nonce?: string): Promise<FullAssessment> {
      const found = await store.findInvitation(token);
      if (!found) throw new NotFoundError('invitation');
      if (found.invitation.revokedAt) throw new GoneError('this invitation was withdrawn; ask the person who sent it');
      const organisation = await store.getOrganisation(found.round.organisationId);
      return service.create({}, { ...input, organisation: { name: organisation?.name ?? '' } }, status, {
        nonce,
        round: { roundId: found.round.id, invitationToken: token, role: found.invitation.role },
      });
    },

    async update(id: string, input: AssessmentInput, status: AssessmentStatus): Promise<FullAssessment> {
      const existing = await store.get(id);
      if (!existing) throw new NotFoundError('assessment');
      // A quick refusal; the one that counts is made again inside the write.
      if (existing.status === 'submitted') throw new ConflictError(ALREADY_SUBMITTED);
      if (existing.roundId) {
        const r = await store.getRound(existing.roundId);
        if (r && roundState(r, dayOf(now())) === 'closed') throw new ConflictError('this round has closed; answers are no longer taken');
        // A respondent's role comes from their invitation, not from the form.
        input = { ...input, respondent: existing.respondent };
      }
      const rubric = rubricFor({ id: existing.rubricId, version: existing.rubricVersion });
      const clean = shape(rubric, input, status);
      const at = now().toISOString();
      // Compare-and-set: of a submit and saves sent at once, the first one written wins and the rest get 409.
      let written: FullAssessment | undefined;
      const saved = await store.updateIf(id, 'draft', (current) => {
        written = finish(rubric, { ...current, ...clean, updatedAt: at }, status, at);
        return compactRecord(written);
      });
      return givenBack(saved, written!);
    },

    async organisation(id: string) {
      return store.getOrganisation(id);
    },

    /** Every organisation, for exports. */
    organisations: () => store.listOrganisations(),
    /** An organisation's assessments, oldest first. */
    history: (organisationId: string) => store.assessmentsOf(organisationId),
    /** An organisation's assessments for a bulk export's pass over many organisations: read without being kept in memory. */
    historyInPassing: (organisationId: string) => store.assessmentsOf(organisationId, { keep: false }),
    /** Every assessment, organisation by organisation: for exports (every full record is read). */
    list: () => store.list(),
    /** Every submitted single assessment's summary, without reading the full records: for listings. */
    summaries: () => store.summaries(),
    /** Changes whenever anything stored changes: a key for caches of derived data. */
    revision: () => store.revision(),
    /** Adds a checked portfolio document (see `checkPortfolio`); what is already stored is skipped. Results are stored compact where that loses nothing. */
    importPortfolio: (doc: PortfolioDocument, onProgress?: (done: number, total: number) => void) => importPortfolio(store, doc, onProgress, (a) => compactIfLossless(a, rubrics)),
    /** What in a checked document clashes with what is stored (an organisation id used for another organisation). */
    importConflicts: (doc: PortfolioDocument) => conflictsWithStore(store, doc),
    /** A portfolio document of these assessments, with their organisations, rounds and share links: a backup that restores. */
    exportPortfolio: (assessments: readonly Assessment[], exportedAt: string) => portfolioFromStore(store, assessments, exportedAt),

    /** The record a reader is shown (report, export, API): the one place a stored result is made whole again. */
    async get(id: string): Promise<FullAssessment> {
      const found = await store.get(id);
      if (!found) throw new NotFoundError('assessment');
      return withFullResult(found, rubrics);
    },

    /** A listed record in full, for the portfolio export's writer (one record at a time, as it streams). */
    full: (a: Assessment): FullAssessment => withFullResult(a, rubrics),
  };
  return service;
}
