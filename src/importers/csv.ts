// The CSV readers: stream rows with their line numbers and turn parse failures into import issues.
// readCsv (csv-parse) reads row by row with every option the smaller formats need; readCsvBatches
// (papaparse, several times faster) reads the large statewide files a block of rows at a time.
import { EventEmitter } from 'node:events';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import Papa from 'papaparse';
import { columnLetter, CsvText, RowChecker, type CsvRow, type RowRules } from './csv-rows';
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

export type { CsvRow };
export { columnLetter };

export interface CsvReadOptions extends Omit<RowRules, 'file'> {
  file: string;
  delimiter?: string;
  encoding?: BufferEncoding;
  /** Tolerate stray quotes inside fields, as in some hand-saved lookup files. */
  relaxQuotes?: boolean;
  /** Trim spaces before a field, for files written as `"a", 1, "b"`. */
  trimStart?: boolean;
}

/**
 * Streams the rows of a delimited file. Lines may end in CRLF, LF or CR, mixed; blank lines are skipped;
 * after the header every row must have as many fields as it (see csv-rows.ts). Memory stays flat: only the
 * current chunk is held.
 */
export async function* readCsv(stream: Readable, options: CsvReadOptions): AsyncGenerator<CsvRow> {
  const delimiter = options.delimiter ?? ',';
  const text = new CsvText(options.file, options.encoding ?? 'utf8', delimiter, options.trimStart ?? false);
  const rows = new RowChecker(text.tally, options);
  // The parser reads the text as decoded here (UTF-8 once more), so the tally and the parser see the same characters.
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: options.relaxQuotes ?? false,
    ltrim: options.trimStart ?? false,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        done(null, text.write(chunk) || undefined);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, text.end() || undefined);
      } catch (error) {
        done(error as Error);
      }
    },
  });
  // pipe() does not forward a source error (a missing file, a dropped upload) to the next stream.
  stream.on('error', (error) => decode.destroy(error));
  decode.on('error', (error) => parser.destroy(error));
  stream.pipe(decode).pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const row = rows.accept(record);
      if (row) yield row;
    }
    rows.finish();
  } catch (error) {
    throw toImportError(error, options.file, rows.nextLine());
  } finally {
    stream.unpipe(decode);
    decode.unpipe(parser);
    if (!stream.destroyed) stream.destroy();
  }
}

export interface CsvBatchOptions extends Omit<RowRules, 'file'> {
  file: string;
  delimiter: string;
  encoding?: BufferEncoding;
}

/**
 * Streams the rows of a delimited file in blocks (one block per piece of the stream), for files of
 * millions of rows: no per-row await. Rows are read and checked as with readCsv; line endings are made LF
 * before the parser sees them. A closing quote followed by more text fails with the line.
 */
export async function* readCsvBatches(stream: Readable, options: CsvBatchOptions): AsyncGenerator<CsvRow[]> {
  // papaparse reads any object with Node's stream events; this one is fed piece by piece below, and
  // each piece is parsed synchronously inside emit(), so the rows of a piece are ready right after it.
  const input = Object.assign(new EventEmitter(), { readable: true, read() {}, pause() {}, resume() {} });
  let parsed: string[][] = [];
  let errors: Papa.ParseError[] = [];
  let cursor = 0;
  Papa.parse<string[], NodeJS.ReadableStream>(input as unknown as NodeJS.ReadableStream, {
    delimiter: options.delimiter,
    quoteChar: '"',
    newline: '\n',
    skipEmptyLines: false,
    chunk: (results) => {
      parsed = results.data;
      errors = results.errors;
      cursor = results.meta.cursor;
    },
    complete: () => {},
  });
  const text = new CsvText(options.file, options.encoding ?? 'utf8', options.delimiter);
  const checker = new RowChecker(text.tally, options);
  // The text handed to the parser and not yet turned into rows, to count its line breaks.
  let pending = '';
  let consumed = 0;
  // A CR at the end of a piece waits for the next: it may be the first half of CRLF.
  let cr = false;
  const take = (final: boolean): CsvRow[] => {
    const rows = parsed;
    const found = errors;
    parsed = [];
    errors = [];
    const block = pending.slice(0, cursor - consumed);
    pending = pending.slice(cursor - consumed);
    consumed = cursor;
    // When the block holds one line break per row, no row spans lines and none need be counted.
    let breaks = 0;
    for (let i = block.indexOf('\n'); i !== -1; i = block.indexOf('\n', i + 1)) breaks++;
    const whole = final && !block.endsWith('\n') ? rows.length - 1 : rows.length;
    const plain = breaks === whole ? 0 : undefined;
    // Errors about the last, unfinished row come again once it is complete; only finished rows count.
    const error = found.find((e) => e.type === 'Quotes' && e.row !== undefined && e.row < rows.length);
    const out: CsvRow[] = [];
    for (let r = 0; r < rows.length; r++) {
      if (error && r === error.row) {
        const reason =
          error.code === 'MissingQuotes'
            ? 'a quoted field is never closed: the file looks cut short'
            : 'a quoted field is followed by more text before the next delimiter';
        throw new ImportError([{ file: options.file, line: checker.nextLine(), message: reason }]);
      }
      const row = checker.accept(rows[r]!, plain);
      if (row) out.push(row);
    }
    return out;
  };
  const feed = (decoded: string, final: boolean): CsvRow[] => {
    let piece = cr ? `\r${decoded}` : decoded;
    cr = !final && piece.endsWith('\r');
    if (cr) piece = piece.slice(0, -1);
    if (piece.includes('\r')) piece = piece.replace(/\r\n?/g, '\n');
    if (piece) {
      pending += piece;
      input.emit('data', piece);
    }
    if (!final) return take(false);
    input.emit('end');
    return take(true);
  };

  try {
    for await (const chunk of stream) {
      const decoded = text.write(chunk as Buffer | string);
      if (!decoded) continue;
      const rows = feed(decoded, false);
      if (rows.length) yield rows;
    }
    const rows = feed(text.end(), true);
    checker.finish();
    if (rows.length) yield rows;
  } catch (error) {
    throw toImportError(error, options.file, checker.nextLine());
  } finally {
    if (!stream.destroyed) stream.destroy();
  }
}

/** Parser and system errors in words, at the line of the row being read (the tally's: the parser's own count drifts). */
function toImportError(error: unknown, file: string, line: number): unknown {
  if (error instanceof ImportError) return error;
  if (error instanceof CsvError) {
    const csv = error as CsvError & { lines?: number; column?: number | string };
    const column = typeof csv.column === 'number' ? columnLetter(csv.column) : typeof csv.column === 'string' ? csv.column : undefined;
    const reason =
      csv.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed: the file looks cut short' : csv.message.replace(/^Invalid [A-Za-z ]+: /, '');
    return new ImportError([{ file, line, ...(column ? { column } : {}), message: reason }]);
  }
  const sys = error as NodeJS.ErrnoException;
  if (sys && typeof sys.code === 'string') {
    const reason =
      sys.code === 'ENOENT' ? 'the file does not exist' : sys.code === 'EISDIR' ? 'is a folder, not a file' : `the file could not be read (${sys.code})`;
    return new ImportError([{ file, line: 0, message: reason }]);
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
