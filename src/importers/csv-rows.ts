// The row accounting of the CSV readers. A file's text is counted into rows on its own, apart from the
// parser: a line break (CRLF, LF or CR, mixed as they come) ends a row unless it is inside quotes. Every
// row the parser gives is matched against that count, so a row run together with the next (a line ending
// the parser did not take) stops the import at its line instead of bending a figure. Rows are numbered from
// this count and checked against the header: no more fields than it has, no fewer, and a short last line
// without its line ending, or a quote never closed, is a file cut short.
import { StringDecoder } from 'node:string_decoder';
import { ImportError, type IssueCollector } from './issues';
import { NotUtf8, StrictUtf8Decoder } from './utf8';

export interface CsvRow {
  fields: string[];
  /** 1-based line where the row starts. */
  line: number;
}

/** A cell longer than this is refused: no field of these formats comes near it, and ids must fit an index. */
export const MAX_CELL_CHARS = 10_000;

interface TalliedRow {
  line: number;
  /** Line breaks inside quoted fields of the row. */
  breaks: number;
  blank: boolean;
  terminated: boolean;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

/** A quote opened on `line` and never closed. */
class UnclosedQuote extends Error {
  constructor(readonly line: number) {
    super(`quote opened on line ${line} is never closed`);
  }
}

/**
 * Counts the rows of delimited text as RFC 4180 reads them, whatever the parser does. It jumps from one
 * quote or line break to the next (nothing else changes a row's bounds), so it costs little beside the parser.
 */
export class RowTally {
  private rows: TalliedRow[] = [];
  private head = 0;
  /** The physical line the text read so far ends on. */
  line = 1;
  private rowLine = 1;
  private rowBreaks = 0;
  private rowChars = 0;
  private inQuotes = false;
  private quoteLine = 0;
  /** The last character of the row read (-1 at its start): a quote opens a field only at its start. */
  private last = -1;
  /** Whether the last character closed a quoted field: a quote right after it is an escaped quote. */
  private afterQuote = false;
  /** A CR ended the last piece: an LF starting the next belongs to it. */
  private cr = false;
  /** The longest row seen, in characters: rows are measured cell by cell only when one is long enough to hold a cell too long. */
  longestRow = 0;
  /** Whether a NUL character was seen: rows are searched for it only then. */
  sawNul = false;

  constructor(
    private readonly delimiter: number,
    private readonly trimStart: boolean,
  ) {}

  feed(text: string): void {
    if (!this.sawNul && text.indexOf('\u0000') !== -1) this.sawNul = true;
    const n = text.length;
    let i = 0;
    if (this.cr) {
      this.cr = false;
      if (n && text.charCodeAt(0) === LF) i = 1;
    }
    let quote = text.indexOf('"', i);
    let lf = text.indexOf('\n', i);
    let cr = text.indexOf('\r', i);
    while (i < n) {
      if (quote !== -1 && quote < i) quote = text.indexOf('"', i);
      if (lf !== -1 && lf < i) lf = text.indexOf('\n', i);
      if (cr !== -1 && cr < i) cr = text.indexOf('\r', i);
      let at = quote;
      if (lf !== -1 && (at === -1 || lf < at)) at = lf;
      if (cr !== -1 && (at === -1 || cr < at)) at = cr;
      const end = at === -1 ? n : at;
      if (end > i) this.plain(text, i, end);
      if (at === -1) return;
      i = at + 1;
      if (text.charCodeAt(at) === QUOTE) {
        this.quote();
        continue;
      }
      // CRLF is one line break; a CR at the end of the piece waits to see the next one's first character.
      if (text.charCodeAt(at) === CR) {
        if (i === n) this.cr = true;
        else if (text.charCodeAt(i) === LF) i++;
      }
      this.lineBreak();
    }
  }

  /** Characters other than quotes and line breaks, from `from` to `to`. */
  private plain(text: string, from: number, to: number): void {
    this.rowChars += to - from;
    this.afterQuote = false;
    if (!this.trimStart) {
      this.last = text.charCodeAt(to - 1);
      return;
    }
    // With spaces trimmed before a field, a quote after delimiter and spaces still opens it.
    for (let k = to - 1; k >= from; k--) {
      const c = text.charCodeAt(k);
      if (c !== SPACE && c !== TAB) {
        this.last = c;
        return;
      }
    }
    if (this.last === -1 || this.last === this.delimiter) return;
    this.last = SPACE;
  }

  private quote(): void {
    this.rowChars++;
    if (this.inQuotes) {
      this.inQuotes = false;
      this.afterQuote = true;
    } else if (this.afterQuote) {
      // "" inside a quoted field: the field goes on.
      this.inQuotes = true;
      this.afterQuote = false;
    } else if (this.last === -1 || this.last === this.delimiter) {
      this.inQuotes = true;
      this.quoteLine = this.line;
    }
    this.last = QUOTE;
  }

  private lineBreak(): void {
    this.afterQuote = false;
    if (this.inQuotes) {
      this.rowBreaks++;
      this.rowChars++;
      this.line++;
      this.last = LF;
      return;
    }
    this.push(true);
    this.line++;
    this.rowLine = this.line;
  }

  private push(terminated: boolean): void {
    if (this.rowChars > this.longestRow) this.longestRow = this.rowChars;
    this.rows.push({ line: this.rowLine, breaks: this.rowBreaks, blank: this.rowChars === 0, terminated });
    this.rowBreaks = 0;
    this.rowChars = 0;
    this.last = -1;
    this.afterQuote = false;
  }

  /** The end of the text: a last line without its line ending is a row; an open quote is an error. */
  end(): void {
    if (this.inQuotes) throw new UnclosedQuote(this.quoteLine);
    if (this.rowChars) this.push(false);
  }

  /** The line of the next row counted and not yet taken: the row a parser is reading. */
  peekLine(): number {
    return this.rows[this.head]?.line ?? this.line;
  }

  /** The next row counted, in file order. */
  next(): TalliedRow | undefined {
    const row = this.rows[this.head];
    if (row === undefined) return undefined;
    this.head++;
    if (this.head >= 4096) {
      this.rows = this.rows.slice(this.head);
      this.head = 0;
    }
    return row;
  }
}

/**
 * Decodes a file for a reader and feeds its text to the tally: UTF-8 strictly (a byte that is not UTF-8 is
 * refused with its line), Latin-1 as it is; a byte order mark is dropped in either.
 */
export class CsvText {
  readonly tally: RowTally;
  private readonly utf8: StrictUtf8Decoder | null;
  private readonly other: StringDecoder | null;
  private head: string | null = '';

  constructor(
    readonly file: string,
    encoding: BufferEncoding,
    delimiter: string,
    trimStart = false,
  ) {
    this.tally = new RowTally(delimiter.charCodeAt(0), trimStart);
    const utf8 = encoding === 'utf8' || encoding === 'utf-8';
    this.utf8 = utf8 ? new StrictUtf8Decoder() : null;
    this.other = utf8 ? null : new StringDecoder(encoding);
  }

  write(chunk: Buffer | string): string {
    return this.take(
      this.decode(() => (typeof chunk === 'string' ? chunk : this.utf8 ? this.utf8.write(chunk) : this.other!.write(chunk))),
      false,
    );
  }

  end(): string {
    const text = this.take(
      this.decode(() => (this.utf8 ? this.utf8.end() : this.other!.end())),
      true,
    );
    try {
      this.tally.end();
    } catch (error) {
      if (error instanceof UnclosedQuote)
        throw new ImportError([
          { file: this.file, line: error.line, message: `a quoted field that starts on line ${error.line} is never closed: the file looks cut short` },
        ]);
      throw error;
    }
    return text;
  }

  private decode(read: () => string): string {
    try {
      return read();
    } catch (error) {
      if (error instanceof NotUtf8) throw new ImportError([{ file: this.file, line: this.tally.line + error.linesBefore, message: error.reason }]);
      throw error;
    }
  }

  /** The text once its start is known to hold no byte order mark (UTF-8's, or its three Latin-1 characters). */
  private take(text: string, final: boolean): string {
    if (this.head !== null) {
      this.head += text;
      if (!final && this.head.length < 3) return '';
      text = this.head.startsWith('\uFEFF') ? this.head.slice(1) : this.head.startsWith('\u00EF\u00BB\u00BF') ? this.head.slice(3) : this.head;
      this.head = null;
    }
    if (text) this.tally.feed(text);
    return text;
  }
}

export interface RowRules {
  file: string;
  /** The header row: the first row that is not blank (default), the first that passes a test, or none at all. */
  header?: 'first' | 'none' | ((fields: string[]) => boolean);
  /** Where refused rows go, so several are listed at once; without it the first one stops the import. */
  issues?: IssueCollector;
  /** Filled as rows are read: the data rows after the header that are not blank. */
  counts?: { dataRows: number };
}

/** Column letters as a spreadsheet shows them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function lineBreaks(fields: string[]): number {
  let n = 0;
  for (const field of fields) {
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === LF || (c === CR && field.charCodeAt(i + 1) !== LF)) n++;
    }
  }
  return n;
}

const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/** Matches the parser's rows to the tally's, numbers them, and holds them to the header. */
export class RowChecker {
  private width = -1;
  private names: string[] = [];
  /** The line of the row last accepted or refused. */
  line = 0;

  constructor(
    private readonly tally: RowTally,
    private readonly rules: RowRules,
  ) {}

  /** The parser's next row, numbered; null for a blank line or a row refused into the issues. `breaks` skips counting them. */
  accept(fields: string[], breaks?: number): CsvRow | null {
    const t = this.tally.next();
    const empty = fields.length === 1 && fields[0] === '';
    // A parser may give an empty row after the last line break, where no line is.
    if (!t) {
      if (empty) return null;
      throw this.mismatch(this.tally.line);
    }
    this.line = t.line;
    if (empty && t.blank) return null;
    if (t.blank || (breaks ?? lineBreaks(fields)) !== t.breaks) throw this.mismatch(t.line);
    const line = t.line;
    if (this.tally.sawNul) {
      const i = fields.findIndex((f) => f.includes('\u0000'));
      if (i !== -1) return this.refuse(line, i, 'the cell holds a NUL byte (\\u0000), which is not text; the file may be damaged');
    }
    if (this.tally.longestRow > MAX_CELL_CHARS) {
      const i = fields.findIndex((f) => f.length > MAX_CELL_CHARS);
      if (i !== -1)
        return this.refuse(
          line,
          i,
          `the cell holds ${fields[i]!.length.toLocaleString('en-US')} characters; a cell may hold at most ${MAX_CELL_CHARS.toLocaleString('en-US')}`,
        );
    }
    const header = this.rules.header ?? 'first';
    if (header === 'none') {
      if (!isBlank(fields) && this.rules.counts) this.rules.counts.dataRows++;
      return { fields, line };
    }
    if (this.width === -1) {
      if (header === 'first' ? !isBlank(fields) : header(fields)) {
        this.width = fields.length;
        this.names = fields.map((f) => f.trim().replace(/\s+/g, ' '));
      }
      return { fields, line };
    }
    if (isBlank(fields)) return { fields, line };
    if (fields.length !== this.width) {
      // A short row is named by the first column it lacks; a row cut off without its line ending is the file's end.
      const short = fields.length < this.width;
      const cut = short && !t.terminated ? ': the file looks cut short' : '';
      return this.refuse(line, short ? fields.length : undefined, `line ${line} has ${fields.length} fields; the header has ${this.width}${cut}`);
    }
    if (this.rules.counts) this.rules.counts.dataRows++;
    return { fields, line };
  }

  /** The line of the row the parser reads next. */
  nextLine(): number {
    return this.tally.peekLine();
  }

  /** After the parser's last row: every row counted must have been given. */
  finish(): void {
    for (let left = this.tally.next(); left; left = this.tally.next()) if (!left.blank) throw this.mismatch(left.line);
  }

  private refuse(line: number, index: number | undefined, message: string): null {
    const column = index === undefined ? undefined : this.names[index] || columnLetter(index);
    if (this.rules.issues) {
      this.rules.issues.add(line, column, message);
      return null;
    }
    throw new ImportError([{ file: this.rules.file, line, ...(column === undefined ? {} : { column }), message }]);
  }

  private mismatch(line: number): ImportError {
    return new ImportError([
      { file: this.rules.file, line, message: `line ${line} could not be read as a row of its own; check its line ending and its quotes` },
    ]);
  }
}

/**
 * The last check of a file: every data row read is a row kept or one left out on purpose (a test that is
 * not ELA or math, a staff member in a roster). Anything else would be a row lost without a word.
 */
export function assertEveryRowKept(file: string, dataRows: number, kept: number, leftOut = 0): void {
  if (dataRows === kept + leftOut) return;
  const out = leftOut ? ` and ${leftOut.toLocaleString('en-US')} left out on purpose` : '';
  throw new ImportError([
    { file, line: 0, message: `${dataRows.toLocaleString('en-US')} data lines were read but ${kept.toLocaleString('en-US')} rows were kept${out}` },
  ]);
}
