import { describe, expect, it } from 'vitest';
import { normalizeSchoolYear, readDigitCode, readFigure, readGradeNumber, subjectOf, unwrapExcelText } from './cells';
import { columnLetter } from './csv';

describe('cells of published results', () => {
  it('keep * as suppressed and an empty cell as missing unless the format says otherwise', () => {
    expect(readFigure('*', { column: 'c' })).toEqual({ value: null, suppressed: true });
    expect(readFigure('', { column: 'c' })).toEqual({ value: null, suppressed: false });
    expect(readFigure('', { column: 'c', blank: 'suppressed' })).toEqual({ value: null, suppressed: true });
    expect(readFigure('1,234', { column: 'c', integer: true })).toEqual({ value: 1234, suppressed: false });
    expect(() => readFigure('12.5', { column: 'Count', integer: true })).toThrow(/whole number/);
    expect(() => readFigure('n/a', { column: 'Count' })).toThrow(/number or \*/);
  });

  it('unwrap Excel-formula codes and restore leading zeros', () => {
    expect(unwrapExcelText('="2850013"')).toBe('2850013');
    expect(readDigitCode('="0210011"', 7, 'District Code')).toBe('0210011');
    expect(readDigitCode('210011', 7, 'District Code')).toBe('0210011');
    expect(() => readDigitCode('12345678', 7, 'District Code')).toThrow(/7 digits/);
  });

  it('read grades, subjects and school years as sources write them', () => {
    expect([readGradeNumber('03', 'g'), readGradeNumber('3', 'g'), readGradeNumber('KG', 'g')]).toEqual([3, 3, 0]);
    expect([subjectOf('ELA'), subjectOf('Mathematics'), subjectOf('SB - English Language Arts/Literacy'), subjectOf('Science')]).toEqual([
      'ela',
      'math',
      'ela',
      null,
    ]);
    expect([normalizeSchoolYear('2017-18'), normalizeSchoolYear('2021-2022'), normalizeSchoolYear('2018'), normalizeSchoolYear('2017-19')]).toEqual([
      '2017-18',
      '2021-22',
      '2017-18',
      null,
    ]);
    expect([columnLetter(0), columnLetter(25), columnLetter(26)]).toEqual(['A', 'Z', 'AA']);
  });
});
