/**
 * Server-rendered SVG charts. Built from numbers and titles the app owns; every
 * string is escaped anyway, because rubric text is data a consultant writes.
 */
import type { Band } from '../../core/rubric/schema.ts';

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A score's band, or `unknown` when most of its answers were not known (the score then says little). */
export type ChartBand = Band | 'unknown';

/**
 * The word drawn beside every bar: the band never rests on colour alone, so a
 * reader who cannot tell the colours apart (or prints in grey) still reads it.
 */
export const BAND_LABEL: Record<ChartBand, string> = { low: 'low', partial: 'partial', strong: 'strong', unknown: 'not known' };

export interface ChartRow {
  label: string;
  score: number;
  band: ChartBand;
  indent?: boolean;
}

/** Horizontal bars, 0-100, with the band thresholds marked (`lines`: where partial and strong begin). */
export function barChart(rows: ChartRow[], title: string, lines: readonly number[] = [40, 70]): string {
  const rowHeight = 28;
  const labelWidth = 230;
  const barWidth = 300;
  const width = labelWidth + barWidth + 110;
  const height = rows.length * rowHeight + 24;
  const x = (score: number) => labelWidth + (barWidth * score) / 100;
  const summary = rows.map((r) => `${r.label}: ${r.score} (${BAND_LABEL[r.band]})`).join('; ');
  const bars = rows
    .map((r, i) => {
      const y = i * rowHeight + 4;
      return [
        `<text x="${r.indent ? 16 : 0}" y="${y + 17}" class="chart-label${r.indent ? ' chart-label-facet' : ''}">${escapeXml(r.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${barWidth}" height="16" class="chart-track"/>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(0, x(r.score) - labelWidth)}" height="16" class="chart-bar band-${r.band}"/>`,
        `<text x="${labelWidth + barWidth + 8}" y="${y + 17}" class="chart-value">${r.score}</text>`,
        `<text x="${labelWidth + barWidth + 36}" y="${y + 17}" class="chart-band-label band-label-${r.band}">${BAND_LABEL[r.band]}</text>`,
      ].join('');
    })
    .join('');
  const marks = lines
    .map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="0" y2="${height - 20}" class="chart-threshold"/><text x="${x(t)}" y="${height - 6}" class="chart-axis" text-anchor="middle">${t}</text>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="chart-title chart-desc" class="chart"><title id="chart-title">${escapeXml(title)}</title><desc id="chart-desc">${escapeXml(summary)}</desc>${bars}${marks}</svg>`;
}

/** A single small bar for a score, used beside numbers in tables. */
export function scoreBar(score: number, band: ChartBand): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 8" class="score-bar" aria-hidden="true" focusable="false"><rect width="100" height="8" class="chart-track"/><rect width="${Math.max(0, Math.min(100, score))}" height="8" class="chart-bar band-${band}"/></svg>`;
}
