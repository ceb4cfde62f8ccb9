import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsvBatches, type CsvRow } from './csv';
import { ImportError } from './issues';

/** The text in pieces of `size` characters, as a stream delivers a file. */
const pieces = (text: string, size: number) => Readable.from(Array.from({ length: Math.ceil(text.length / size) }, (_, i) => Buffer.from(text.slice(i * size, (i + 1) * size), 'latin1')));

async function rows(text: string, size = 7): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const batch of readCsvBatches(pieces(text, size), { file: 'f.csv', delimiter: ',', encoding: 'latin1' })) out.push(...batch);
  return out;
}

describe('readCsvBatches', () => {
  it('gives each row the line it starts on, across pieces, quoted line breaks and empty lines', async () => {
    const text = '\u00EF\u00BB\u00BFa,b\r\n"c\r\nd",e\r\n\r\n"f ""g""",h\r\ni,j';
    for (const size of [1, 3, 7, 1000]) {
      expect(await rows(text, size)).toEqual([
        { fields: ['a', 'b'], line: 1 },
        { fields: ['c\r\nd', 'e'], line: 2 },
        { fields: ['f "g"', 'h'], line: 5 },
        { fields: ['i', 'j'], line: 6 },
      ]);
    }
  });

  it('reads caret-delimited files and rows of different lengths', async () => {
    const out: CsvRow[] = [];
    for await (const batch of readCsvBatches(pieces('a^b^c\n1^2\n', 4), { file: 'f.txt', delimiter: '^' })) out.push(...batch);
    expect(out).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
  });

  it('fails with the line of a quoted field that is never closed, or that runs on past its closing quote', async () => {
    const open = await rows('a,b\n1,2\n3,"4\n5,6\n').catch((e: unknown) => e);
    expect(open).toBeInstanceOf(ImportError);
    expect((open as ImportError).issues).toEqual([{ file: 'f.csv', line: 3, message: 'a quoted field is never closed (the file may be cut short)' }]);
    const trailing = await rows('a,b\n"1"x,2\n3,4\n').catch((e: unknown) => e);
    expect((trailing as ImportError).issues).toEqual([{ file: 'f.csv', line: 2, message: 'a quoted field is followed by more text before the next delimiter' }]);
  });
});
