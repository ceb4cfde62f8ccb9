import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ImportError } from './issues';
import type { StudentResult } from './records';
import { parseStudentColumnMap, parseStudentCsv } from './student-csv';

const MAP = {
  studentId: 'SSID',
  schoolCode: 'School',
  subject: 'Subject',
  grade: 'Grade',
  year: 'Year',
  scaleScore: 'Scale Score',
  performanceLevel: 'Level',
  performanceLevels: ['Not Met', 'Nearly Met', 'Met', 'Exceeded'],
  ethnicity: 'Ethnicity',
  englishLearner: 'EL',
  economicallyDisadvantaged: 'SED',
  disability: 'SWD',
  gender: 'Gender',
};
const HEADER = 'SSID,School,Subject,Grade,Year,Scale Score,Level,Ethnicity,EL,SED,SWD,Gender,ext_vendor_note';
const csv = (...rows: string[]) => Readable.from([Buffer.from([HEADER, ...rows].join('\r\n'))]);

async function collect(source: Readable, map: unknown = MAP, maxErrors?: number): Promise<StudentResult[]> {
  const out: StudentResult[] = [];
  for await (const r of parseStudentCsv(source, map, { fileName: 'results.csv', ...(maxErrors ? { maxErrors } : {}) })) out.push(r);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('column maps', () => {
  it('name every unmapped required field', () => {
    const error = (() => {
      try {
        parseStudentColumnMap({ studentId: 'SSID', subject: 'Subject', scaleScore: 'Score' });
      } catch (e) {
        return e as ImportError;
      }
    })();
    expect(error?.issues.map((i) => i.column)).toEqual(['schoolCode', 'grade', 'year']);
    expect(error?.issues[0]?.message).toBe('schoolCode is required: name the column that holds it');
  });

  it('need a score or a level, and reject unknown fields', () => {
    expect(() => parseStudentColumnMap({ ...MAP, scaleScore: undefined, performanceLevel: undefined })).toThrow(/scaleScore or performanceLevel/);
    expect(() => parseStudentColumnMap({ ...MAP, studentNumber: 'X' })).toThrow(/unknown field studentNumber/);
  });
});

describe('student results CSV', () => {
  it('reads rows through the map, with level ordinals and demographics', async () => {
    const rows = await collect(
      csv('1001,19647336019582,ELA,03,2017-18,2410,Nearly Met,Hispanic or Latino,Y,Y,N,F,x', '1002,19647336019582,Math,K,2018,,Met,White,N,,,M,'),
    );
    expect(rows[0]).toMatchObject({
      studentId: '1001',
      schoolId: '19647336019582',
      subject: 'ela',
      grade: 3,
      schoolYear: '2017-18',
      scaleScore: 2410,
      performanceLevel: 'Nearly Met',
      performanceLevelOrdinal: 2,
      demographics: { race: ['hispanic'], hispanic: true, englishLearner: true, economicallyDisadvantaged: true, disability: false, gender: 'f' },
      line: 2,
    });
    expect(rows[1]).toMatchObject({ subject: 'math', grade: 0, schoolYear: '2017-18', scaleScore: null, performanceLevelOrdinal: 3, line: 3 });
  });

  it('reports a mapped column missing from the header by name', async () => {
    const error = await failure(collect(csv('1,2,ELA,3,2018,2400,Met,White,N,N,N,F,'), { ...MAP, studentId: 'Student ID' }));
    expect(error.details).toEqual([
      { where: 'results.csv:1:Student ID', message: 'the column "Student ID" (mapped to studentId) is not in the file\'s header' },
    ]);
  });

  it('gives file:line:column for each bad row', async () => {
    const error = await failure(
      collect(
        csv(
          '1,S,ELA,3,2018,24x0,Met,White,N,N,N,F,',
          '2,S,ELA,14,2018,2400,Met,White,N,N,N,F,',
          '3,S,ELA,3,2018,2400,Proficient,White,N,N,N,F,',
          '4,S,ELA,3,2018,2400,Met,White,maybe,N,N,F,',
          ',S,ELA,3,2018,2400,Met,White,N,N,N,F,',
        ),
        MAP,
        10,
      ),
    );
    expect(error.details.map((d) => d.where)).toEqual([
      'results.csv:2:Scale Score',
      'results.csv:3:Grade',
      'results.csv:4:Level',
      'results.csv:5:EL',
      'results.csv:6:SSID',
    ]);
    expect(error.details[2]!.message).toBe('"Proficient" is not one of the levels Not Met, Nearly Met, Met, Exceeded');
  });
});
