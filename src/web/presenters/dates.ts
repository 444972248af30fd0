import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { formatDistance } from 'date-fns/formatDistance';
import { parseISO } from 'date-fns/parseISO';
import { dayOf } from '../../core/dates.ts';
import { remembered } from '../../platform/remembered.ts';

// A report or the dashboard formats the same few days many times, and date-fns' parse and format were a tenth of a report's cost.

/** "25 November 2026" */
export const longDate = remembered((iso: string): string => format(parseISO(iso), 'd MMMM yyyy'));
/** "25 November 2026, 14:05 UTC" for timestamps, shown in UTC so every reader sees the same. */
export const timestamp = (iso: string): string => `${dayOf(iso).split('-').reverse().join('/')} ${iso.slice(11, 16)} UTC`;
/** "3 days ago", "in about 2 months" */
export const relative = (iso: string, now: Date): string => formatDistance(parseISO(iso), now, { addSuffix: true });

/** For due dates (calendar days): "in 14 days", "today", "3 days overdue"; frozen, as it is shared. */
const dueText = remembered((dayAndToday: string): Readonly<{ text: string; overdue: boolean }> => {
  const [day = '', today = ''] = dayAndToday.split(' ');
  const days = differenceInCalendarDays(parseISO(day), parseISO(today));
  if (days === 0) return Object.freeze({ text: 'due today', overdue: false });
  if (days > 0) return Object.freeze({ text: `in ${days} day${days === 1 ? '' : 's'}`, overdue: false });
  return Object.freeze({ text: `${-days} day${days === -1 ? '' : 's'} overdue`, overdue: true });
});
export const dueIn = (day: string, now: Date) => dueText(`${day} ${dayOf(now)}`);
