/**
 * Checks a portfolio document before anything of it is stored: the format and
 * schema version, each record's shape (real dates included), and what ties
 * records together (unique ids and tokens, each assessment's organisation
 * present, its rubric known to this app, its answers among that rubric's
 * options, its result's dimensions and facets those of the rubric, a result
 * exactly when submitted, each round's and share link's owner in the document).
 * Problems name their path in the document, like `assessments[3].result.overall`,
 * and stop after the first few so a broken file does not bury the message.
 */
import type { FieldError } from '../errors.ts';
import { formatPath } from '../rubric/parse-rubric.ts';
import { IMPORTED_SCHEMA_VERSIONS, PORTFOLIO_FORMAT, PORTFOLIO_SCHEMA_VERSION, type PortfolioDocument } from './portfolio-json.ts';
import { portfolioShape } from './portfolio-schema.ts';
import type { RubricLookup } from './bulk-rows.ts';
import { invitationIdOf } from '../rounds/round.ts';

export const MAX_REPORTED_PROBLEMS = 20;

export type ImportCheck = { ok: true; document: PortfolioDocument } | { ok: false; details: FieldError[] };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function checkPortfolio(input: unknown, rubricOf: RubricLookup, knownRubrics: string[] = []): ImportCheck {
  const refuse = (field: string, message: string): ImportCheck => ({ ok: false, details: [{ field, message }] });
  if (!isObject(input)) return refuse('(document)', 'expected a JSON object: the portfolio export from /api/export.json');
  if (!('format' in input) && 'assessment' in input && 'rubric' in input) {
    return refuse('(document)', 'this is the export of a single assessment; import takes the portfolio export (GET /api/export.json or `social-audit export --format json`)');
  }
  if (input.format !== PORTFOLIO_FORMAT) return refuse('format', `expected "${PORTFOLIO_FORMAT}"; got ${JSON.stringify(input.format) ?? 'nothing'}`);
  if (typeof input.schemaVersion !== 'number' || !IMPORTED_SCHEMA_VERSIONS.includes(input.schemaVersion)) {
    const newer = typeof input.schemaVersion === 'number' && input.schemaVersion > PORTFOLIO_SCHEMA_VERSION;
    return refuse('schemaVersion', `expected ${PORTFOLIO_SCHEMA_VERSION}; got ${JSON.stringify(input.schemaVersion) ?? 'nothing'}${newer ? ' (written by a newer version of the app: upgrade this one first)' : ''}`);
  }

  const shape = portfolioShape.safeParse(input);
  if (!shape.success) {
    return {
      ok: false,
      details: shape.error.issues.slice(0, MAX_REPORTED_PROBLEMS).map((issue) => ({
        field: formatPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
        message: issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message,
      })),
    };
  }
  // The input, not zod's copy: it fits the strict shape, and keeps its own key order.
  const doc = input as unknown as PortfolioDocument;
  const details = checkLinks(doc, rubricOf, knownRubrics);
  return details.length ? { ok: false, details: details.slice(0, MAX_REPORTED_PROBLEMS) } : { ok: true, document: doc };
}

// Over 60 lines because it is a list of independent checks over shared lookups, each a few lines.
function checkLinks(doc: PortfolioDocument, rubricOf: RubricLookup, knownRubrics: string[]): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const listed = new Set(doc.rubrics.map((r) => `${r.id}@${r.version}`));
  const known = knownRubrics.length ? `; this app knows ${knownRubrics.join(', ')}` : '';

  doc.rubrics.forEach((r, i) => {
    if (!rubricOf(r.id, r.version)) add(`rubrics[${i}]`, `unknown rubric ${r.id}@${r.version}${known}. Add its file to the rubrics folder first`);
  });
  const orgIds = new Set<string>();
  doc.organisations.forEach((o, i) => {
    if (orgIds.has(o.id)) add(`organisations[${i}].id`, `duplicate organisation id "${o.id}"`);
    orgIds.add(o.id);
  });

  const seen = new Set<string>();
  doc.assessments.forEach((a, i) => {
    const at = `assessments[${i}]`;
    if (seen.has(a.id)) add(`${at}.id`, `duplicate assessment id "${a.id}"`);
    seen.add(a.id);
    if (!orgIds.has(a.organisationId)) add(`${at}.organisationId`, `organisation "${a.organisationId}" is not in "organisations"`);
    const ref = `${a.rubricId}@${a.rubricVersion}`;
    if (!listed.has(ref)) add(`${at}.rubricVersion`, `rubric ${ref} is not listed in "rubrics"`);
    if (Date.parse(a.updatedAt) < Date.parse(a.createdAt)) add(`${at}.updatedAt`, 'must not be before createdAt');

    if (a.status === 'submitted') {
      if (!a.submittedAt) add(`${at}.submittedAt`, 'a submitted assessment needs its submission time');
      if (!a.result) add(`${at}.result`, 'a submitted assessment needs its result');
    } else {
      if (a.submittedAt) add(`${at}.submittedAt`, 'a draft has no submission time');
      if (a.result) add(`${at}.result`, 'a draft has no result');
    }
    if (a.result && (a.result.rubric.id !== a.rubricId || a.result.rubric.version !== a.rubricVersion)) {
      add(`${at}.result.rubric`, `must be the assessment's rubric ${ref}; got ${a.result.rubric.id}@${a.result.rubric.version}`);
    }

    const rubric = rubricOf(a.rubricId, a.rubricVersion);
    if (!rubric) {
      if (listed.has(ref)) add(`${at}.rubricVersion`, `unknown rubric ${ref}${known}`);
      return;
    }
    const questions = new Map(rubric.questions.map((q) => [q.id, q]));
    for (const [qid, value] of Object.entries(a.answers)) {
      const q = questions.get(qid);
      if (!q) add(`${at}.answers.${qid}`, `unknown question "${qid}" in rubric ${ref}`);
      else if (!q.options.some((o) => o.value === value)) add(`${at}.answers.${qid}`, `answer for "${qid}" must be one of ${q.options.map((o) => o.value).join(', ')}; got "${value}"`);
    }
    for (const qid of Object.keys(a.notes)) {
      if (!questions.has(qid)) add(`${at}.notes.${qid}`, `unknown question "${qid}" in rubric ${ref}`);
    }
    const dimensions = new Map(rubric.dimensions.map((d) => [d.id, new Set(d.facets.map((f) => f.id))]));
    for (const [dimensionId, dimension] of Object.entries(a.result?.dimensions ?? {})) {
      const facets = dimensions.get(dimensionId);
      if (!facets) {
        add(`${at}.result.dimensions.${dimensionId}`, `unknown dimension "${dimensionId}" in rubric ${ref}; it has ${[...dimensions.keys()].join(', ')}`);
        continue;
      }
      for (const facetId of Object.keys(dimension.facets)) {
        if (!facets.has(facetId)) add(`${at}.result.dimensions.${dimensionId}.facets.${facetId}`, `unknown facet "${facetId}" of dimension "${dimensionId}" in rubric ${ref}`);
      }
    }
  });
  checkRoundsAndLinks(doc, orgIds, rubricOf, known, add);
  return problems;
}

function checkRoundsAndLinks(doc: PortfolioDocument, orgIds: Set<string>, rubricOf: RubricLookup, known: string, add: (field: string, message: string) => void): void {
  const rounds = new Map<string, { organisationId: string; invitations: Set<string> }>();
  const tokens = new Set<string>();
  (doc.rounds ?? []).forEach((r, i) => {
    const at = `rounds[${i}]`;
    if (rounds.has(r.id)) add(`${at}.id`, `duplicate round id "${r.id}"`);
    rounds.set(r.id, { organisationId: r.organisationId, invitations: new Set(r.invitations.map((inv) => invitationIdOf(inv.token))) });
    if (!orgIds.has(r.organisationId)) add(`${at}.organisationId`, `organisation "${r.organisationId}" is not in "organisations"`);
    if (!rubricOf(r.rubricId, r.rubricVersion)) add(`${at}.rubricVersion`, `unknown rubric ${r.rubricId}@${r.rubricVersion}${known}`);
    r.invitations.forEach((inv, j) => {
      if (tokens.has(inv.token)) add(`${at}.invitations[${j}].token`, 'duplicate invitation token');
      tokens.add(inv.token);
    });
  });
  const assessments = new Set<string>();
  doc.assessments.forEach((a, i) => {
    assessments.add(a.id);
    const at = `assessments[${i}]`;
    if (a.invitationId && !a.roundId) add(`${at}.invitationId`, 'an invitation belongs to a round: roundId is missing');
    if (!a.roundId) return;
    const round = rounds.get(a.roundId);
    if (!round) add(`${at}.roundId`, `round "${a.roundId}" is not in "rounds"`);
    else if (round.organisationId !== a.organisationId) add(`${at}.roundId`, `round "${a.roundId}" belongs to another organisation`);
    else if (a.invitationId && !round.invitations.has(a.invitationId)) add(`${at}.invitationId`, `not an invitation of round "${a.roundId}"`);
  });
  const links = new Set<string>();
  (doc.shareLinks ?? []).forEach((l, i) => {
    const at = `shareLinks[${i}]`;
    if (links.has(l.token)) add(`${at}.token`, 'duplicate share link token');
    links.add(l.token);
    if (!assessments.has(l.assessmentId)) add(`${at}.assessmentId`, `assessment "${l.assessmentId}" is not in "assessments"`);
  });
}
