/**
 * An organisation's head as the start-up index keeps it (start-index.ts): each
 * assessment a row of values in a fixed order, without the field names and
 * without what a summary repeats of its assessment and organisation; and each
 * word that many heads repeat (bands, codes, flag ids, a plan's action titles
 * and owners, flag messages) written once, in the index's word list, and
 * referred to by its number. A start then parses about a third of the bytes,
 * and every head shares one copy of each word. The order below is the index's
 * format: a change to it is a new index version.
 *
 *   organisation row  [size, mtimeMs, organisation, shareLinks, rounds | 0, assessment rows]
 *   assessment row    [id, status#, createdAt, updatedAt, rubricId#, rubricVersion#,
 *                      submittedAt, roundId, invitationId, nonce, summary row?]   (0 for a field not set)
 *   summary row       [overall, band#, confidence, [dimension id#, score, band#, ...],
 *                      recommendation#, reassessBy#, [flag#, ...], [title#, owner#, due#, ...] | 0,
 *                      detail | 0, who | 0, kind | 0]
 *   detail            [createdAt, {dimension id: [facet id#, score, band#, ...]}, title#, provisional,
 *                      [message#, ...], role# | -1]
 *
 * `#` marks a word's number. `who` is the organisation's name, sector and size
 * as the assessment recorded them, only where they differ from the
 * organisation's record; `kind` is [kind, respondents, roundState] only where
 * the summary is not one person's assessment.
 */
import type { Organisation } from '../core/assessment/assessment.ts';
import type { StoredSummary } from '../core/ports.ts';
import type { SummaryDetail } from '../core/export/summary-detail.ts';
import { shared } from '../core/portfolio/summary.ts';
import type { AssessmentHead, OrgHead } from './org-heads.ts';

type Row = unknown[];

const or0 = <T>(v: T | undefined): T | 0 => (v === undefined ? 0 : v);

/** Writes heads as rows, numbering each word the first time it is met. */
export function headRowWriter() {
  const numbers = new Map<string, number>();
  const words: string[] = [];
  const word = (w: string): number => {
    let n = numbers.get(w);
    if (n === undefined) {
      n = words.push(w) - 1;
      numbers.set(w, n);
    }
    return n;
  };
  const wordsIn = (list: ReadonlyArray<string | number>) => list.map((v) => (typeof v === 'string' ? word(v) : v));

  function detailRow(d: SummaryDetail): Row {
    const facets: Record<string, number[]> = {};
    for (const [id, flat] of Object.entries(d.facets)) facets[id] = wordsIn(flat);
    return [d.createdAt, facets, word(d.title), d.provisional, d.flagMessages.map(word), d.role === undefined ? -1 : word(d.role)];
  }

  function summaryRow(s: StoredSummary, org: Organisation): Row {
    const dims: number[] = [];
    for (const [id, d] of Object.entries(s.dimensions)) dims.push(word(id), d.score, word(d.band));
    const sameWho = s.organisation === org.name && s.sector === (org.sector ?? null) && s.size === (org.size ?? null);
    const single = s.kind === 'assessment' && s.respondents === 1 && s.roundState === undefined;
    return [
      s.overall, word(s.band), s.confidence, dims, word(s.recommendation), word(s.reassessBy), s.flags.map(word),
      s.actions.length ? s.actions.flatMap((a) => [word(a.title), word(a.owner), word(a.due)]) : 0,
      s.detail ? detailRow(s.detail) : 0,
      sameWho ? 0 : [s.organisation, s.sector, s.size], single ? 0 : [s.kind, s.respondents, s.roundState ?? null],
    ];
  }

  function assessmentRow(a: AssessmentHead, org: Organisation): Row {
    const row: Row = [a.id, word(a.status), a.createdAt, a.updatedAt, word(a.rubricId), word(a.rubricVersion), or0(a.submittedAt), or0(a.roundId), or0(a.invitationId), or0(a.nonce)];
    if (a.summary) row.push(summaryRow(a.summary, org));
    return row;
  }

  return {
    /** The row of a head, with the size and mtime its file had when the head was taken. */
    row(head: OrgHead, size: number, mtimeMs: number): Row {
      const org = head.organisation;
      return [size, mtimeMs, org, head.shareLinks, or0(head.rounds), head.assessments.map((a) => assessmentRow(a, org))];
    },
    /** Every word numbered so far, by number: written before the rows that use them. */
    words: (): readonly string[] => words,
  };
}

/** Reads rows written with these words (one shared copy of each). Throws on a row of another shape or a word it does not have. */
export function headRowReader(wordList: readonly string[]) {
  const words = wordList.map((w) => shared(w));
  const word = <T extends string = string>(n: unknown): T => {
    const w = words[n as number];
    if (w === undefined) throw new Error(`a row names word ${String(n)}, which the index does not have`);
    return w as T;
  };
  const wordsIn = (list: ReadonlyArray<number>, at: (i: number) => boolean) => list.map((v, i) => (at(i) ? word(v) : v));

  function detailOf(r: Row): SummaryDetail {
    const [createdAt, facets, title, provisional, messages, role] = r as [string, Record<string, number[]>, number, boolean, number[], number];
    const detail: SummaryDetail = { createdAt, facets: {}, title: word(title), provisional, flagMessages: messages.map(word) };
    // Each facet is [id, score, band]: the id and the band are words.
    for (const [id, flat] of Object.entries(facets)) detail.facets[id] = wordsIn(flat, (i) => i % 3 !== 1);
    if (role !== -1) detail.role = word(role);
    return detail;
  }

  function summaryOf(r: Row, head: AssessmentHead, org: Organisation): StoredSummary {
    const [overall, band, confidence, dims, recommendation, reassessBy, flags, actions, detail, who, kind] = r as [
      number, number, number, number[], number, number, number[], number[] | 0, Row | 0,
      [string, string | null, string | null] | 0, [StoredSummary['kind'], number, StoredSummary['roundState'] | null] | 0,
    ];
    const dimensions: StoredSummary['dimensions'] = {};
    for (let i = 0; i < dims.length; i += 3) dimensions[word(dims[i])] = { score: dims[i + 1]!, band: word(dims[i + 2]) };
    const plan: Array<StoredSummary['actions'][number]> = [];
    if (actions) for (let i = 0; i < actions.length; i += 3) plan.push({ title: word(actions[i]), owner: word(actions[i + 1]), due: word(actions[i + 2]) });
    const summary: StoredSummary = {
      id: head.id,
      organisationId: org.id,
      organisation: who ? who[0] : org.name,
      sector: shared(who ? who[1] : (org.sector ?? null)),
      size: shared(who ? who[2] : (org.size ?? null)),
      rubricId: head.rubricId,
      rubricVersion: head.rubricVersion,
      submittedAt: head.submittedAt!,
      overall,
      band: word(band),
      confidence,
      dimensions,
      recommendation: word(recommendation),
      reassessBy: word(reassessBy),
      flags: flags.map(word),
      kind: kind ? kind[0] : 'assessment',
      respondents: kind ? kind[1] : 1,
      ...(kind && kind[2] !== null ? { roundState: shared(kind[2]) } : {}),
      actions: plan,
    };
    if (detail) summary.detail = detailOf(detail);
    return summary;
  }

  function assessmentOf(r: Row, org: Organisation): AssessmentHead {
    const [id, status, createdAt, updatedAt, rubricId, rubricVersion, submittedAt, roundId, invitationId, nonce, summary] = r as [
      string, number, string, string, number, number, string | 0, string | 0, string | 0, string | 0, Row | undefined,
    ];
    // Only the fields that are set, as org-heads.ts makes them.
    const head: AssessmentHead = { id, status: word(status), createdAt, updatedAt, rubricId: word(rubricId), rubricVersion: word(rubricVersion) };
    if (submittedAt) head.submittedAt = submittedAt;
    if (roundId) head.roundId = roundId;
    if (invitationId) head.invitationId = invitationId;
    if (nonce) head.nonce = nonce;
    if (summary) head.summary = summaryOf(summary, head, org);
    return head;
  }

  return {
    /** The head a row stands for, with its file's size and mtime. */
    head(row: Row): { head: OrgHead; size: number; mtimeMs: number } {
      const [size, mtimeMs, organisation, shareLinks, rounds, assessments] = row as [number, number, Organisation, OrgHead['shareLinks'], OrgHead['rounds'] | 0, Row[]];
      if (typeof size !== 'number' || typeof organisation?.id !== 'string' || !Array.isArray(assessments)) throw new Error('a row of another shape');
      const head: OrgHead = { organisation, assessments: assessments.map((a) => assessmentOf(a, organisation)), shareLinks, ...(rounds ? { rounds } : {}) };
      return { head, size, mtimeMs };
    },
  };
}
