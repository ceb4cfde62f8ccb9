// Turns the network's rows into the answers its routes declare: camelCase, and only what a page shows.
import type { z } from 'zod';
import type { getSchool, listDistricts, listSchools, schoolPeople, updateSchool } from '../../db/repositories/network';
import type { districtRow, savedSchool, schoolAnswer, schoolRow, teamAnswer } from './schemas';

type SchoolListRow = Awaited<ReturnType<typeof listSchools>>[number];
type SchoolRecord = Awaited<ReturnType<typeof updateSchool>>;

/** What every answer about a school says of it, whichever page asks. */
const schoolFields = (s: Pick<SchoolRecord, 'id' | 'name' | 'state_code' | 'level' | 'grade_low' | 'grade_high' | 'enrollment' | 'city' | 'district_id'>) => ({
  id: s.id,
  name: s.name,
  stateCode: s.state_code,
  level: s.level,
  gradeLow: s.grade_low,
  gradeHigh: s.grade_high,
  enrollment: s.enrollment,
  city: s.city,
  districtId: s.district_id,
});

export const presentSchoolRow = (s: SchoolListRow): z.input<typeof schoolRow> => ({
  ...schoolFields(s),
  districtName: s.district_name,
  supportLevel: s.support_level,
  coachDaysPerWeek: s.coach_days_per_week,
  startYear: s.start_year,
  endYear: s.end_year,
  phase: s.phase,
});

export const presentSchools = (rows: SchoolListRow[]) => rows.map(presentSchoolRow);

export function presentSchool(
  school: Awaited<ReturnType<typeof getSchool>>,
  people: Awaited<ReturnType<typeof schoolPeople>>,
  can: z.input<typeof schoolAnswer>['can'],
): z.input<typeof schoolAnswer> {
  return {
    ...schoolFields(school),
    districtName: school.district_name,
    state: school.state,
    version: school.version,
    partnerships: school.partnerships.map((p) => ({
      id: p.id,
      startYear: p.start_year,
      endYear: p.end_year,
      supportLevel: p.support_level,
      coachDaysPerWeek: p.coach_days_per_week,
      phase: p.phase,
    })),
    teams: people.teams.map((t) => ({ id: t.id, name: t.name, kind: t.kind, members: t.members })),
    staff: people.staff,
    can,
  };
}

export const presentSavedSchool = (s: SchoolRecord): z.input<typeof savedSchool> => ({
  ...schoolFields(s),
  version: s.version,
});

export const presentTeam = (t: { id: string; name: string; kind: z.input<typeof teamAnswer>['kind'] }): z.input<typeof teamAnswer> => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
});

export const presentDistrictRow = (d: Awaited<ReturnType<typeof listDistricts>>[number]): z.input<typeof districtRow> => ({
  id: d.id,
  name: d.name,
  state: d.state,
  stateCode: d.state_code,
  schoolCount: d.school_count ?? 0,
});
