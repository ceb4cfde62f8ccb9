// CSV lines for COPY: text is always quoted (so '' stays an empty string), null is an empty field.

type Cell = string | number | boolean | null | undefined | (number | null)[];

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return `"{${value.map((v) => (v === null || !Number.isFinite(v) ? 'NULL' : String(v))).join(',')}}"`;
  return `"${value.replace(/"/g, '""')}"`;
}

export const csvLine = (values: Cell[]) => `${values.map(cell).join(',')}\n`;
