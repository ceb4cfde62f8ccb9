// The import formats and what each reads; shared by the command line, the server and the web app.

/** The formats `trellis import` and the Imports page read. */
export const IMPORT_FORMATS = ['edsight', 'caaspp', 'edfi-xml', 'student-csv', 'oneroster'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const FORMAT_DESCRIPTIONS: Record<ImportFormat, string> = {
  edsight: 'Connecticut EdSight Smarter Balanced export (district or state rows, by grade or all grades)',
  caaspp: 'California CAASPP research file (school, district, county and state rows by student group)',
  'edfi-xml': 'Ed-Fi XML interchanges: EducationOrganization, Student, AssessmentMetadata, StudentAssessment',
  'student-csv': 'Any student-level results CSV, with a column map',
  oneroster: 'OneRoster 1.1 CSV bundle (a folder with manifest.csv): schools, students, demographics, enrollments',
};

/** How many of the schools and districts reported in an aggregate import are in the network. */
export interface EntityMatches {
  schools: { matched: number; reported: number };
  districts: { matched: number; reported: number };
}

const count = (n: number) => n.toLocaleString('en-US');

/** "0 of 192 districts in this file are in your network", said the same way by the command line and the web app. */
export function matchSentence(m: EntityMatches, files = 1): string {
  const parts: string[] = [];
  const first: number[] = [];
  for (const [key, one, many] of [
    ['schools', 'school', 'schools'],
    ['districts', 'district', 'districts'],
  ] as const) {
    const { matched, reported } = m[key];
    if (!reported) continue;
    parts.push(`${count(matched)} of ${count(reported)} ${reported === 1 ? one : many}`);
    first.push(matched);
  }
  const where = files === 1 ? 'this file' : 'these files';
  if (!parts.length) return `No school or district is reported in ${where}, only state or county figures.`;
  const verb = parts.length === 1 && first[0] === 1 ? 'is' : 'are';
  return `${parts.join(' and ')} in ${where} ${verb} in your network.`;
}
