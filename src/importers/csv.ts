// The one CSV reader: streams rows with their line numbers and turns parse failures into import issues.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ImportError } from './issues';

/** A file path, or an already-open stream (then `fileName` names it in messages). */
export type ImportSource = string | Readable;

export interface OpenedSource {
  stream: Readable;
  file: string;
}

export function openSource(source: ImportSource, fileName?: string): OpenedSource {
  if (typeof source === 'string') return { stream: createReadStream(source), file: fileName ?? basename(source) };
  return { stream: source, file: fileName ?? 'upload' };
}

export interface CsvRow {
  fields: string[];
  /** 1-based line where the row starts. */
  line: number;
}

export interface CsvReadOptions {
  file: string;
  delimiter?: string;
  encoding?: BufferEncoding;
  /** Tolerate stray quotes inside fields, as in some hand-saved lookup files. */
  relaxQuotes?: boolean;
  /** Trim spaces before a field, for files written as `"a", 1, "b"`. */
  trimStart?: boolean;
}

/** Column letters as a spreadsheet shows them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Streams the rows of a delimited file. Empty lines are skipped; rows keep their own length (the
 * caller decides what a short row means). Memory stays flat: only the current chunk is held.
 */
export async function* readCsv(stream: Readable, options: CsvReadOptions): AsyncGenerator<CsvRow> {
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    encoding: options.encoding ?? 'utf8',
    bom: true,
    relax_column_count: true,
    relax_quotes: options.relaxQuotes ?? false,
    ltrim: options.trimStart ?? false,
    skip_empty_lines: true,
    info: true,
  });
  // pipe() does not forward a source error (a missing file, a dropped upload) to the parser.
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number; raw?: string } }>) {
      // info.lines is the line the record ended on; a quoted field may span lines.
      const startLine = item.info.lines - countLineBreaks(item.record);
      yield { fields: item.record, line: startLine };
    }
  } catch (error) {
    throw toImportError(error, options.file);
  } finally {
    stream.unpipe(parser);
    if (!stream.destroyed) stream.destroy();
  }
}

function countLineBreaks(fields: string[]): number {
  let n = 0;
  for (const field of fields) {
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  }
  return n;
}

function toImportError(error: unknown, file: string): unknown {
  if (error instanceof ImportError) return error;
  if (error instanceof CsvError) {
    const csv = error as CsvError & { lines?: number; column?: number | string };
    const column = typeof csv.column === 'number' ? columnLetter(csv.column) : typeof csv.column === 'string' ? csv.column : undefined;
    const reason = csv.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed (the file may be cut short)' : csv.message.replace(/^Invalid [A-Za-z ]+: /, '');
    return new ImportError([{ file, line: csv.lines ?? 0, ...(column ? { column } : {}), message: reason }]);
  }
  const sys = error as NodeJS.ErrnoException;
  if (sys && typeof sys.code === 'string') {
    return new ImportError([{ file, line: 0, message: sys.code === 'ENOENT' ? 'the file does not exist' : `the file could not be read (${sys.code})` }]);
  }
  return error;
}

/** Reads the first chunk so the caller can sniff the format, and gives back a stream that still starts at byte 0. */
export async function peekHead(stream: Readable): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.isBuffer(first.value) ? first.value : Buffer.from(first.value);
  async function* rest() {
    if (!first.done) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head, stream: Readable.from(rest(), { objectMode: false }) };
}
