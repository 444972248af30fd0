/**
 * Report sentences as markup: escaped first, then each claim id (P1, C5, …)
 * becomes a small link to the claim's plain sentence on the same page, and the
 * first mention of each cited source a link to its line under "Sources". The
 * only markup added is the app's own links; every word of rubric or user text
 * goes through the escape, so the result is safe for a triple-brace slot.
 */
import { REFERENCES, type Reference } from '../../core/argument/references.ts';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#x60;', '=': '&#x3D;' })[c]!);

export const claimAnchor = (id: string) => `claim-${id}`;
export const sourceAnchor = (id: string) => `source-${id}`;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface ClaimLine {
  id: string;
  anchor: string;
  /** "Register" from "Register: engaging customers …" (the rubric writes its claims as a name, a colon, a sentence). */
  name: string;
  sentence: string;
}

/** Splits a rubric claim into its short name and its sentence. */
export function claimLine(claim: { id: string; text: string }): ClaimLine {
  const colon = claim.text.indexOf(': ');
  const name = colon > 0 && colon < 60 ? claim.text.slice(0, colon) : '';
  const sentence = name ? claim.text.slice(colon + 2) : claim.text;
  return { id: claim.id, anchor: claimAnchor(claim.id), name, sentence: sentence.charAt(0).toUpperCase() + sentence.slice(1) };
}

/** What a linker needs that depends only on the claims and the sources: made once per rubric, not per page (building and compiling the pattern of every mention was a fifth of a report's cost). */
function prepare(claims: readonly { id: string; text: string }[], references: readonly Reference[]) {
  const claimNames = new Map(claims.map((c) => [c.id, claimLine(c).name || c.id]));
  const mentions = references.flatMap((r) => r.mentions.map((m) => ({ ref: r, text: m }))).sort((a, b) => b.text.length - a.text.length);
  const ids = [...claimNames.keys()].map(escapeRegExp);
  const pattern = new RegExp(
    // A mention ends where a word does: "the post" is not the start of "the posting".
    [...mentions.map((m) => `${escapeRegExp(escapeHtml(m.text))}(?!\\w)`), ...(ids.length ? [`\\b(?:${ids.join('|')})\\b`] : [])].join('|'),
    'gi',
  );
  const idPattern = ids.length ? new RegExp(`\\b(?:${ids.join('|')})\\b`, 'g') : /(?!)/g;
  const linkIdsOnly = (text: string): string => escapeHtml(text).replace(idPattern, (id) => `<a href="#${claimAnchor(id)}" class="claim-ref">${id}</a>`);
  // The longest mention first, as the pattern tries them: on equal text the first one wins.
  const byMention = new Map(mentions.map((m) => [escapeHtml(m.text).toLowerCase(), m] as const).reverse());
  return {
    claimNames,
    pattern,
    byMention,
    sources: references.map((r) => ({ id: r.id, anchor: sourceAnchor(r.id), name: r.name, sentence: linkIdsOnly(r.sentence) })),
  };
}

/** Rubrics and the sources list live as long as the process: keyed by their arrays. */
const prepared = new WeakMap<readonly Reference[], WeakMap<readonly { id: string; text: string }[], ReturnType<typeof prepare>>>();
function preparedFor(claims: readonly { id: string; text: string }[], references: readonly Reference[]) {
  let byClaims = prepared.get(references);
  if (!byClaims) prepared.set(references, (byClaims = new WeakMap()));
  let made = byClaims.get(claims);
  if (!made) byClaims.set(claims, (made = prepare(claims, references)));
  return made;
}

/**
 * One linker per page: it remembers which sources were already linked, so call
 * it on the page's texts in the order the page shows them.
 */
export function reportLinker(claims: readonly { id: string; text: string }[], references: readonly Reference[] = REFERENCES) {
  const { claimNames, pattern, byMention, sources } = preparedFor(claims, references);
  const seen = new Set<string>();

  const link = (text: string): string =>
    escapeHtml(text).replace(pattern, (found) => {
      const name = claimNames.get(found);
      if (name !== undefined) return `<a href="#${claimAnchor(found)}" class="claim-ref" title="${escapeHtml(name)}">${found}</a>`;
      const mention = byMention.get(found.toLowerCase());
      if (!mention || seen.has(mention.ref.id)) return found;
      seen.add(mention.ref.id);
      return `<a href="#${sourceAnchor(mention.ref.id)}" class="source-ref">${found}</a>`;
    });

  return {
    link,
    /** Every source, each with its sentence (whose claim ids are linked too). */
    sources: () => sources.map((s) => ({ ...s })),
  };
}
export type ReportLinker = ReturnType<typeof reportLinker>;
