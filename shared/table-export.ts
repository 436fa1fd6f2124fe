/**
 * One exporter for every table the GUI shows and for the CLI's CSV: RFC 4180
 * quoting, formula-injection safe, and JSON.
 */

export interface ExportColumn {
  key: string;
  title: string;
}

export type ExportRow = Record<string, string | number | boolean | null | undefined>;

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab / carriage
 * return before one) as a formula; an archive's paths and strings are hostile,
 * so such cells get a leading apostrophe (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: ExportRow[string]): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: ExportColumn[], rows: ExportRow[]): string {
  const lines = [columns.map((c) => csvField(c.title)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c.key])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** An array of objects keyed by column title, in column order; values keep their types. */
export function toJson(columns: ExportColumn[], rows: ExportRow[]): string {
  const out = rows.map((row) => Object.fromEntries(columns.map((c) => [c.title, row[c.key] ?? null])));
  return JSON.stringify(out, null, 2) + '\n';
}

/** A file name from a table's label: "Search hits" -> "search-hits.csv". */
export function exportFileName(label: string, format: 'csv' | 'json'): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'table';
  return `${base}.${format}`;
}
