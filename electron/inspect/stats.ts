import type { CriuStats, ProvenanceField } from '../../shared/dto';
import { type StatUnit as Unit } from '../../shared/criu-stat-names';
import { isEntry, num, sub } from './crit-values';

const NAMES: Readonly<Record<string, string>> = {
  freezing_time: 'freezingTimeUs',
  frozen_time: 'frozenTimeUs',
  memdump_time: 'memdumpTimeUs',
  memwrite_time: 'memwriteTimeUs',
  pages_scanned: 'pagesScanned',
  pages_written: 'pagesWritten',
  pages_skipped_parent: 'pagesSkippedParent',
};

function camel(name: string): string {
  return NAMES[name] ?? name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The dump entry of stats-dump (a STATS image), numeric fields only. */
export function criuStats(entries: readonly unknown[]): CriuStats | null {
  const dump = sub(entries[0], 'dump');
  if (!dump) return null;
  const out: CriuStats = {};
  for (const [key, value] of Object.entries(dump)) {
    const n = num(value);
    if (n !== null && !isEntry(value)) out[camel(key)] = n;
  }
  return out;
}

/** "Version: 4.2.1" (or with a git id) from the head of dump.log. */
export function criuVersionFromLog(head: string | null): string | null {
  const m = head ? /Version:\s*([0-9][^\s()]*)/.exec(head) : null;
  return m ? (m[1] as string) : null;
}

function withUnit(n: number, unit: Unit): string {
  if (unit === 'µs') return n >= 1000 ? `${n} µs (${(n / 1000).toFixed(3)} ms)` : `${n} µs`;
  if (unit === 'pages')
    return `${n} pages (${(n * 4) / 1024 >= 1 ? `${((n * 4) / 1024).toFixed(1)} MiB` : `${n * 4} KiB`} at 4 KiB)`;
  return String(n);
}

/** One stats entry (dump or restore) field by field, every field named, absent ones "not recorded". */
export function statsFields(entry: unknown, table: readonly (readonly [string, string, Unit])[]): ProvenanceField[] {
  return table.map(([key, label, unit]) => {
    const value = isEntry(entry) ? num(entry[key]) : null;
    return {
      key,
      label,
      value,
      unit: unit === 'count' ? null : unit,
      text: value === null ? 'not recorded' : withUnit(value, unit),
    };
  });
}
