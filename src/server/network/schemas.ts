// What the network routes take and answer: the organization, its schools and districts, a school's teams and people.
import { z } from 'zod';
import { ROLES } from '../../domain/vocabulary';
import { LIMITS } from '../../domain/limits';
import { PARTNERSHIP_PHASES, SCHOOL_LEVELS, SUPPORT_LEVELS, TEAM_KINDS } from '../../domain/vocabulary';

export const idParams = z.object({ id: z.uuid('is not a valid id') });

export const SCHOOL_SORTS = ['name', 'district', 'enrollment', 'grades', 'support', 'start'] as const;

const role = z.enum(ROLES);
const teamKind = z.enum(TEAM_KINDS);

export const organizationAnswer = z.object({ id: z.string(), name: z.string(), slug: z.string(), isDemo: z.boolean() });

export const schoolListQuery = z.object({
  q: z.string().max(LIMITS.search).optional(),
  district: z.uuid('is not a valid id').optional(),
  sort: z.enum(SCHOOL_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});

/** A school as every list shows it. */
const schoolFacts = z.object({
  id: z.string(),
  name: z.string(),
  stateCode: z.string(),
  level: z.enum(SCHOOL_LEVELS),
  gradeLow: z.number().int(),
  gradeHigh: z.number().int(),
  enrollment: z.number().int().nullable(),
  city: z.string().nullable(),
  districtId: z.string(),
  districtName: z.string(),
});

/** One row of the network table: a school with its current partnership (nulls when it has none). */
export const schoolRow = schoolFacts.extend({
  supportLevel: z.enum(SUPPORT_LEVELS).nullable(),
  coachDaysPerWeek: z.number().nullable(),
  startYear: z.number().int().nullable(),
  endYear: z.number().int().nullable(),
  phase: z.enum(PARTNERSHIP_PHASES).nullable(),
});
export const schoolList = z.array(schoolRow);

const partnership = z.object({
  id: z.string(),
  startYear: z.number().int(),
  endYear: z.number().int(),
  supportLevel: z.enum(SUPPORT_LEVELS),
  coachDaysPerWeek: z.number(),
  phase: z.enum(PARTNERSHIP_PHASES),
});
const member = z.object({ id: z.string(), name: z.string(), title: z.string().nullable(), role });
export const teamAnswer = z.object({ id: z.string(), name: z.string(), kind: teamKind });
const teamWithMembers = teamAnswer.extend({ members: z.array(member) });

/** A school's page: its facts, partnerships (latest first), teams with their members, staff, and what the reader may do. */
export const schoolAnswer = schoolFacts.extend({
  // The version a save of the school's details names.
  version: z.number().int(),
  state: z.string(),
  partnerships: z.array(partnership),
  teams: z.array(teamWithMembers),
  staff: z.array(member.extend({ email: z.string() })),
  can: z.object({ edit: z.boolean(), readStudents: z.boolean() }),
});

export const schoolChanges = z
  .object({
    version: z.number().int().positive(),
    name: z.string().trim().min(1, 'is required').max(LIMITS.name).optional(),
    enrollment: z.number().int().min(0).max(100_000).nullable().optional(),
    city: z.string().trim().max(LIMITS.city).nullable().optional(),
    gradeLow: z.number().int().min(0).max(12).optional(),
    gradeHigh: z.number().int().min(0).max(12).optional(),
  })
  .strict();

/** A saved school: its details as they now are, with the version the next save names. */
export const savedSchool = schoolFacts.omit({ districtName: true }).extend({ version: z.number().int() });

export const newTeam = z
  .object({ name: z.string().trim().min(1, 'is required').max(LIMITS.teamName), kind: z.enum(['ilt', 'grade_level', 'department', 'plc']) })
  .strict();

export const districtRow = z.object({ id: z.string(), name: z.string(), state: z.string(), stateCode: z.string(), schoolCount: z.number().int() });
export const districtList = z.array(districtRow);

/** A district's page: only the schools and district teams the reader may see, and whether they may read or start its reviews. */
export const districtAnswer = districtRow.omit({ schoolCount: true }).extend({
  schools: schoolList,
  teams: z.array(teamAnswer),
  can: z.object({ readReviews: z.boolean(), edit: z.boolean() }),
});
