/** The report as plain text for a terminal: the same content as the web page, in reading order. */
import type { Result } from '../core/evaluate.ts';
import type { Rubric } from '../core/rubric/schema.ts';
import { BAND_TEXT } from '../core/scoring/band-text.ts';
import { bandLinesOf, bandLinesText } from '../core/scoring/bands.ts';
import type { Answers } from '../core/scoring/score.ts';
import { findOutFirst } from '../core/assessment/find-out.ts';


function wrap(text: string, indent: string, width = 78): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

export function textReport(organisation: string, rubric: Rubric, result: Result, scoredOn: string, answers: Answers = {}): string {
  const rec = result.recommendation;
  const out: string[] = [
    `Social media ownership report: ${organisation}`,
    `Rubric: ${rubric.title}, version ${rubric.version} (${rubric.id}); scored on ${scoredOn}`,
    '',
    `RECOMMENDATION: ${rec.title} [${rec.code}]${rec.provisional ? ' (provisional)' : ''}`,
    ...wrap(rec.summary, '  '),
    '',
    '  Why:',
    ...rec.rationale.flatMap((r) => wrap(r, '    ').map((l, i) => (i === 0 ? `  - ${l.trimStart()}` : l))),
    '',
    // The rubric's explanation opens with its own verdict ("Yes.", "No.", "Partly.").
    '  Would "whoever wants it, under a mandate from the top" work here?',
    ...wrap(rec.speakerModel.explanation, '  '),
    '',
    `SCORES (out of 100; ${bandLinesText(bandLinesOf(rubric))})`,
  ];
  const label = (s: string, width: number) => (s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width));
  out.push(`  ${label('Overall', 40)} ${String(result.overall).padStart(3)}  ${BAND_TEXT[result.band].toLowerCase()}`);
  for (const d of Object.values(result.dimensions)) {
    out.push(`  ${label(d.title, 40)} ${String(d.score).padStart(3)}  ${BAND_TEXT[d.band].toLowerCase()}`);
    for (const f of Object.values(d.facets)) out.push(`    ${label(f.title, 38)} ${String(f.score).padStart(3)}  ${BAND_TEXT[f.band].toLowerCase()}`);
  }
  out.push(`  Confidence: ${result.confidence}% of the questions (by weight) were answered with certainty.`);
  const findOut = findOutFirst(rubric, answers);
  if (findOut.length) {
    out.push('', `WHAT TO FIND OUT FIRST (unknown answers count as zero${rec.provisional ? '; the recommendation is provisional until they are known' : ''})`);
    for (const g of findOut) out.push(`  ${g.who}:`, ...g.questions.flatMap((q) => wrap(`${q.prompt} (${q.state})`, '      ').map((l, i) => (i === 0 ? `    - ${l.trimStart()}` : l))));
  }
  out.push('', 'RED FLAGS');
  if (result.flags.length === 0) out.push('  None raised by these answers.');
  for (const f of result.flags) out.push(...wrap(`[${f.severity}] ${f.message} (${f.claims.join(', ')})`, '    ').map((l, i) => (i === 0 ? `  - ${l.trimStart()}` : l)));
  out.push('', 'ACTION PLAN');
  for (const a of rec.actions) out.push(...wrap(`${a.due}: ${a.title} (owner: ${a.owner})`, '    ').map((l, i) => (i === 0 ? `  - ${l.trimStart()}` : l)));
  out.push('', `Reassess by ${rec.reassessBy}.`, '');
  return out.join('\n');
}
