/** How a band is written for people (reports, dashboard, command line). */
import type { Band } from '../rubric/schema.ts';

export const BAND_TEXT: Record<Band, string> = { low: 'Low', partial: 'Partial', strong: 'Strong' };
