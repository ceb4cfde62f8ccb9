// Calendar dates as Trellis stores and takes them: `YYYY-MM-DD` strings naming a day that exists, and the
// instant such a day starts in a reader's time zone.
import { z } from 'zod';

/** The years a date Trellis takes may fall in; the same range as the school years the API takes. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** Whether a string is a day that exists on the calendar, written YYYY-MM-DD (`2027-02-31` is not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day `days` after a calendar date (before it when negative). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The calendar date from a year, a month and a day that may run past the end of their unit: month 13 is
 * January of the next year, and day 31 of a 30-day month is the last day of that month.
 */
export function calendarDay(year: number, month: number, day: number): string {
  const y = year + Math.floor((month - 1) / 12);
  const m = (((month - 1) % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(Math.min(Math.max(day, 1), last)).padStart(2, '0')}`;
}

/** The offset of a time zone from UTC at an instant, in milliseconds. */
function zoneOffset(timeZone: string, at: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return (
    Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) -
    Math.floor(at / 1000) * 1000
  );
}

/** Whether a string names a time zone this machine knows ("America/Los_Angeles", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The instant a calendar day starts in a time zone: "2026-03-08" in Los Angeles starts at 08:00 UTC. */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let at = wall - zoneOffset(timeZone, wall);
  // Once more, for a day whose offset differs from the guess (the change to or from summer time).
  at = wall - zoneOffset(timeZone, at);
  return new Date(at);
}

/**
 * The one schema for a date the API takes. Its messages complete a sentence that starts with the field's
 * name ("Due date is not a real date"), as every message in the API's schemas does.
 */
export const calendarDate = z
  .string()
  .min(1, { message: 'is required', abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'is not a date written YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, { message: 'is not a real date', abort: true })
  .refine((d) => Number(d.slice(0, 4)) >= FIRST_YEAR && Number(d.slice(0, 4)) <= LAST_YEAR, `must fall in a year from ${FIRST_YEAR} to ${LAST_YEAR}`);

/**
 * Refuses an end before its start, on an object holding both (either may be empty). The message names the
 * start as the screen does and sits on the end field, where the person will look: "the due date is before
 * the start date".
 */
export function endNotBeforeStart(start: string, end: string, startLabel: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const a = value[start];
    const b = value[end];
    if (typeof a === 'string' && typeof b === 'string' && b < a)
      ctx.addIssue({ code: 'custom', path: [end], message: `is before the ${startLabel}`, input: b });
  };
}
