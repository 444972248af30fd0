/** Calendar days, in one place: a day is written YYYY-MM-DD and taken in UTC. */

/** A day as the app writes it, e.g. 2026-11-25. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO 8601 UTC timestamp as the app writes it, e.g. 2026-11-25T10:00:00.000Z. */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The UTC day of a moment, or of an ISO timestamp: 2026-11-25. */
export const dayOf = (at: Date | string): string => (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);

/** The days counted from the day last asked about: every result of a day asks for the same few (its actions' due dates). */
let countedFrom = '';
let counted = new Map<number, string>();

/** The day `days` after `day` (both YYYY-MM-DD), counted on UTC midnights, where every day has 24 hours. */
export function addDays(day: string, days: number): string {
  if (day !== countedFrom) {
    countedFrom = day;
    counted = new Map();
  }
  let after = counted.get(days);
  if (after === undefined) {
    const [year, month, date] = day.split('-').map(Number);
    after = new Date(Date.UTC(year!, month! - 1, date! + days)).toISOString().slice(0, 10);
    counted.set(days, after);
  }
  return after;
}

/** Whether `text` is a real day written YYYY-MM-DD. */
export const isDay = (text: string): boolean => DAY_PATTERN.test(text) && !Number.isNaN(Date.parse(text));
