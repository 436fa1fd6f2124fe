import { terminalSafe } from '../../../shared/terminal-safe';

/**
 * A table laid out like checkpointctl's (Go tabwriter with minwidth 6,
 * padding 3): upper-case header, a dashed rule, cells padded per column;
 * the last column is not padded. Cells are archive values: each is escaped
 * (a newline or CR in one cannot start a fake row) before it is measured.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [
    header.map((h) => h.toUpperCase()),
    header.map((h) => '-'.repeat(h.length)),
    ...rows.map((row) => row.map(terminalSafe)),
  ];
  const widths: number[] = [];
  for (const row of all) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return all
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat(Math.max((widths[i] ?? 0) + 3, 6) - [...cell].length),
        )
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}
