import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, calendarDay, isCalendarDate, startOfDay } from './dates';

describe('calendar dates', () => {
  it('knows which days exist, leap years included', () => {
    expect(['2027-01-31', '2028-02-29', '2000-02-29', '2027-12-31'].every(isCalendarDate)).toBe(true);
    expect(
      ['2027-02-31', '2027-14-45', '2026-13-30', '2027-02-29', '1900-02-29', '2027-00-10', '2027-04-31', '2027-4-3', '27-04-03', ''].some(isCalendarDate),
    ).toBe(false);
  });

  it('rolls months past December into the next year and keeps days inside their month', () => {
    expect(calendarDay(2026, 13, 30)).toBe('2027-01-30');
    expect(calendarDay(2026, 11, 31)).toBe('2026-11-30');
    expect(calendarDay(2027, 2, 30)).toBe('2027-02-28');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });

  it('is one schema that refuses an impossible date, a badly written one, and one outside 2000 to 2100', () => {
    const message = (v: string) => calendarDate.safeParse(v).error?.issues.map((i) => i.message);
    expect(calendarDate.parse('2027-02-28')).toBe('2027-02-28');
    expect(message('2027-02-31')).toEqual(['is not a real date']);
    expect(message('14/04/2026')).toEqual(['is not a date written YYYY-MM-DD']);
    expect(message('')).toEqual(['is required']);
    expect(message('1999-12-31')).toEqual(['must fall in a year from 2000 to 2100']);
  });
});

describe('days in a time zone', () => {
  it('starts a day at local midnight, also across the change to summer time', () => {
    expect(startOfDay('2026-01-15', 'UTC').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(startOfDay('2026-01-15', 'America/Los_Angeles').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(startOfDay('2026-03-08', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(startOfDay('2026-03-09', 'America/Los_Angeles').toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(startOfDay('2026-07-01', 'Asia/Kolkata').toISOString()).toBe('2026-06-30T18:30:00.000Z');
  });
});
