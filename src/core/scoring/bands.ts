import type { Band, BandLines, Rubric } from '../rubric/schema.ts';

/** The lines of a rubric that does not set its own: low below 40, partial 40-69, strong 70 and above. */
export const DEFAULT_BAND_LINES: BandLines = { partial: 40, strong: 70 };

/** The band lines a rubric scores with: its own `bands`, or the defaults. */
export function bandLinesOf(rubric: Pick<Rubric, 'bands'>): BandLines {
  return rubric.bands ?? DEFAULT_BAND_LINES;
}

export function bandOf(score: number, lines: BandLines = DEFAULT_BAND_LINES): Band {
  if (score < lines.partial) return 'low';
  if (score < lines.strong) return 'partial';
  return 'strong';
}

/** The band lines as readers see them: "below 40 is low, 40 to 69 partial, 70 and above strong". */
export function bandLinesText(lines: BandLines): string {
  return `below ${lines.partial} is low, ${lines.partial} to ${bandLinesView(lines).partialTop} partial, ${lines.strong} and above strong`;
}

/** The numbers a page prints the lines with: low below `partial`, partial `partial` to `partialTop`, strong from `strong`. */
export function bandLinesView(lines: BandLines): BandLines & { partialTop: number } {
  return { ...lines, partialTop: lines.strong - 1 };
}
