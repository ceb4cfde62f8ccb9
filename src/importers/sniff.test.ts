import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { excerpt, ImportError, printable } from './issues';
import { assertTextFile, binaryKind } from './sniff';
import { dataPath, sharedDataAvailable, SHARED_DATA } from './testing/shared-data';

const PNG = resolve(import.meta.dirname, '../../docs/results.png');

describe('binaryKind', () => {
  it('names a picture, a PDF, a workbook, an archive and compressed data', () => {
    expect(binaryKind(readFileSync(PNG))?.what).toBe('a PNG image');
    expect(binaryKind(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'))?.what).toBe('a PDF document');
    expect(binaryKind(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]), Buffer.from('[Content_Types].xml xl/workbook.xml')]))).toEqual({
      what: 'an Excel workbook',
      advice: 'spreadsheet',
    });
    expect(binaryKind(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from('sb_ca2019_1_csv_v4.txt')]))).toEqual({
      what: 'a zip archive',
      advice: 'archive',
    });
    expect(binaryKind(Buffer.from([0x1f, 0x8b, 0x08, 0x00]))?.what).toBe('a gzip-compressed file');
  });

  it('refuses NUL bytes, control characters and bytes that are neither UTF-8 nor plain text', () => {
    expect(binaryKind(Buffer.from('a,b\n1,\u00002\n'))?.what).toBe('a binary file');
    expect(binaryKind(Buffer.from('a,b\n\u0001\u0002\u0003\u0004\u0005\u0006\n'))?.what).toBe('a binary file');
    const noise = randomBytes(4096).map((b) => (b === 0 || b < 0x20 ? 0x80 | b : b));
    expect(binaryKind(noise)?.what).toBe('a binary file');
  });

  it('takes UTF-8 and Latin-1 text, and a multi-byte character cut at the end of the sample', () => {
    expect(binaryKind(Buffer.from('School,Name\n1,Escuela Niños Héroes\n'))).toBeNull();
    expect(binaryKind(Buffer.from('School,Name\n1,Escuela Niños Héroes\n', 'latin1'))).toBeNull();
    expect(binaryKind(Buffer.from('a,é').subarray(0, 3), false)).toBeNull();
  });

  it('takes every real data file as text', () => {
    if (!sharedDataAvailable()) return;
    for (const folder of readdirSync(SHARED_DATA, { withFileTypes: true }).filter((d) => d.isDirectory()))
      for (const name of readdirSync(dataPath(folder.name)))
        expect([name, binaryKind(readFileSync(dataPath(folder.name, name)).subarray(0, 64 * 1024), false)]).toEqual([name, null]);
  });
});

describe('assertTextFile', () => {
  it('refuses a PNG by name, with what it looks like and what to do', async () => {
    await expect(assertTextFile(PNG, 'results.png')).rejects.toThrow(
      'results.png is not a CSV or text file: it looks like a PNG image. Choose the CSV or text file exported from the source.',
    );
  });
});

describe('messages never print raw bytes', () => {
  it('escapes control and replacement characters and cuts long excerpts', () => {
    expect(printable('a\u0000b\ufffd\u001bc\td')).toBe('a\\u0000b\\ufffd\\u001bc\\td');
    expect(excerpt('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…"`);
    expect(excerpt('say "hi"')).toBe('"say \\"hi\\""');
  });

  it('cleans the file, column and message of every import issue', () => {
    const error = new ImportError([
      { file: 'up\u0007load.csv', line: 3, column: '\ufffdPNG', message: `expected a number, found ${'\ufffd\u0000'.repeat(400)}` },
    ]);
    expect(error.message).not.toMatch(/[\u0000-\u0008\u000e-\u001f\ufffd]/);
    expect(error.details[0]!.where).toBe('up\\u0007load.csv:3:\\ufffdPNG');
    expect(error.message.length).toBeLessThan(700);
  });
});
