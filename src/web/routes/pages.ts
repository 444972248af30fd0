/** The HTML pages: home, the assessment form (new, resume), and the report. */
import type { Request, Response } from 'express';
import { ConflictError, NotFoundError, StorageUnavailableError, ValidationError, type FieldError } from '../../core/errors.ts';
import type { Rubric } from '../../core/rubric/schema.ts';
import type { AssessmentInput, Organisation } from '../../core/assessment/assessment.ts';
import type { Invitation, Round } from '../../core/rounds/round.ts';
import { isRole } from '../../core/roles.ts';
import type { Assessment } from '../../core/assessment/assessment.ts';
import { thanksView, welcomeView } from '../presenters/respondent-view.ts';
import type { FormViewArgs } from '../presenters/form-view.ts';
import { FIELD, readForm, text, type FormBody } from '../form-fields.ts';
import { formView } from '../presenters/form-view.ts';
import { consultantReportKey, loadReportPage } from '../presenters/report-page-query.ts';
import { renderAppHtml, renderHtml, slottedPageCache, TOKEN_SLOT } from '../page-cache.ts';
import { sendPage, slottedPage, type SlottedPage } from '../slotted-page.ts';
import { timestamp } from '../presenters/dates.ts';
import type { AppDeps } from '../deps.ts';
import { continueAt, invitationClosed } from '../invitation-pages.ts';
import { ID_PATTERN } from '../../core/ids.ts';
import { newId } from '../../platform/ids.ts';
import { STALE_MESSAGES } from '../csrf-guard.ts';
import { isStep, neighbour, readIntent, readStep, resumeStep, stepErrors, STEP_FIELD, type StepIntent } from '../form-steps.ts';

const sameAnswers = (a: Record<string, string>, b: Record<string, string>) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([q, v]) => b[q] === v);
const notSaved = (why: string): FieldError => ({ field: 'form', message: `${why} Nothing was saved this time; your answers are below, as you typed them.` });

/** What a search engine shows under the titles of the two public pages, the home page and the blank form. */
const HOME_DESCRIPTION = 'A short questionnaire that tells an organisation who should own its social media accounts, and why, with a report of what to change first.';
const FORM_DESCRIPTION = 'Answer plain questions about the proposed owner of your social media, their mandate and your leaders, and get a scored report with an action plan.';
/** The page a post came from, when it is one of the paged form's. */
const pagedStep = (body: FormBody, rubric: Rubric): string | undefined => {
  const step = text(body, STEP_FIELD.step);
  return step && isStep(rubric, step) ? step : undefined;
};

const profileDiffers = (a: Assessment, input: AssessmentInput): boolean =>
  (a.organisation.sector ?? '') !== (input.organisation.sector ?? '') ||
  (a.organisation.size ?? '') !== (input.organisation.size ?? '') ||
  (!a.roundId && (a.respondent.role ?? '') !== (input.respondent.role ?? ''));

const STALE_FORM: FieldError = { field: 'form', message: STALE_MESSAGES.assessmentForm };
const STORAGE_UNAVAILABLE = notSaved('The server could not save just now: its storage is full or not writable. What was saved before is intact.');
const tooMany = (wait: string): FieldError => notSaved(`Too many forms were sent from your address; wait ${wait} and send again.`);

/** What a post holds: a page of the paged form sends its own fields (merged into `existing`, the draft); a post without a step is a whole form. */
const readPost = (body: FormBody, rubric: Rubric, existing: Assessment | undefined) => {
  const read = readForm(body, rubric);
  const stepId = pagedStep(body, rubric);
  return { read, stepId, input: stepId ? readStep(body, rubric, stepId, existing) : read.input, step: stepId ?? 'all' };
};

const NOT_CONSULTANT: FieldError = notSaved(
  "This form adds to an organisation's history, which needs the consultant to be signed in. Sign in as the consultant in another tab, then open the form again from the report.",
);

// Over 60 lines because it is a factory: one closure over deps returning short handlers.
export function pageHandlers(deps: AppDeps) {
  const { assessments: service, rubrics, csrf } = deps;
  const rubricFromRef = (ref: unknown): Rubric => {
    const [id, version] = typeof ref === 'string' && ref ? ref.split('@') : [];
    return service.rubricFor({ id, version });
  };

  const renderForm = (
    req: Request,
    res: Response,
    status: number,
    args: {
      rubric: Rubric;
      input?: AssessmentInput;
      errors?: FieldError[];
      assessmentId?: string;
      nonce?: string;
      savedAt?: string;
      organisation?: Organisation | undefined;
      invitation?: FormViewArgs['invitation'];
      step?: string;
      savedWithProblems?: boolean;
    },
  ) => {
    const view = formView({
      ...args,
      action: args.assessmentId ? `/assessments/${args.assessmentId}` : '/assessments',
      publicUrl: deps.publicUrl(),
      nonce: args.nonce || newId(),
      csrfToken: csrf.tokenFor(req, res),
      rubrics: rubrics.list(),
      errors: (args.errors ?? []).filter((e) => e.field !== 'form'),
    });
    res.status(status).render('assessment-form', { ...view, script: 'form.js', notice: args.errors?.find((e) => e.field === 'form')?.message });
  };

  /**
   * The blank form is the same page for everyone but for two hidden values (the
   * CSRF token and the form's nonce): it is rendered once per rubric, with
   * placeholders, and only those two values are put in per request.
   */
  /** A round's respondent never sees a report of their own answers: a thank-you page instead. */
  const renderThanks = async (res: Response, a: Assessment) => {
    const round = a.roundId ? await deps.rounds.find(a.roundId) : undefined;
    if (!round) throw new NotFoundError('assessment');
    const organisation = await service.organisation(a.organisationId);
    const role = isRole(a.respondent.role) ? a.respondent.role : 'other';
    const view = thanksView({ round, state: deps.rounds.state(round), organisation, role, submitted: a.status === 'submitted', draftUrl: `/assessments/${a.id}/edit` });
    res.render('respondent-thanks', view);
  };
  /** The form for a round's own draft: the role fixed, the wording for that role, no token. */
  const respondentOf = (a: Assessment): FormViewArgs['invitation'] => (a.roundId && isRole(a.respondent.role) ? { role: a.respondent.role } : undefined);

  const blankForms = new Map<string, Promise<SlottedPage>>();
  const clock = () => deps.now().getTime();
  // Everyone else's copies, with no hole: about 33 kB a page and its gzip. Readers who open a report at the
  // same moment (a link passed round a team) share one render.
  const reports = slottedPageCache({ maxEntries: 500, maxBytes: 24 * 1024 * 1024, ttlMs: 60_000, clock });
  // The consultant's copies, apart from everyone else's: about 40 kB a page. Their keys name the store's revision.
  const consultantReports = slottedPageCache({ maxEntries: 500, maxBytes: 32 * 1024 * 1024, ttlMs: 60_000, generation: () => service.revision(), clock });
  const NONCE_SLOT = 'nonce0slot0x7f3a';
  const sendBlankForm = async (req: Request, res: Response, rubric: Rubric) => {
    const key = `${rubric.id}@${rubric.version}`;
    let page = blankForms.get(key);
    if (!page) {
      const view = formView({ rubric, action: '/assessments', nonce: NONCE_SLOT, csrfToken: TOKEN_SLOT, rubrics: rubrics.list() });
      page = renderAppHtml(res.app, 'assessment-form', { ...view, script: 'form.js', metaDescription: FORM_DESCRIPTION }).then((html) => slottedPage(html, [TOKEN_SLOT, NONCE_SLOT]));
      blankForms.set(key, page);
      page.catch(() => blankForms.delete(key));
    }
    sendPage(req, res, await page, { [TOKEN_SLOT]: csrf.tokenFor(req, res), [NONCE_SLOT]: newId() });
  };

  /**
   * After a page is saved: Next checks this page's questions (the answers are saved either way)
   * and moves on; Back, a jump and Save draft never check.
   */
  const afterPageSaved = (req: Request, res: Response, a: { rubric: Rubric; input: AssessmentInput; assessmentId: string; invitation: FormViewArgs['invitation']; step: string; intent: StepIntent }) => {
    const { rubric, step, intent } = a;
    if (intent.kind === 'next') {
      const problems = stepErrors(rubric, step, a.input);
      if (problems.length) return renderForm(req, res, 422, { ...a, errors: problems, savedWithProblems: true });
    }
    const to = intent.kind === 'goto' ? intent.to : intent.kind === 'back' ? neighbour(rubric, step, -1) : intent.kind === 'next' ? neighbour(rubric, step, 1) : step;
    res.redirect(303, `/assessments/${a.assessmentId}/edit/${to}?saved=1`);
  };

  return {
    home(_req: Request, res: Response) {
      res.render('home', { title: 'Who should own your social media?', metaDescription: HOME_DESCRIPTION, rubric: rubrics.defaultRubric() });
    },

    async showForm(req: Request, res: Response) {
      let rubric: Rubric;
      try {
        rubric = rubricFromRef(req.query.rubric);
      } catch {
        rubric = rubrics.defaultRubric();
      }
      // A follow-up assessment continues an organisation's history: the consultant's to start
      // (a respondent joins one through a round's invitation). Anyone else gets the blank form.
      const orgId = typeof req.query.organisation === 'string' ? req.query.organisation : '';
      const organisation = res.locals.consultant === true && ID_PATTERN.test(orgId) ? await service.organisation(orgId) : undefined;
      if (!organisation) return sendBlankForm(req, res, rubric);
      const input = { organisation: { name: organisation.name, sector: organisation.sector, size: organisation.size }, respondent: {}, answers: {}, notes: {} };
      renderForm(req, res, 200, { rubric, organisation, input });
    },

    async createFromForm(req: Request, res: Response) {
      const body = (req.body ?? {}) as FormBody;
      const invitationToken = text(body, FIELD.invitation);
      const opened = invitationToken ? await deps.rounds.openInvitation(invitationToken) : undefined;
      if (opened && 'closed' in opened) return invitationClosed(res, opened.closed, 'answers-not-saved');
      if (opened?.existing) return res.redirect(303, continueAt(opened.existing));
      const rubric = opened ? service.rubricFor({ id: opened.round.rubricId, version: opened.round.rubricVersion }) : rubricFromRef(body[FIELD.rubric]);
      const { read, stepId, input, step } = readPost(body, rubric, undefined);
      const { nonce, organisationId } = read;
      // A page of the paged form (the first: the organisation) saves a draft.
      const status = stepId ? 'draft' : read.status;
      const invitation = opened ? { token: opened.invitation.token, role: opened.invitation.role, welcome: welcomeView(opened.round, await service.organisation(opened.round.organisationId), opened.invitation.role, rubric) } : undefined;
      const round = opened ? { roundId: opened.round.id, invitationToken: opened.invitation.token, role: opened.invitation.role } : undefined;
      if (organisationId && !opened && res.locals.consultant !== true) return renderForm(req, res, 403, { rubric, input, nonce, step, errors: [NOT_CONSULTANT] });
      const organisation = opened ? await service.organisation(opened.round.organisationId) : organisationId ? await service.organisation(organisationId) : undefined;
      if (!csrf.isValid(req)) return renderForm(req, res, 403, { rubric, input, nonce, organisation, invitation, step, errors: [STALE_FORM] });
      if (res.locals.rateLimited) return renderForm(req, res, 429, { rubric, input, nonce, organisation, invitation, step, errors: [tooMany(res.locals.rateLimited)] });
      try {
        let saved = await service.create({ id: rubric.id, version: rubric.version }, input, status, { nonce: nonce || undefined, organisationId: organisationId || undefined, round });
        // The first page sent again with its nonce (the browser's Back to it, then Next) finds the draft it made: that draft takes this page's fields.
        if (stepId && saved.status === 'draft' && profileDiffers(saved, input)) saved = await service.update(saved.id, readStep(body, rubric, stepId, saved), 'draft');
        if (stepId) return afterPageSaved(req, res, { rubric, input, assessmentId: saved.id, invitation: respondentOf(saved), step: stepId, intent: readIntent(body, rubric, stepId) });
        res.redirect(303, saved.status === 'submitted' ? `/assessments/${saved.id}` : `/assessments/${saved.id}/edit?saved=1`);
      } catch (err) {
        if (err instanceof ValidationError) return renderForm(req, res, 422, { rubric, input, nonce, organisation, invitation, step, errors: err.details });
        // Another send through the same one-person link won the race: lead to what it stored.
        if (err instanceof ConflictError && opened) {
          const again = await deps.rounds.openInvitation(opened.invitation.token);
          if ('existing' in again && again.existing) return res.redirect(303, continueAt(again.existing));
        }
        if (err instanceof StorageUnavailableError) return renderForm(req, res, 503, { rubric, input, nonce, organisation, invitation, step, errors: [STORAGE_UNAVAILABLE] });
        throw err;
      }
    },

    /** A respondent arriving through a round's invitation (`res.locals.invitation`, set by the rounds' handler): the round's rubric, organisation and role are fixed. */
    async showInvitationForm(req: Request, res: Response) {
      const opened = res.locals.invitation as { round: Round; invitation: Invitation };
      const rubric = service.rubricFor({ id: opened.round.rubricId, version: opened.round.rubricVersion });
      const organisation = await service.organisation(opened.round.organisationId);
      const input = { organisation: { name: organisation?.name ?? '', sector: organisation?.sector, size: organisation?.size }, respondent: { role: opened.invitation.role }, answers: {}, notes: {} };
      const welcome = welcomeView(opened.round, organisation, opened.invitation.role, rubric);
      renderForm(req, res, 200, { rubric, input, organisation, invitation: { token: opened.invitation.token, role: opened.invitation.role, welcome } });
    },

    async showResume(req: Request, res: Response) {
      const assessment = await service.get(String(req.params.id));
      if (assessment.status === 'submitted') return res.redirect(303, `/assessments/${assessment.id}`);
      if (assessment.roundId) {
        const round = await deps.rounds.find(assessment.roundId);
        if (!round || deps.rounds.state(round) === 'closed') return renderThanks(res, assessment);
      }
      const rubric = service.rubricFor({ id: assessment.rubricId, version: assessment.rubricVersion });
      // The draft's address (no step) opens where the person left off: the first page not complete.
      const asked = req.params.step === undefined ? resumeStep(rubric, assessment) : String(req.params.step);
      if (!isStep(rubric, asked)) throw new NotFoundError('page');
      renderForm(req, res, 200, {
        rubric,
        input: assessment,
        assessmentId: assessment.id,
        invitation: respondentOf(assessment),
        savedAt: req.query.saved ? timestamp(assessment.updatedAt) : undefined,
        step: asked,
      });
    },

    async updateFromForm(req: Request, res: Response) {
      const existing = await service.get(String(req.params.id));
      const rubric = service.rubricFor({ id: existing.rubricId, version: existing.rubricVersion });
      const body = (req.body ?? {}) as FormBody;
      const { read, stepId, input, step } = readPost(body, rubric, existing);
      const intent = stepId ? readIntent(body, rubric, stepId) : undefined;
      const status = intent ? (intent.kind === 'submit' ? 'submitted' : 'draft') : read.status;
      // A second click on "Submit" after the first went through (the same answers): show the same report.
      if (existing.status === 'submitted' && status === 'submitted' && sameAnswers(existing.answers, input.answers)) return res.redirect(303, `/assessments/${existing.id}`);
      const invitation = respondentOf(existing);
      if (!csrf.isValid(req)) return renderForm(req, res, 403, { rubric, input, assessmentId: existing.id, invitation, step, errors: [STALE_FORM] });
      if (res.locals.rateLimited) return renderForm(req, res, 429, { rubric, input, assessmentId: existing.id, invitation, step, errors: [tooMany(res.locals.rateLimited)] });
      try {
        const saved = await service.update(existing.id, input, status);
        if (stepId && intent && saved.status !== 'submitted') return afterPageSaved(req, res, { rubric, input, assessmentId: saved.id, invitation, step: stepId, intent });
        res.redirect(303, saved.status === 'submitted' ? `/assessments/${saved.id}` : `/assessments/${saved.id}/edit?saved=1`);
      } catch (err) {
        if (err instanceof ValidationError) return renderForm(req, res, 422, { rubric, input, assessmentId: existing.id, invitation, step, errors: err.details });
        if (err instanceof StorageUnavailableError) return renderForm(req, res, 503, { rubric, input, assessmentId: existing.id, invitation, step, errors: [STORAGE_UNAVAILABLE] });
        if (err instanceof ConflictError) {
          const now = await service.get(existing.id);
          if (now.status === 'submitted' && status === 'submitted' && sameAnswers(now.answers, input.answers)) return res.redirect(303, `/assessments/${existing.id}`);
          return renderForm(req, res, 409, { rubric, input, assessmentId: existing.id, invitation, step, errors: [notSaved(`${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`)] });
        }
        throw err;
      }
    },

    async showReport(req: Request, res: Response) {
      // Everyone else's copy is the same page for a minute; the consultant's (forms, share links, benchmark) is kept apart, per revision.
      // A page is only kept for a submitted report, and a submission is final: a kept page is sent without reading the record.
      const id = String(req.params.id);
      const at = deps.now().getTime();
      const consultantKey = res.locals.consultant === true ? await consultantReportKey(deps, id) : undefined;
      if (consultantKey === undefined) {
        const kept = reports.kept(id, at);
        if (kept) return sendPage(req, res, kept);
      } else {
        const kept = consultantReports.kept(consultantKey, at);
        if (kept) return sendPage(req, res, kept, { [TOKEN_SLOT]: csrf.tokenFor(req, res) });
      }

      const assessment = await service.get(id);
      if (assessment.status !== 'submitted') return res.redirect(303, `/assessments/${assessment.id}/edit`);
      if (assessment.roundId) return renderThanks(res, assessment);
      if (consultantKey !== undefined) {
        const page = await consultantReports.page(consultantKey, at, async (slot) => renderHtml(res, 'report', await loadReportPage(deps, req, res, assessment.id, { csrfToken: slot })));
        return sendPage(req, res, page, { [TOKEN_SLOT]: csrf.tokenFor(req, res) });
      }
      // app.render, not res.render: the page everyone shares carries none of this request's locals.
      const page = await reports.page(assessment.id, at, async () => renderAppHtml(res.app, 'report', await loadReportPage(deps, req, res, assessment.id)));
      sendPage(req, res, page);
    },
  };
}
