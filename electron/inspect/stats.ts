import type { CriuStats } from '../../shared/dto';
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
