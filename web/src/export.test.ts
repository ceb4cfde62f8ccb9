import { describe, expect, it } from 'vitest';
import { fileSlug, toCsv } from './export';

describe('toCsv', () => {
  it('quotes what needs quoting, keeps numbers bare and blanks for missing figures', () => {
    const csv = toCsv({
      columns: ['School', 'Tested', '% met'],
      rows: [
        ['Maple "Grove", K-5', 914, 31.8],
        ['Oak\nHill', null, '*'],
      ],
    });
    expect(csv).toBe('\uFEFFSchool,Tested,% met\r\n"Maple ""Grove"", K-5",914,31.8\r\n"Oak\nHill",,*\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    const csv = toCsv({ columns: ['Name'], rows: [['=HYPERLINK("x")'], ['-3 pts'], ['@sum'], ['plain']] });
    expect(csv.split('\r\n').slice(1, 5)).toEqual([`"'=HYPERLINK(""x"")"`, "'-3 pts", "'@sum", 'plain']);
  });
});

describe('fileSlug', () => {
  it('makes a plain file name from words with accents and punctuation', () => {
    expect(fileSlug('Escuela Año Nuevo', 'Math: 2024-25')).toBe('escuela-ano-nuevo-math-2024-25');
  });
});
