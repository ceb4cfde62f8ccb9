// Student-group codes shared by every importer, and the CDE subgroup ids that map onto them.

/** Our codes for the groups the network reports on; other source groups keep a prefixed source id. */
export const STUDENT_GROUPS = {
  all: 'All students',
  male: 'Male',
  female: 'Female',
  el: 'English learners',
  ever_el: 'Ever English learners',
  rfep: 'Reclassified fluent English proficient',
  ifep: 'Initially fluent English proficient',
  english_only: 'English only',
  econ_disadv: 'Economically disadvantaged',
  not_econ_disadv: 'Not economically disadvantaged',
  swd: 'Students with disabilities',
  no_disability: 'Students with no reported disability',
  migrant: 'Migrant',
  black: 'Black or African American',
  american_indian: 'American Indian or Alaska Native',
  asian: 'Asian',
  filipino: 'Filipino',
  hispanic: 'Hispanic or Latino',
  pacific_islander: 'Native Hawaiian or Pacific Islander',
  white: 'White',
  two_or_more: 'Two or more races',
} as const;

export type StudentGroupCode = keyof typeof STUDENT_GROUPS;

/** The name of a group code for people: ours by name, a CAASPP group we do not map by its source id. */
export function studentGroupLabel(code: string): string {
  if (code in STUDENT_GROUPS) return STUDENT_GROUPS[code as StudentGroupCode];
  const ca = /^ca-(\d+)$/.exec(code);
  return ca ? `CAASPP student group ${ca[1]}` : code;
}

/**
 * CDE CAASPP subgroup ids (Subgroups.txt, 2015–2018 and the 2019+ "Student Group ID") for the groups
 * above. Ids not listed (parent education, ethnicity within economic status, …) become `ca-<id>`.
 */
const CAASPP_GROUPS: Record<number, StudentGroupCode> = {
  1: 'all',
  3: 'male',
  4: 'female',
  7: 'ifep',
  8: 'rfep',
  28: 'migrant',
  31: 'econ_disadv',
  74: 'black',
  75: 'american_indian',
  76: 'asian',
  77: 'filipino',
  78: 'hispanic',
  79: 'pacific_islander',
  80: 'white',
  99: 'no_disability',
  111: 'not_econ_disadv',
  128: 'swd',
  144: 'two_or_more',
  160: 'el',
  170: 'ever_el',
  180: 'english_only',
};

export function caasppGroupCode(subgroupId: number): string {
  return CAASPP_GROUPS[subgroupId] ?? `ca-${subgroupId}`;
}

/** Race words from Ed-Fi descriptors, OneRoster columns and district files, to our codes. */
export function raceCode(raw: string): string | null {
  const text = raw.toLowerCase();
  if (/black|african/.test(text)) return 'black';
  if (/american indian|alaska/.test(text)) return 'american_indian';
  if (/hawaiian|pacific/.test(text)) return 'pacific_islander';
  if (/filipino/.test(text)) return 'filipino';
  if (/asian/.test(text)) return 'asian';
  if (/hispanic|latin/.test(text)) return 'hispanic';
  if (/white/.test(text)) return 'white';
  if (/two or more|multi/.test(text)) return 'two_or_more';
  return null;
}
