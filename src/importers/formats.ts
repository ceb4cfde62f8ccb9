// The import formats and what each reads; shared by the command line, the server and the web app.
import type { ImportFormat } from '../db/schema';

export const IMPORT_FORMATS: readonly ImportFormat[] = ['edsight', 'caaspp', 'edfi-xml', 'student-csv', 'oneroster'];

export const FORMAT_DESCRIPTIONS: Record<ImportFormat, string> = {
  edsight: 'Connecticut EdSight Smarter Balanced export (district or state rows, by grade or all grades)',
  caaspp: 'California CAASPP research file (school, district, county and state rows by student group)',
  'edfi-xml': 'Ed-Fi XML interchanges: EducationOrganization, Student, AssessmentMetadata, StudentAssessment',
  'student-csv': 'Any student-level results CSV, with a column map',
  oneroster: 'OneRoster 1.1 CSV bundle (a folder with manifest.csv): schools, students, demographics, enrollments',
};
