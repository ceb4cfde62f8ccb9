// Ed-Fi 5.x XML interchanges: organizations, students, enrollments, assessments and student results.
import { normalizeSchoolYear, subjectOf } from './cells';
import { openSource, type ImportSource } from './csv';
import { boundAt, dateAt, ElementError, idAt, MAX_ID_CHARS, scoreOf } from './edfi-values';
import { IssueCollector } from './issues';
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
  /** How many bad elements to report before stopping (default 1); the file is refused either way. */
  maxErrors?: number;
}

const ORGANIZATIONS: Record<string, OrganizationRecord['orgType']> = {
  StateEducationAgency: 'state',
  EducationServiceCenter: 'service-center',
  LocalEducationAgency: 'district',
  School: 'school',
};
const WANTED = new Set([
  ...Object.keys(ORGANIZATIONS),
  'Student',
  'StudentSchoolAssociation',
  'StudentEducationOrganizationAssociation',
  'Assessment',
  'StudentAssessment',
]);

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
  if (!id) throw new ElementError(e.line, `${e.name}Id`, `the ${e.name} has no ${e.name}Id`);
  if (id.length > MAX_ID_CHARS)
    throw new ElementError(
      e.line,
      `${e.name}Id`,
      `${e.name}Id is ${id.length.toLocaleString('en-US')} characters long; an id may have at most ${MAX_ID_CHARS}`,
    );
  if (e.attributes.id) ids.set(e.attributes.id, id);
  // A parent is referenced by XML id (ref="LEAG_255901") or by identity; the ref names an org earlier in the file.
  const parentRef = child(e, 'LocalEducationAgencyReference') ?? child(e, 'EducationServiceCenterReference') ?? child(e, 'StateEducationAgencyReference');
  const parentId = parentRef ? parentRef.children[0]?.children[0]?.text || ids.get(parentRef.attributes.ref ?? '') || parentRef.attributes.ref : undefined;
  const grades = childrenNamed(e, 'GradeLevel')
    .map((g) => edfiGrade(g.text))
    .filter((g): g is number => g !== undefined);
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
  const birthDate = dateAt(e, ['BirthData', 'BirthDate'], 'birth');
  return {
    kind: 'student',
    studentId: idAt(e, ['StudentUniqueId'], 'the student’s id')!,
    ...(textAt(e, 'Name', 'FirstName') ? { firstName: textAt(e, 'Name', 'FirstName') } : {}),
    ...(textAt(e, 'Name', 'LastSurname') ? { lastName: textAt(e, 'Name', 'LastSurname') } : {}),
    ...(birthDate ? { birthDate } : {}),
    demographics: sex ? { gender: sex.toLowerCase() } : {},
    line: e.line,
  };
}

/** Ed-Fi keeps demographics per education organization (race, EL, economic status, disability). */
function studentDemographics(e: XmlElement): StudentRecord {
  const d: Demographics = {};
  const sex = descriptorValue(textAt(e, 'Sex'));
  if (sex) d.gender = sex.toLowerCase();
  const races = [
    ...childrenNamed(e, 'Race'),
    ...childrenNamed(e, 'StudentEducationOrganizationAssociationRace')
      .map((r) => child(r, 'Race')!)
      .filter(Boolean),
  ]
    .map((r) => raceCode(descriptorValue(r.text) ?? ''))
    .filter((r): r is string => r !== null);
  const hispanic = yes(textAt(e, 'HispanicLatinoEthnicity'));
  if (hispanic !== undefined) d.hispanic = hispanic;
  if (races.length) d.race = [...new Set(races)];
  const lep = descriptorValue(textAt(e, 'LimitedEnglishProficiency'));
  if (lep) d.englishLearner = !/not limited|^no/i.test(lep);
  const characteristics = [
    ...childrenNamed(e, 'StudentCharacteristic'),
    ...childrenNamed(e, 'StudentEducationOrganizationAssociationStudentCharacteristic'),
  ].map((c) => descriptorValue(textAt(c, 'StudentCharacteristic') ?? c.text) ?? '');
  if (characteristics.some((c) => /economic(ally)? disadvantaged/i.test(c))) d.economicallyDisadvantaged = true;
  if (childrenNamed(e, 'Disability').length || childrenNamed(e, 'StudentEducationOrganizationAssociationDisability').length) d.disability = true;
  const schoolId = idAt(e, ['EducationOrganizationReference', 'EducationOrganizationIdentity', 'EducationOrganizationId']);
  return {
    kind: 'student',
    studentId: idAt(e, ['StudentReference', 'StudentIdentity', 'StudentUniqueId'], 'the student it describes')!,
    ...(schoolId ? { schoolId } : {}),
    demographics: d,
    line: e.line,
  };
}

function enrollment(e: XmlElement): EnrollmentRecord {
  const grade = edfiGrade(textAt(e, 'EntryGradeLevel'));
  const entryDate = dateAt(e, ['EntryDate']);
  const exitDate = dateAt(e, ['ExitWithdrawDate']);
  return {
    kind: 'enrollment',
    studentId: idAt(e, ['StudentReference', 'StudentIdentity', 'StudentUniqueId'], 'the student enrolled')!,
    schoolId: idAt(e, ['SchoolReference', 'SchoolIdentity', 'SchoolId'], 'the school')!,
    role: 'student',
    ...(grade !== undefined ? { grade } : {}),
    ...(entryDate ? { entryDate } : {}),
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
    byLabel.set(label, {
      label,
      index,
      ...(Number.isFinite(min) && textAt(p, 'MinimumScore') ? { min } : {}),
      ...(Number.isFinite(max) && textAt(p, 'MaximumScore') ? { max } : {}),
    });
  });
  const levels: PerformanceLevelDefinition[] = [...byLabel.values()]
    .sort((a, b) => (a.min ?? a.index) - (b.min ?? b.index) || a.index - b.index)
    .map((l, i) => ({
      label: l.label,
      ordinal: i + 1,
      ...(l.min !== undefined ? { minScore: l.min } : {}),
      ...(l.max !== undefined ? { maxScore: l.max } : {}),
    }));
  const grade = edfiGrade(textAt(e, 'AssessedGradeLevel'));
  const subject = descriptorValue(textAt(e, 'AcademicSubject'));
  const category = descriptorValue(textAt(e, 'AssessmentCategory'));
  const id = idAt(e, ['AssessmentIdentifier'], 'the assessment’s id')!;
  const scoreRanges = childrenNamed(e, 'AssessmentScore').map((s) => {
    const [min, max] = [boundAt(s, 'MinimumScore'), boundAt(s, 'MaximumScore')];
    return {
      method: descriptorValue(textAt(s, 'AssessmentReportingMethod')) ?? '',
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
    };
  });
  return {
    kind: 'assessment',
    assessmentId: id,
    title: textAt(e, 'AssessmentTitle') ?? id,
    ...(subject ? { subject: subjectOf(subject) ?? subject } : {}),
    ...(grade !== undefined ? { grade } : {}),
    ...(category ? { category } : {}),
    performanceLevels: levels,
    ...(scoreRanges.length ? { scoreRanges } : {}),
    line: e.line,
  };
}

/** Which reported score counts as the scale score, best first. */
const SCALE_METHODS = [/^scale score$/i, /scale/i, /vertical/i, /composite/i];

function studentResult(e: XmlElement, assessments?: ReadonlyMap<string, AssessmentRecord>): StudentResult {
  const assessmentId = idAt(e, ['AssessmentReference', 'AssessmentIdentity', 'AssessmentIdentifier'], 'the assessment taken')!;
  const known = assessments?.get(assessmentId);
  const scores = childrenNamed(e, 'ScoreResult').map((s) => {
    const method = descriptorValue(textAt(s, 'AssessmentReportingMethod')) ?? '';
    return { method, value: scoreOf(s, method, descriptorValue(textAt(s, 'ResultDatatypeType')), known?.scoreRanges) ?? Number.NaN };
  });
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
  const when = dateAt(e, ['AdministrationDate']);
  const school = idAt(e, ['ReportedSchoolReference', 'SchoolIdentity', 'SchoolId']) ?? idAt(e, ['SchoolReference', 'SchoolIdentity', 'SchoolId']) ?? null;
  const grade = edfiGrade(textAt(e, 'WhenAssessedGradeLevel'));
  return {
    kind: 'student-result',
    studentId: idAt(e, ['StudentReference', 'StudentIdentity', 'StudentUniqueId'], 'the student who took it')!,
    schoolId: school,
    assessmentId,
    ...(known ? { assessmentTitle: known.title } : {}),
    subject: known?.subject ?? null,
    grade: grade ?? known?.grade ?? null,
    administrationDate: when ?? null,
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
  const issues = new IssueCollector(file, options.maxErrors);
  const root = (name: string) =>
    /^Interchange[A-Z]\w*$/.test(name) ? null : `the root element is <${name}>, not an Ed-Fi interchange such as <InterchangeStudent>`;
  for await (const e of readXmlElements(stream, file, WANTED, { root })) {
    let record: EdfiRecord;
    try {
      if (e.name in ORGANIZATIONS) record = organization(e, ids);
      else if (e.name === 'Student') record = student(e);
      else if (e.name === 'StudentEducationOrganizationAssociation') record = studentDemographics(e);
      else if (e.name === 'StudentSchoolAssociation') record = enrollment(e);
      else if (e.name === 'Assessment') record = assessment(e);
      else record = studentResult(e, options.assessments);
    } catch (error) {
      if (!(error instanceof ElementError)) throw error;
      issues.add(error.line, error.column, error.message);
      continue;
    }
    yield record;
  }
  issues.finish();
}

/** Reads an AssessmentMetadata interchange into a map for parseEdfiXml's `assessments` option. */
export async function readEdfiAssessments(source: ImportSource, options: { fileName?: string } = {}): Promise<Map<string, AssessmentRecord>> {
  const out = new Map<string, AssessmentRecord>();
  for await (const r of parseEdfiXml(source, options)) if (r.kind === 'assessment') out.set(r.assessmentId, r);
  return out;
}
