import { describe, expect, it } from 'vitest';
import {
  currentSchoolYear,
  schoolYearAt,
  schoolYearEnd,
  schoolYearLabel,
  schoolYearOfDate,
  schoolYearOfLabel,
  schoolYearRange,
  schoolYearsBetween,
  schoolYearStart,
} from './school-year';

const at = (iso: string) => () => new Date(iso);

describe('school years', () => {
  it('are written the way the app writes them, across a century', () => {
    expect([schoolYearLabel(2025), schoolYearLabel(1999), schoolYearLabel(2009)]).toEqual(['2025-26', '1999-00', '2009-10']);
    expect([schoolYearRange(2023, 2027), schoolYearRange(2025, 2025)]).toEqual(['2023-24 to 2027-28', '2025-26']);
  });

  it('read back from their label, and nothing else', () => {
    expect([schoolYearOfLabel('2017-18'), schoolYearOfLabel('1999-00')]).toEqual([2017, 1999]);
    expect([schoolYearOfLabel('2017-19'), schoolYearOfLabel('2017'), schoolYearOfLabel('2017-2018'), schoolYearOfLabel(' 2017-18')]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(schoolYearsBetween('1998-99', '2000-01')).toEqual(['1998-99', '1999-00', '2000-01']);
    expect(schoolYearsBetween('2017-18', '2016-17')).toEqual([]);
  });

  it('run from July 1 to June 30', () => {
    expect([schoolYearStart(2025), schoolYearEnd(2025)]).toEqual(['2025-07-01', '2026-06-30']);
    expect([schoolYearOfDate('2026-06-30'), schoolYearOfDate('2026-07-01'), schoolYearOfDate('2026-01-15'), schoolYearOfDate('2025-12-31')]).toEqual([
      2025, 2026, 2025, 2025,
    ]);
    expect(schoolYearOfDate(schoolYearStart(2025))).toBe(2025);
    expect(schoolYearOfDate(schoolYearEnd(2025))).toBe(2025);
    expect(schoolYearOfDate('not a date')).toBeNull();
  });

  it('turn over at midnight UTC between June 30 and July 1', () => {
    expect(currentSchoolYear(at('2026-06-30T23:59:59.999Z'))).toBe(2025);
    expect(currentSchoolYear(at('2026-07-01T00:00:00Z'))).toBe(2026);
  });

  it('read the day in UTC wherever the clock was written: the evening of June 30 in California is already July 1', () => {
    expect(schoolYearAt(new Date('2026-06-30T18:00:00-07:00'))).toBe(2026);
    expect(schoolYearAt(new Date('2026-07-01T08:00:00+09:00'))).toBe(2025);
  });

  it('do not turn over at the new calendar year, in UTC or elsewhere', () => {
    expect(currentSchoolYear(at('2025-12-31T23:59:59Z'))).toBe(2025);
    expect(currentSchoolYear(at('2026-01-01T00:00:00Z'))).toBe(2025);
    // Dec 31 in New York is Jan 1 in UTC: the same school year either way.
    expect(schoolYearAt(new Date('2025-12-31T22:00:00-05:00'))).toBe(2025);
  });

  it('take the system clock by default', () => {
    expect(currentSchoolYear()).toBe(schoolYearAt(new Date()));
  });
});
