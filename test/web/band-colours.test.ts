/**
 * The bands must not rest on hue alone: neighbouring bands differ at least 3:1
 * in relative luminance (WCAG 2.1's formula), so they stay apart in grey print
 * and under red-green colour-vision deficiencies, and every bar carries its
 * band's word. The colours are read from the stylesheet the pages use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/app.ts';
import { barChart, BAND_LABEL, scoreBar } from '../../src/web/presenters/score-chart.ts';
import { histogram } from '../../src/web/presenters/portfolio-charts.ts';
import { DEFAULT_BAND_LINES } from '../../src/core/scoring/bands.ts';

const css = readFileSync(join(ROOT, 'public', 'app.css'), 'utf8');

/** The last value the stylesheet gives a custom property (a later rule wins). */
function customProperty(name: string): string {
  const values = [...css.matchAll(new RegExp(`${name}:\\s*(#[0-9a-fA-F]{6})\\s*;`, 'g'))].map((m) => m[1]!);
  expect(values.length, `${name} in public/app.css`).toBeGreaterThan(0);
  return values.at(-1)!;
}

const luminance = (hex: string): number => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('band colours (public/app.css)', () => {
  const low = customProperty('--band-low');
  const partial = customProperty('--band-partial');
  const strong = customProperty('--band-strong');

  it('when the formula meets known values, then it gives them (black on white is 21:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each([
    ['low', 'partial'],
    ['partial', 'strong'],
  ] as const)('when %s and %s sit side by side, then they differ at least 3:1 in luminance', (a, b) => {
    const colours = { low, partial, strong };
    expect(contrast(colours[a], colours[b])).toBeGreaterThanOrEqual(3);
  });

  it('when a band is written on its own colour (the badges), then the text reaches 4.5:1', () => {
    expect(contrast('#ffffff', low)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(customProperty('--ink'), partial)).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#ffffff', strong)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('band words on the charts', () => {
  it('when a report chart draws bars, then each bar has its band written beside it, unknown included', () => {
    const svg = barChart(
      [
        { label: 'A', score: 10, band: 'low' },
        { label: 'B', score: 50, band: 'partial' },
        { label: 'C', score: 90, band: 'strong' },
        { label: 'D', score: 5, band: 'unknown' },
      ],
      'Scores',
    );
    const words = [...svg.matchAll(/<text [^>]*class="chart-band-label band-label-(\w+)">([^<]+)<\/text>/g)].map((m) => [m[1], m[2]]);
    expect(words).toEqual([
      ['low', 'low'],
      ['partial', 'partial'],
      ['strong', 'strong'],
      ['unknown', BAND_LABEL.unknown],
    ]);
    expect(svg).toContain('<desc id="chart-desc">A: 10 (low); B: 50 (partial); C: 90 (strong); D: 5 (not known)</desc>');
    expect(scoreBar(5, 'unknown')).toContain('class="chart-bar band-unknown"');
  });

  it('when a histogram is drawn, then the three bands are named over their score ranges', () => {
    const svg = histogram('h', 'Spread', [1, 0, 0, 0, 2, 0, 0, 3, 0, 1], { min: 0, median: 72, max: 100 }, DEFAULT_BAND_LINES);
    expect([...svg.matchAll(/class="chart-axis chart-band-label band-label-\w+"[^>]*>(\w+)</g)].map((m) => m[1])).toEqual(['low', 'partial', 'strong']);
  });
});
