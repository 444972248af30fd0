/**
 * The portfolio view's SVG charts, as strings the dashboard inlines. Each has
 * role="img" with a <title> and a <desc> that states every number drawn, and
 * the page puts a table of the same numbers beside it. Every text is escaped:
 * titles and flag ids come from rubrics, which consultants write. Colours come
 * from the app's chart classes, with presentation attributes as a fallback
 * (allowed under the strict CSP, unlike style attributes).
 */
import { bandOf } from '../../core/scoring/bands.ts';
import type { BandLines } from '../../core/rubric/schema.ts';
import { BIN_COUNT, BIN_WIDTH } from '../../core/portfolio/portfolio-stats.ts';

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const svg = (id: string, width: number, height: number, title: string, desc: string, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" class="chart" id="${id}">` +
  `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>${body}</svg>`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Labels longer than this are cut in the drawing; the <desc> and the table beside keep them whole. */
const MAX_LABEL = 52;
const clip = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

export interface CountRow {
  label: string;
  count: number;
}

/** Horizontal bars, one per row, scaled to the largest count. */
export function countChart(id: string, title: string, rows: CountRow[], unit: string): string {
  const rowHeight = 28;
  const labelWidth = 370;
  const barWidth = 220;
  const width = labelWidth + barWidth + 50;
  const height = rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const desc = rows.map((r) => `${r.label}: ${plural(r.count, unit)}`).join('; ') || 'Nothing to show.';
  const bars = rows
    .map((r, i) => {
      const y = i * rowHeight + 4;
      const w = Math.round((barWidth * r.count) / max);
      return (
        `<text x="0" y="${y + 17}" class="chart-label chart-label-facet" fill="#1d2433">${escapeXml(clip(r.label))}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${barWidth}" height="16" class="chart-track" fill="#e6e9ef"/>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="16" class="chart-count" fill="#1f4f99"/>` +
        `<text x="${labelWidth + barWidth + 8}" y="${y + 17}" class="chart-value" fill="#1d2433">${r.count}</text>`
      );
    })
    .join('');
  return svg(id, width, height, title, desc, bars);
}

export const binLabel = (i: number): string => (i === BIN_COUNT - 1 ? `${i * BIN_WIDTH}–100` : `${i * BIN_WIDTH}–${i * BIN_WIDTH + BIN_WIDTH - 1}`);

/**
 * Vertical bars over the ten 10-point bins, coloured by the band each bin
 * falls in, with the median marked.
 */
export function histogram(id: string, title: string, bins: number[], stats: { median: number; min: number; max: number }, lines: BandLines): string {
  const left = 30;
  const binWidth = 40;
  const plotHeight = 110;
  const top = 32;
  const width = left + binWidth * bins.length + 20;
  const height = top + plotHeight + 40;
  const max = Math.max(1, ...bins);
  const total = bins.reduce((a, b) => a + b, 0);
  const x = (score: number) => left + (binWidth * bins.length * score) / 100;
  const base = top + plotHeight;
  const bars = bins
    .map((n, i) => {
      const h = Math.round((plotHeight * n) / max);
      const bx = left + i * binWidth + 3;
      if (n === 0) return '';
      return (
        `<rect x="${bx}" y="${base - h}" width="${binWidth - 6}" height="${h}" class="chart-bar band-${bandOf(i * BIN_WIDTH, lines)}" fill="#4a5568"/>` +
        `<text x="${bx + (binWidth - 6) / 2}" y="${base - h - 3}" class="chart-value" text-anchor="middle" fill="#1d2433">${n}</text>`
      );
    })
    .join('');
  const axis =
    `<line x1="${left}" x2="${x(100)}" y1="${base}" y2="${base}" stroke="#4a5568"/>` +
    [0, 20, 40, 60, 80, 100].map((t) => `<text x="${x(t)}" y="${base + 16}" class="chart-axis" text-anchor="middle" fill="#1d2433">${t}</text>`).join('');
  const median =
    `<line x1="${x(stats.median)}" x2="${x(stats.median)}" y1="${top - 6}" y2="${base}" class="chart-threshold" stroke="#1d2433" stroke-dasharray="4 3"/>` +
    // The label stays inside the drawing even when the median sits at either end.
    `<text x="${Math.min(x(100) - 40, Math.max(left + 40, x(stats.median)))}" y="${base + 32}" class="chart-axis" text-anchor="middle" fill="#1d2433">median ${stats.median}</text>`;
  // The bands by name over their score ranges, so the bars' colours are never the only sign of their band.
  const zones: Array<[string, string, number, number]> = [
    ['low', 'low', 0, lines.partial],
    ['partial', 'partial', lines.partial, lines.strong],
    ['strong', 'strong', lines.strong, 100],
  ];
  const bandNames = zones
    .map(([band, word, from, to]) => `<text x="${(x(from) + x(to)) / 2}" y="12" class="chart-axis chart-band-label band-label-${band}" text-anchor="middle" fill="#1d2433">${word}</text><line x1="${x(from) + 2}" x2="${x(to) - 2}" y1="17" y2="17" class="chart-band-rule band-rule-${band}" stroke="#4a5568"/>`)
    .join('');
  const desc =
    `${plural(total, 'organisation')}; lowest ${stats.min}, median ${stats.median}, highest ${stats.max}. ` +
    bins.map((n, i) => `${binLabel(i)}: ${n}`).join('; ') +
    '.';
  return svg(id, width, height, title, desc, bandNames + bars + axis + median);
}
