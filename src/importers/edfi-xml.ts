// Ed-Fi 5.x XML interchanges: organizations, students, enrollments, assessments and student results.
import { normalizeSchoolYear, subjectOf } from './cells';
import { openSource, type ImportSource } from './csv';
import type { AssessmentRecord, Demographics, EnrollmentRecord, OrganizationRecord, PerformanceLevelDefinition, StudentRecord, StudentResult } from './records';
import { raceCode } from './student-groups';
import { child, childrenNamed, readXmlElements, textAt, type XmlElement } from './xml-elements';

export type EdfiRecord = OrganizationRecord | StudentRecord | EnrollmentRecord | AssessmentRecord | StudentResult;

export interface EdfiOptions {
  fileName?: string;
  /**
   * Assessments read earlier (from the AssessmentMetadata interchange), so that results get their
   * title, subject and the ordinal of their performance level.
   */
  assessments?: ReadonlyMap<string, AssessmentRecord>;
}

const ORGANIZATIONS: Record<string, OrganizationRecord['orgType']> = {
  StateEducationAgency: 'state',
  EducationServiceCenter: 'service-center',
  LocalEducationAgency: 'district',
  School: 'school',
};
const WANTED = new Set([...Object.keys(ORGANIZATIONS), 'Student', 'StudentSchoolAssociation', 'StudentEducationOrganizationAssociation', 'Assessment', 'StudentAssessment']);

/** The value of a descriptor URI: `uri://ed-fi.org/SexDescriptor#Female` → `Female`. */
export function descriptorValue(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  const i = uri.lastIndexOf('#');
  return (i === -1 ? uri : uri.slice(i + 1)).trim();
}

const GRADE_WORDS = ['kindergarten', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];

/** `Eighth grade` → 8, `Kindergarten` → 0; undefined for grades outside K–12 (e.g. preschool). */
export function edfiGrade(uri: string | undefined): number | undefined {
  const value = descriptorValue(uri)?.toLowerCase();
  if (!value) return undefined;
  const word = GRADE_WORDS.findIndex((w) => value.startsWith(w));
  if (word !== -1) return word;
  const m = /^(\d{1,2})/.exec(value);
  return m && Number(m[1]) <= 12 ? Number(m[1]) : undefined;
}

const yes = (text: string | undefined) => (text === undefined ? undefined : /^(true|1|yes)$/i.test(text));

function organization(e: XmlElement, ids: Map<string, string>): OrganizationRecord {
  const orgType = ORGANIZATIONS[e.name]!;
  const id = textAt(e, `${e.name}Id`) ?? textAt(e, 'EducationOrganizationIdentificationCode', 'IdentificationCode') ?? e.attributes.id ?? '';
  if (e.attributes.id) ids.set(e.attributes.id, id);
  // A parent is referenced by XML id (ref="LEAG_255901") or by identity; the ref names an org earlier in the file.
  const parentRef = child(e, 'LocalEducationAgencyReference') ?? child(e, 'EducationServiceCenterReference') ?? child(e, 'StateEducationAgencyReference');
  const parentId = parentRef ? (parentRef.children[0]?.children[0]?.text || ids.get(parentRef.attributes.ref ?? '') || parentRef.attributes.ref) : undefined;
  const grades = childrenNamed(e, 'GradeLevel').map((g) => edfiGrade(g.text)).filter((g): g is number => g !== undefined);
  return {
    kind: 'organization',
    orgType,
    id,
    name: textAt(e, 'NameOfInstitution') ?? id,
    ...(parentId ? { parentId } : {}),
    ...(grades.length ? { grades: grades.sort((a, b) => a - b) } : {}),
    line: e.line,
  };
}

function student(e: XmlElement): StudentRecord {
  const sex = descriptorValue(textAt(e, 'BirthData', 'BirthSex'));
  return {
    kind: 'student',
    studentId: textAt(e, 'StudentUniqueId') ?? '',
    ...(textAt(e, 'Name', 'FirstName') ? { firstName: textAt(e, 'Name', 'FirstName') } : {}),
    ...(textAt(e, 'Name', 'LastSurname') ? { lastName: textAt(e, 'Name', 'LastSurname') } : {}),
    ...(textAt(e, 'BirthData', 'BirthDate') ? { birthDate: textAt(e, 'BirthData', 'BirthDate') } : {}),
    demographics: sex ? { gender: sex.toLowerCase() } : {},
    line: e.line,
  };
}

const refId = (e: XmlElement | undefined, identity: string, id: string) => textAt(e, identity, id);

/** Ed-Fi keeps demographics per education organization (race, EL, economic status, disability). */
function studentDemographics(e: XmlElement): StudentRecord {
  const d: Demographics = {};
  const sex = descriptorValue(textAt(e, 'Sex'));
  if (sex) d.gender = sex.toLowerCase();
  const races = [...childrenNamed(e, 'Race'), ...childrenNamed(e, 'StudentEducationOrganizationAssociationRace').map((r) => child(r, 'Race')!).filter(Boolean)]
    .map((r) => raceCode(descriptorValue(r.text) ?? ''))
    .filter((r): r is string => r !== null);
  const hispanic = yes(textAt(e, 'HispanicLatinoEthnicity'));
  if (hispanic !== undefined) d.hispanic = hispanic;
  if (races.length) d.race = [...new Set(races)];
  const lep = descriptorValue(textAt(e, 'LimitedEnglishProficiency'));
  if (lep) d.englishLearner = !/not limited|^no/i.test(lep);
  const characteristics = [...childrenNamed(e, 'StudentCharacteristic'), ...childrenNamed(e, 'StudentEducationOrganizationAssociationStudentCharacteristic')]
    .map((c) => descriptorValue(textAt(c, 'StudentCharacteristic') ?? c.text) ?? '');
  if (characteristics.some((c) => /economic(ally)? disadvantaged/i.test(c))) d.economicallyDisadvantaged = true;
  if (childrenNamed(e, 'Disability').length || childrenNamed(e, 'StudentEducationOrganizationAssociationDisability').length) d.disability = true;
  const schoolId = refId(child(e, 'EducationOrganizationReference'), 'EducationOrganizationIdentity', 'EducationOrganizationId');
  return { kind: 'student', studentId: refId(child(e, 'StudentReference'), 'StudentIdentity', 'StudentUniqueId') ?? '', ...(schoolId ? { schoolId } : {}), demographics: d, line: e.line };
}

function enrollment(e: XmlElement): EnrollmentRecord {
  const grade = edfiGrade(textAt(e, 'EntryGradeLevel'));
  const exitDate = textAt(e, 'ExitWithdrawDate');
  return {
    kind: 'enrollment',
    studentId: refId(child(e, 'StudentReference'), 'StudentIdentity', 'StudentUniqueId') ?? '',
    schoolId: refId(child(e, 'SchoolReference'), 'SchoolIdentity', 'SchoolId') ?? '',
    role: 'student',
    ...(grade !== undefined ? { grade } : {}),
    ...(textAt(e, 'EntryDate') ? { entryDate: textAt(e, 'EntryDate') } : {}),
    ...(exitDate ? { exitDate } : {}),
    line: e.line,
  };
}

function assessment(e: XmlElement): AssessmentRecord {
  // Levels repeat per reporting method; the first definition of each label orders the scale.
  const byLabel = new Map<string, { label: string; min?: number; max?: number; index: number }>();
  childrenNamed(e, 'AssessmentPerformanceLevel').forEach((p, index) => {
    const label = descriptorValue(textAt(p, 'PerformanceLevel'));
    if (!label || byLabel.has(label)) return;
    const min = Number(textAt(p, 'MinimumScore'));
    const max = Number(textAt(p, 'MaximumScore'));
    byLabel.set(label, { label, index, ...(Number.isFinite(min) && textAt(p, 'MinimumScore') ? { min } : {}), ...(Number.isFinite(max) && textAt(p, 'MaximumScore') ? { max } : {}) });
  });
  const levels: PerformanceLevelDefinition[] = [...byLabel.values()]
    .sort((a, b) => (a.min ?? a.index) - (b.min ?? b.index) || a.index - b.index)
    .map((l, i) => ({ label: l.label, ordinal: i + 1, ...(l.min !== undefined ? { minScore: l.min } : {}), ...(l.max !== undefined ? { maxScore: l.max } : {}) }));
  const grade = edfiGrade(textAt(e, 'AssessedGradeLevel'));
  const subject = descriptorValue(textAt(e, 'AcademicSubject'));
  const category = descriptorValue(textAt(e, 'AssessmentCategory'));
  const id = textAt(e, 'AssessmentIdentifier') ?? '';
  return {
    kind: 'assessment',
    assessmentId: id,
    title: textAt(e, 'AssessmentTitle') ?? id,
    ...(subject ? { subject: subjectOf(subject) ?? subject } : {}),
    ...(grade !== undefined ? { grade } : {}),
    ...(category ? { category } : {}),
    performanceLevels: levels,
    line: e.line,
  };
}

/** Which reported score counts as the scale score, best first. */
const SCALE_METHODS = [/^scale score$/i, /scale/i, /vertical/i, /composite/i];

function studentResult(e: XmlElement, assessments?: ReadonlyMap<string, AssessmentRecord>): StudentResult {
  const assessmentId = textAt(e, 'AssessmentReference', 'AssessmentIdentity', 'AssessmentIdentifier') ?? '';
  const known = assessments?.get(assessmentId);
  const scores = childrenNamed(e, 'ScoreResult').map((s) => ({ method: descriptorValue(textAt(s, 'AssessmentReportingMethod')) ?? '', value: Number(textAt(s, 'Result')) }));
  let scaleScore: number | null = null;
  for (const pattern of SCALE_METHODS) {
    const hit = scores.find((s) => pattern.test(s.method) && Number.isFinite(s.value));
    if (hit) {
      scaleScore = hit.value;
      break;
    }
  }
  // Only the test's own level counts; objective-level (StudentObjectiveAssessment) levels are parts of it.
  const level = descriptorValue(textAt(e, 'PerformanceLevel', 'PerformanceLevel')) ?? null;
  const ordinal = level ? (known?.performanceLevels.find((l) => l.label === level)?.ordinal ?? null) : null;
  const year = textAt(e, 'SchoolYear');
  const when = textAt(e, 'AdministrationDate');
  const school = textAt(e, 'ReportedSchoolReference', 'SchoolIdentity', 'SchoolId') ?? textAt(e, 'SchoolReference', 'SchoolIdentity', 'SchoolId') ?? null;
  const grade = edfiGrade(textAt(e, 'WhenAssessedGradeLevel'));
  return {
    kind: 'student-result',
    studentId: textAt(e, 'StudentReference', 'StudentIdentity', 'StudentUniqueId') ?? '',
    schoolId: school,
    assessmentId,
    ...(known ? { assessmentTitle: known.title } : {}),
    subject: known?.subject ?? null,
    grade: grade ?? known?.grade ?? null,
    administrationDate: when ? when.slice(0, 10) : null,
    schoolYear: year ? normalizeSchoolYear(year) : null,
    scaleScore,
    rawScore: scores.find((s) => /^raw score$/i.test(s.method) && Number.isFinite(s.value))?.value ?? null,
    performanceLevel: level,
    performanceLevelOrdinal: ordinal,
    line: e.line,
  };
}

/**
 * Streams the records of one Ed-Fi interchange file, in file order. Elements this importer does not
 * use (calendars, sections, items) are skipped without being held in memory.
 */
export async function* parseEdfiXml(source: ImportSource, options: EdfiOptions = {}): AsyncGenerator<EdfiRecord> {
  const { stream, file } = openSource(source, options.fileName);
  const ids = new Map<string, string>();
  for await (const e of readXmlElements(stream, file, WANTED)) {
    if (e.name in ORGANIZATIONS) yield organization(e, ids);
    else if (e.name === 'Student') yield student(e);
    else if (e.name === 'StudentEducationOrganizationAssociation') yield studentDemographics(e);
    else if (e.name === 'StudentSchoolAssociation') yield enrollment(e);
    else if (e.name === 'Assessment') yield assessment(e);
    else if (e.name === 'StudentAssessment') yield studentResult(e, options.assessments);
  }
}

/** Reads an AssessmentMetadata interchange into a map for parseEdfiXml's `assessments` option. */
export async function readEdfiAssessments(source: ImportSource, options: { fileName?: string } = {}): Promise<Map<string, AssessmentRecord>> {
  const out = new Map<string, AssessmentRecord>();
  for await (const r of parseEdfiXml(source, options)) if (r.kind === 'assessment') out.set(r.assessmentId, r);
  return out;
}
