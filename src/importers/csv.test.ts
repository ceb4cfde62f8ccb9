import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCsv, readCsvBatches, type CsvRow } from './csv';
import { RowChecker, RowTally } from './csv-rows';
import { ImportError } from './issues';

interface Read {
  size?: number;
  encoding?: BufferEncoding;
  header?: 'first' | 'none';
  delimiter?: string;
}

/** The bytes in pieces of `size`, as a stream delivers a file. */
const pieces = (bytes: Buffer, size: number) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));
const bytesOf = (text: string | Buffer) => (typeof text === 'string' ? Buffer.from(text, 'latin1') : text);

async function batches(text: string | Buffer, o: Read = {}): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const batch of readCsvBatches(pieces(bytesOf(text), o.size ?? 7), {
    file: 'f.csv',
    delimiter: o.delimiter ?? ',',
    encoding: o.encoding ?? 'latin1',
    ...(o.header ? { header: o.header } : {}),
  }))
    out.push(...batch);
  return out;
}

async function records(text: string | Buffer, o: Read = {}): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of readCsv(pieces(bytesOf(text), o.size ?? 7), {
    file: 'f.csv',
    delimiter: o.delimiter ?? ',',
    encoding: o.encoding ?? 'latin1',
    ...(o.header ? { header: o.header } : {}),
  }))
    out.push(row);
  return out;
}

/** What each reader (blocks, then rows) says about the text: its issues, or the rows when it takes the file. */
const bothReaders = (text: string | Buffer, o: Read = {}) =>
  Promise.all(
    [batches(text, o), records(text, o)].map((p) =>
      p.then(
        (rows) => rows,
        (e: unknown) => (e instanceof ImportError ? e.issues : e),
      ),
    ),
  );

describe('the CSV readers', () => {
  it('give each row the line it starts on, across pieces, quoted line breaks and empty lines (a quoted CRLF reads as LF in blocks)', async () => {
    const text = '\u00EF\u00BB\u00BFa,b\r\n"c\r\nd",e\r\n\r\n"f ""g""",h\r\ni,j';
    for (const size of [1, 3, 7, 1000]) {
      const expected = (lineBreak: string) => [
        { fields: ['a', 'b'], line: 1 },
        { fields: [`c${lineBreak}d`, 'e'], line: 2 },
        { fields: ['f "g"', 'h'], line: 5 },
        { fields: ['i', 'j'], line: 6 },
      ];
      expect(await batches(text, { size })).toEqual(expected('\n'));
      expect(await records(text, { size })).toEqual(expected('\r\n'));
    }
  });

  it('take lines ending in CRLF, LF and CR mixed in one file, and count each line once', async () => {
    const text = 'a,b\r\n1,2\n3,4\r\n5,6\r7,8\r\n';
    for (const size of [1, 2, 5, 1000]) {
      const expected = [
        ['a', 'b', 1],
        ['1', '2', 2],
        ['3', '4', 3],
        ['5', '6', 4],
        ['7', '8', 5],
      ];
      for (const rows of await bothReaders(text, { size })) expect((rows as CsvRow[]).map((r) => [...r.fields, r.line])).toEqual(expected);
    }
  });

  it('read caret-delimited files', async () => {
    expect(await batches('a^b^c\n1^2^3\n', { size: 4, delimiter: '^', encoding: 'utf8' })).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', '2', '3'], line: 2 },
    ]);
  });

  it('refuse a row with more fields than the header, and a short one by the first column it lacks', async () => {
    const wide = { file: 'f.csv', line: 3, message: 'line 3 has 4 fields; the header has 3' };
    expect(await bothReaders('a,b,c\n1,2,3\n4,5,6,7\n')).toEqual([[wide], [wide]]);
    const short = { file: 'f.csv', line: 2, column: 'c', message: 'line 2 has 2 fields; the header has 3' };
    expect(await bothReaders('a,b,c\n1,2\n4,5,6\n')).toEqual([[short], [short]]);
    // Without a header (a lookup file) rows keep their own length.
    expect((await records('1,2\n3\n', { header: 'none' })).map((r) => r.fields)).toEqual([['1', '2'], ['3']]);
  });

  it('say a file looks cut short when its last line is short and lacks its line ending, or a quote never closes; a whole last line without one is fine', async () => {
    const cut = { file: 'f.csv', line: 3, column: 'c', message: 'line 3 has 2 fields; the header has 3: the file looks cut short' };
    expect(await bothReaders('a,b,c\n1,2,3\n4,5')).toEqual([[cut], [cut]]);
    const open = { file: 'f.csv', line: 3, message: 'a quoted field that starts on line 3 is never closed: the file looks cut short' };
    expect(await bothReaders('a,b\n1,2\n3,"4\n5,6\n')).toEqual([[open], [open]]);
    for (const rows of await bothReaders('a,b,c\n1,2,3\n4,5,6')) expect((rows as CsvRow[]).map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('fail with the line of a quoted field that runs on past its closing quote', async () => {
    const trailing = await batches('a,b\n"1"x,2\n3,4\n').catch((e: unknown) => e);
    expect((trailing as ImportError).issues).toEqual([
      { file: 'f.csv', line: 2, message: 'a quoted field is followed by more text before the next delimiter' },
    ]);
  });

  it('refuse a NUL byte and an oversized cell with line and column, and bytes that are not UTF-8 with their line', async () => {
    const nul = { file: 'f.csv', line: 3, column: 'b', message: 'the cell holds a NUL byte (\\u0000), which is not text; the file may be damaged' };
    expect(await bothReaders('a,b\n1,2\n3,4\u00005\n')).toEqual([[nul], [nul]]);
    const long = { file: 'f.csv', line: 2, column: 'a', message: 'the cell holds 10,001 characters; a cell may hold at most 10,000' };
    expect(await bothReaders(`a,b\n${'x'.repeat(10_001)},2\n`, { size: 4096 })).toEqual([[long], [long]]);
    const latin1 = Buffer.concat([Buffer.from('a,b\n1,2\n3,Jos'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const notUtf8 = { file: 'f.csv', line: 3, message: 'the file is not UTF-8 here (byte 0xE9); save it as UTF-8 and import it again' };
    for (const size of [1, 5, 100]) expect(await bothReaders(latin1, { encoding: 'utf8', size })).toEqual([[notUtf8], [notUtf8]]);
    // The same bytes read as Latin-1 are text, and UTF-8 split across pieces is whole again.
    expect((await records(latin1)).at(-1)!.fields).toEqual(['3', 'José']);
    expect((await records(Buffer.from('a,b\n1,Jos\u00e9\n', 'utf8'), { encoding: 'utf8', size: 1 })).at(-1)!.fields).toEqual(['1', 'José']);
  });

  it('stop at the line a parser ran together with the next, when its rows and the line count disagree', () => {
    const tally = new RowTally(44, false);
    tally.feed('a,b\r\n1,2\n3,4\r\n');
    tally.end();
    const checker = new RowChecker(tally, { file: 'f.csv' });
    expect(checker.accept(['a', 'b'])).toEqual({ fields: ['a', 'b'], line: 1 });
    // A parser that only knew CRLF would give line 2 and line 3 as one row.
    const error = (() => {
      try {
        checker.accept(['1', '2\n3', '4']);
      } catch (e) {
        return e;
      }
    })();
    expect((error as ImportError).issues).toEqual([
      { file: 'f.csv', line: 2, message: 'line 2 could not be read as a row of its own; check its line ending and its quotes' },
    ]);
  });
});
