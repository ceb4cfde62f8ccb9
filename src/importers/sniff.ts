// Tells a text file from anything else by its first bytes, before a parser sees it, so a picture or a
// spreadsheet is refused with a sentence instead of a parse error full of raw bytes.
import { open } from 'node:fs/promises';
import { AppError } from '../domain/errors';

/** How much of a file is read to judge it. */
const SNIFF_BYTES = 64 * 1024;

/** What to tell a person who chose such a file. */
type Advice = 'spreadsheet' | 'archive' | 'other';

/** Known formats that are not text, by their opening bytes. */
const SIGNATURES: { bytes: number[]; what: string; advice?: Advice }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  // Office Open XML (.xlsx, .docx) is a zip archive; a workbook names its parts under xl/.
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive', advice: 'archive' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty zip archive', advice: 'archive' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file', advice: 'archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'an Excel 97-2003 workbook', advice: 'spreadsheet' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive', advice: 'archive' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file', advice: 'archive' },
];

export interface BinaryKind {
  what: string;
  advice: Advice;
}

const startsWith = (head: Uint8Array, bytes: number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/** Whether the bytes are valid UTF-8; a sequence cut off at the end of the sample is not held against it. */
function isUtf8(head: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * What a file's first bytes say it is when it is not text, or null for text. Text may be UTF-8 or a
 * single-byte encoding such as Latin-1 (CDE's files are): it has no NUL bytes, almost no control
 * characters, and only a small share of bytes above 127 when it is not valid UTF-8.
 */
export function binaryKind(head: Uint8Array, complete = true): BinaryKind | null {
  for (const s of SIGNATURES) {
    if (!startsWith(head, s.bytes)) continue;
    if (s.what === 'a zip archive' && Buffer.from(head.buffer, head.byteOffset, head.length).includes('xl/'))
      return { what: 'an Excel workbook', advice: 'spreadsheet' };
    return { what: s.what, advice: s.advice ?? 'other' };
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return { what: 'text saved as UTF-16', advice: 'spreadsheet' };
  let controls = 0;
  let high = 0;
  for (const b of head) {
    if (b === 0) return { what: 'a binary file', advice: 'other' };
    // Tab, line feed, form feed, carriage return and the old end-of-file mark appear in real text files.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1a) controls++;
    else if (b === 0x7f) controls++;
    else if (b >= 0x80) high++;
  }
  if (controls > Math.max(2, head.length / 1000)) return { what: 'a binary file', advice: 'other' };
  if (!isUtf8(head, complete) && high > head.length / 10) return { what: 'a binary file', advice: 'other' };
  return null;
}

/** The sentence for a file that is not text, naming it as the person knows it. */
const ADVICE: Record<Advice, string> = {
  spreadsheet: 'Open it in Excel (or another spreadsheet program), save it as CSV UTF-8, and import the CSV file.',
  archive: 'Unzip it and import the CSV or text files inside.',
  other: 'Choose the CSV or text file exported from the source.',
};

export function notTextError(name: string, kind: BinaryKind): AppError {
  return new AppError('invalid_input', `${name} is not a CSV or text file: it looks like ${kind.what}. ${ADVICE[kind.advice]}`, [
    { where: name, message: 'not a CSV or text file' },
  ]);
}

/** Refuses a file that is not text, reading only its first bytes. */
export async function assertTextFile(path: string, name: string): Promise<void> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const size = (await handle.stat()).size;
    const kind = binaryKind(buffer.subarray(0, bytesRead), bytesRead >= size);
    if (kind) throw notTextError(name, kind);
  } finally {
    await handle.close();
  }
}
