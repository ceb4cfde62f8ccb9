import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { countsByLevel } from '../domain/metrics';
import { edfiGrade, parseEdfiXml, readEdfiAssessments, type EdfiRecord } from './edfi-xml';
import { ImportError } from './issues';
import { dataPath, sharedDataAvailable } from './testing/shared-data';

const DIR = 'edfi-grand-bend-sample-xml';

async function collect(source: Parameters<typeof parseEdfiXml>[0], options?: Parameters<typeof parseEdfiXml>[1]): Promise<EdfiRecord[]> {
  const out: EdfiRecord[] = [];
  for await (const r of parseEdfiXml(source, options)) out.push(r);
  return out;
}

const xml = (body: string) =>
  Readable.from([
    Buffer.from(`<?xml version="1.0"?>\n<InterchangeStudentEnrollment xmlns="http://ed-fi.org/5.2.0">\n${body}\n</InterchangeStudentEnrollment>\n`),
  ]);

describe('Ed-Fi XML, small input', () => {
  it('maps grade descriptors to numbers', () => {
    expect(edfiGrade('uri://ed-fi.org/GradeLevelDescriptor#Kindergarten')).toBe(0);
    expect(edfiGrade('uri://ed-fi.org/GradeLevelDescriptor#Eleventh grade')).toBe(11);
    expect(edfiGrade('uri://ed-fi.org/GradeLevelDescriptor#Preschool/Prekindergarten')).toBeUndefined();
  });

  it('reads demographics and enrollments from the student-school interchanges', async () => {
    const records = await collect(
      xml(`<StudentSchoolAssociation>
  <StudentReference><StudentIdentity><StudentUniqueId>604821</StudentUniqueId></StudentIdentity></StudentReference>
  <SchoolReference><SchoolIdentity><SchoolId>255901001</SchoolId></SchoolIdentity></SchoolReference>
  <EntryDate>2021-08-23</EntryDate>
  <EntryGradeLevel>uri://ed-fi.org/GradeLevelDescriptor#Ninth grade</EntryGradeLevel>
</StudentSchoolAssociation>
<StudentEducationOrganizationAssociation>
  <StudentReference><StudentIdentity><StudentUniqueId>604821</StudentUniqueId></StudentIdentity></StudentReference>
  <EducationOrganizationReference><EducationOrganizationIdentity><EducationOrganizationId>255901</EducationOrganizationId></EducationOrganizationIdentity></EducationOrganizationReference>
  <Sex>uri://ed-fi.org/SexDescriptor#Male</Sex>
  <HispanicLatinoEthnicity>true</HispanicLatinoEthnicity>
  <LimitedEnglishProficiency>uri://ed-fi.org/LimitedEnglishProficiencyDescriptor#Limited</LimitedEnglishProficiency>
  <Race>uri://ed-fi.org/RaceDescriptor#White</Race>
  <StudentCharacteristic><StudentCharacteristic>uri://ed-fi.org/StudentCharacteristicDescriptor#Economic Disadvantaged</StudentCharacteristic></StudentCharacteristic>
  <Disability><Disability>uri://ed-fi.org/DisabilityDescriptor#Autism</Disability></Disability>
</StudentEducationOrganizationAssociation>`),
      { fileName: 'StudentEnrollment.xml' },
    );
    expect(records).toEqual([
      { kind: 'enrollment', studentId: '604821', schoolId: '255901001', role: 'student', grade: 9, entryDate: '2021-08-23', line: 3 },
      {
        kind: 'student',
        studentId: '604821',
        schoolId: '255901',
        demographics: { gender: 'male', hispanic: true, race: ['white'], englishLearner: true, economicallyDisadvantaged: true, disability: true },
        line: 9,
      },
    ]);
  });

  it('reports malformed XML with line and column', async () => {
    const error = await collect(xml('<Student>\n  <StudentUniqueId>1</StudentUniqueId>\n</Studnet>'), { fileName: 'Student.xml' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const issue = (error as ImportError).issues[0]!;
    expect([issue.file, issue.line, issue.column]).toEqual(['Student.xml', 5, '11']);
    expect(issue.message).toMatch(/not well formed/);
  });
});

describe.runIf(sharedDataAvailable())('Ed-Fi XML (Grand Bend ISD sample)', () => {
  it('reads the district and its three schools', async () => {
    const orgs = await collect(dataPath(DIR, 'EducationOrganization.xml'));
    const schools = orgs.filter((o) => o.kind === 'organization' && o.orgType === 'school');
    expect(schools.map((s) => (s.kind === 'organization' ? [s.id, s.name, s.parentId] : null))).toEqual([
      ['255901001', 'Grand Bend High School', '255901'],
      ['255901044', 'Grand Bend Middle School', '255901'],
      ['255901107', 'Grand Bend Elementary School', '255901'],
    ]);
    expect(orgs.find((o) => o.kind === 'organization' && o.orgType === 'district')).toMatchObject({ id: '255901', name: 'Grand Bend ISD', parentId: '255950' });
  });

  it('reads 960 students, with birth sex where the file gives it', async () => {
    const students = await collect(dataPath(DIR, 'Student.xml'));
    expect(students).toHaveLength(960);
    expect(new Set(students.map((s) => (s.kind === 'student' ? s.studentId : ''))).size).toBe(960);
    expect(students[0]).toMatchObject({ kind: 'student', studentId: '604821', firstName: 'Tyrone', lastName: 'Dyer', birthDate: '2014-11-13', line: 3 });
    expect(students.filter((s) => s.kind === 'student' && s.demographics.gender).length).toBe(3);
  });

  it('reads assessments with ordered performance levels and results that carry them', async () => {
    const assessments = await readEdfiAssessments(dataPath(DIR, 'AssessmentMetadata-StateAssessment.xml'));
    expect(assessments.get('SA-2011-Mathematics-Eighth grade')).toMatchObject({
      subject: 'math',
      grade: 8,
      performanceLevels: [
        { label: 'Did Not Meet Standard', ordinal: 1 },
        { label: 'Met Standard', ordinal: 2 },
        { label: 'Advanced', ordinal: 3 },
      ],
    });
    const results = (await collect(dataPath(DIR, 'StudentAssessment-StateAssessment.xml'), { assessments })).filter((r) => r.kind === 'student-result');
    expect(results).toHaveLength(34);
    expect(results[0]).toMatchObject({
      studentId: '604898',
      assessmentId: 'SA-2011-Mathematics-Eighth grade',
      subject: 'math',
      grade: 8,
      scaleScore: 691,
      rawScore: 28,
      performanceLevel: 'Did Not Meet Standard',
      performanceLevelOrdinal: 1,
      administrationDate: '2021-04-01',
    });
    // Student 604861 has two results with neither a score nor a level; they stay unknown, not level 1.
    const levelled = results.filter((r) => r.kind === 'student-result' && r.performanceLevel !== null);
    expect(levelled).toHaveLength(32);
    expect(levelled.every((r) => r.kind === 'student-result' && r.performanceLevelOrdinal !== null)).toBe(true);
    const counts = countsByLevel(
      results.map((r) => (r.kind === 'student-result' ? r.performanceLevelOrdinal : null)),
      3,
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(32);
  });

  it('reads every student-assessment file', async () => {
    const sizes: Record<string, number> = {};
    for (const name of ['ACT', 'SAT', 'Benchmarks-3rdGradeMath', 'Benchmarks-3rdGradeReading']) {
      const assessments = await readEdfiAssessments(dataPath(DIR, `AssessmentMetadata-${name}.xml`));
      const results = await collect(dataPath(DIR, `StudentAssessment-${name}.xml`), { assessments });
      sizes[name] = results.length;
      expect(results.every((r) => r.kind === 'student-result' && r.assessmentTitle !== undefined && r.schoolYear === '2021-22')).toBe(true);
    }
    expect(sizes).toEqual({ ACT: 335, SAT: 39, 'Benchmarks-3rdGradeMath': 160, 'Benchmarks-3rdGradeReading': 160 });
  });

  it('fails on a truncated copy with the line and column where the XML stops', async () => {
    const text = readFileSync(dataPath(DIR, 'Student.xml'), 'utf8').split('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'edfi-')), 'Student.xml');
    writeFileSync(path, text.slice(0, 100).join('\n') + '\n\t\t<FirstN');
    const error = (await collect(path).catch((e: unknown) => e)) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error.issues[0]).toMatchObject({ file: 'Student.xml', line: 101 });
    expect(error.details[0]!.where).toMatch(/^Student\.xml:101:\d+$/);
  });
});
