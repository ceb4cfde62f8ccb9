// Any table as a CSV or Excel file: the same columns and figures the page shows, hidden figures still hidden.

export type ExportValue = string | number | null;

export interface ExportTable {
  /** File name without extension, e.g. "maple-grove-results-math". */
  fileName: string;
  /** Sheet name in the Excel file (at most 31 characters; longer names are cut). */
  sheet: string;
  columns: string[];
  rows: ExportValue[][];
  /** Lines above the table in the Excel file (what it is, the * rule); the CSV holds the table alone, for other programs to read. */
  notes?: string[];
}

/** Spreadsheet programs run a cell that starts with these as a formula; such text gets a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(v: ExportValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with CRLF line ends and a byte-order mark, so Excel reads accents and symbols right. */
export function toCsv(table: Pick<ExportTable, 'columns' | 'rows'>): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A name safe for a file: lower case words joined by hyphens. */
export function fileSlug(...parts: string[]): string {
  return parts
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(table: ExportTable) {
  save(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), `${table.fileName}.csv`);
}

/** The Excel writer is loaded only when someone asks for a workbook. */
export async function downloadXlsx(table: ExportTable) {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const header = table.columns.map((c) => ({ value: c, fontWeight: 'bold' as const }));
  const notes = (table.notes ?? []).map((n) => [{ value: n, fontStyle: 'italic' as const }]);
  const data = [...notes, ...(notes.length ? [[null]] : []), header, ...table.rows.map((r) => r.map((v) => (v === null ? null : { value: v })))];
  const blob = await writeXlsxFile(data, {
    sheet: table.sheet.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '),
    stickyRowsCount: notes.length + (notes.length ? 2 : 1),
  }).toBlob();
  save(blob, `${table.fileName}.xlsx`);
}
