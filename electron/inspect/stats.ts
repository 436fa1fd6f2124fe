import type { CriuStats, ProvenanceField } from '../../shared/dto';
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

type Unit = 'µs' | 'pages' | 'count';

/** Every field of stats.proto's dump_stats_entry, in its order, in words (checkpointctl shows six). */
export const DUMP_STATS_FIELDS: readonly (readonly [key: string, label: string, unit: Unit])[] = [
  ['freezing_time', 'time to freeze the tasks', 'µs'],
  ['frozen_time', 'time the tasks stayed frozen', 'µs'],
  ['memdump_time', 'time to dump memory (drain pages from the tasks)', 'µs'],
  ['memwrite_time', 'time to write memory pages to the images', 'µs'],
  ['pages_scanned', 'memory pages scanned', 'pages'],
  ['pages_skipped_parent', 'pages skipped: unchanged since the parent (pre-)dump', 'pages'],
  ['pages_written', 'memory pages written', 'pages'],
  ['irmap_resolve', 'time to resolve inotify/fanotify watch paths (irmap)', 'µs'],
  ['pages_lazy', 'pages left for lazy restore (not written)', 'pages'],
  ['page_pipes', 'page pipes used to drain memory', 'count'],
  ['page_pipe_bufs', 'page pipe buffers used', 'count'],
  ['shpages_scanned', 'shared memory pages scanned', 'pages'],
  ['shpages_skipped_parent', 'shared memory pages skipped: unchanged since the parent dump', 'pages'],
  ['shpages_written', 'shared memory pages written', 'pages'],
];

/** restore_stats_entry, when CRIU restored from these images and left its stats. */
export const RESTORE_STATS_FIELDS: readonly (readonly [key: string, label: string, unit: Unit])[] = [
  ['pages_compared', 'pages compared with the parent image', 'pages'],
  ['pages_skipped_cow', 'pages skipped: shared copy-on-write', 'pages'],
  ['forking_time', 'time to fork the tasks', 'µs'],
  ['restore_time', 'time to restore', 'µs'],
  ['pages_restored', 'memory pages restored', 'pages'],
];

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
