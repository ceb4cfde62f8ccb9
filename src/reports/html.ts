// Escaping and the shared print stylesheet for server-rendered, self-contained report documents.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A tagged template that escapes every interpolated value unless it is already marked safe. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString() {
    return this.html;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    const part = Array.isArray(v) ? v.map((x) => (x instanceof SafeHtml ? x.html : escapeHtml(x))).join('') : v instanceof SafeHtml ? v.html : escapeHtml(v);
    out += part + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

export const PRINT_CSS = `
  @page { size: Letter; margin: 0.5in; }
  * { box-sizing: border-box; }
  body { font: 10.5pt/1.4 "DejaVu Sans", system-ui, sans-serif; color: #1b1b1b; margin: 0; }
  h1 { font-size: 18pt; margin: 0 0 4pt; }
  h2 { font-size: 13pt; margin: 14pt 0 6pt; border-bottom: 1px solid #999; padding-bottom: 2pt; break-after: avoid; }
  h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
  .meta { color: #444; margin: 0 0 8pt; }
  table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }
  th, td { border: 1px solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; }
  th { background: #eef2f1; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  tr { break-inside: avoid; }
  .equity { font-weight: bold; color: #5b2a86; }
  .focus { font-weight: bold; }
  .note { color: #333; font-size: 9.5pt; }
  .demo { border: 1px solid #b7791f; background: #fff8e6; padding: 3pt 6pt; display: inline-block; margin-bottom: 6pt; }
`;

export function documentPage(title: string, body: SafeHtml): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${PRINT_CSS}</style></head><body>${body.html}</body></html>`;
}
