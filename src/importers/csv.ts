// The CSV readers: stream rows with their line numbers and turn parse failures into import issues.
// readCsv (csv-parse) reads row by row with every option the smaller formats need; readCsvBatches
// (papaparse, several times faster) reads the large statewide files a block of rows at a time.
import { EventEmitter } from 'node:events';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, parse } from 'csv-parse';
import Papa from 'papaparse';
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

export interface CsvBatchOptions {
  file: string;
  delimiter: string;
  encoding?: BufferEncoding;
}

const UTF8_BOM = '\uFEFF';
const LATIN1_BOM = '\u00EF\u00BB\u00BF';

/**
 * Streams the rows of a delimited file in blocks (one block per piece of the stream), for files of
 * millions of rows: no per-row await. Empty lines are skipped and rows keep their own length, as with
 * readCsv. A quote that is never closed, or a closing quote followed by more text, fails with the line.
 */
export async function* readCsvBatches(stream: Readable, options: CsvBatchOptions): AsyncGenerator<CsvRow[]> {
  // papaparse reads any object with Node's stream events; this one is fed piece by piece below, and
  // each piece is parsed synchronously inside emit(), so the rows of a piece are ready right after it.
  const input = Object.assign(new EventEmitter(), { readable: true, read() {}, pause() {}, resume() {} });
  let parsed: string[][] = [];
  let errors: Papa.ParseError[] = [];
  let cursor = 0;
  let started = false;
  // The line break is told from the first whole line, so a piece that ends inside "\r\n" cannot mislead the parser.
  const start = (firstText: string) => {
    started = true;
    const lf = firstText.indexOf('\n');
    Papa.parse<string[], NodeJS.ReadableStream>(input as unknown as NodeJS.ReadableStream, {
      delimiter: options.delimiter,
      quoteChar: '"',
      ...(lf === -1 ? {} : { newline: lf > 0 && firstText[lf - 1] === '\r' ? '\r\n' : '\n' }),
      skipEmptyLines: false,
      chunk: (results) => {
        parsed = results.data;
        errors = results.errors;
        cursor = results.meta.cursor;
      },
      complete: () => {},
    });
  };

  const decoder = new StringDecoder(options.encoding ?? 'utf8');
  // The text handed to the parser and not yet turned into rows, to count its line breaks.
  let pending = '';
  let consumed = 0;
  let line = 1;
  // Text held back until the first line is whole: its byte order mark is dropped and its line break read.
  let head = '';
  const take = (final: boolean): CsvRow[] => {
    const rows = parsed;
    const found = errors;
    parsed = [];
    errors = [];
    const text = pending.slice(0, cursor - consumed);
    pending = pending.slice(cursor - consumed);
    consumed = cursor;
    // A row's line: rows follow each other one line apiece unless a quoted field holds a line break.
    let breaks = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) breaks++;
    const terminated = final && !text.endsWith('\n') ? rows.length - 1 : rows.length;
    const out: CsvRow[] = [];
    const lines: number[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      lines[r] = line;
      line += breaks === terminated ? 1 : 1 + countLineBreaks(rows[r]!);
    }
    // Errors about the last, unfinished row come again once it is complete; only finished rows count.
    const error = found.find((e) => e.type === 'Quotes' && e.row !== undefined && e.row < rows.length);
    if (error) {
      const reason = error.code === 'MissingQuotes' ? 'a quoted field is never closed (the file may be cut short)' : 'a quoted field is followed by more text before the next delimiter';
      throw new ImportError([{ file: options.file, line: lines[error.row!]!, message: reason }]);
    }
    for (let r = 0; r < rows.length; r++) {
      const fields = rows[r]!;
      if (fields.length === 1 && fields[0] === '') continue;
      out.push({ fields, line: lines[r]! });
    }
    return out;
  };
  const feed = (text: string, final: boolean): CsvRow[] => {
    if (!started) {
      head += text;
      if (!final && head.indexOf('\n') === -1) return [];
      text = head.startsWith(UTF8_BOM) ? head.slice(1) : head.startsWith(LATIN1_BOM) ? head.slice(3) : head;
      head = '';
      start(text);
    }
    if (text) {
      pending += text;
      input.emit('data', text);
    }
    if (!final) return take(false);
    input.emit('end');
    return take(true);
  };

  try {
    for await (const chunk of stream) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
      if (!text) continue;
      const rows = feed(text, false);
      if (rows.length) yield rows;
    }
    const rows = feed(decoder.end(), true);
    if (rows.length) yield rows;
  } catch (error) {
    throw toImportError(error, options.file);
  } finally {
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
