/** Checks shared by the browser tests: axe-core's serious violations, and sideways scrolling. */
import { expect } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(violations: Awaited<ReturnType<typeof seriousViolations>>): string {
  if (violations.length === 0) return 'no violations';
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    - ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
        .join('\n');
      return `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl}), ${v.nodes.length} node(s)\n${nodes}`;
    })
    .join('\n');
}

export async function expectNoSeriousViolations(page: Page) {
  const violations = await seriousViolations(page);
  expect(violations, `axe found serious or critical violations on ${page.url()}:\n${describeViolations(violations)}`).toEqual([]);
}

export async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.getClientRects().length > 0)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth, wide };
  });
}

/** The page, at its current viewport `width`, does not scroll sideways. */
export async function expectNoSidewaysScroll(page: Page, what: string, width: number) {
  const { scrollWidth, bodyScrollWidth, wide } = await horizontalOverflow(page);
  const message = `${what} scrolls sideways at ${width}px: scrollWidth ${scrollWidth}; widest elements: ${wide.join(', ') || 'none'}`;
  expect(scrollWidth, message).toBeLessThanOrEqual(width);
  expect(bodyScrollWidth, message).toBeLessThanOrEqual(width);
}
