import { num, sub } from '../crit-values';
import { plusMicros, type Instant } from './instant';
import type { RawEvent } from './raw-event';

/**
 * stats-dump holds durations, not times. Laid back from the checkpoint time
 * (where CRIU's dump ends, near enough: the engine stamps it as CRIU returns)
 * they say when freezing began, when the tasks were frozen and when memory
 * was dumped and written. Each is marked derived, with its arithmetic.
 */
export function statsTimes(entries: readonly unknown[] | null, end: Instant | null): RawEvent[] {
  const dump = entries ? sub(entries[0], 'dump') : null;
  if (!dump || !end) return [];
  const us = (k: string): number | null => num(dump[k]);
  const frozen = us('frozen_time');
  const freezing = us('freezing_time');
  const memdump = us('memdump_time');
  const memwrite = us('memwrite_time');
  const out: RawEvent[] = [];
  const add = (offsetUs: number, field: string, label: string): void => {
    out.push({ at: plusMicros(end, -offsetUs), source: 'stats', member: 'stats-dump', field, label, derived: true });
  };
  if (frozen !== null && freezing !== null)
    add(
      frozen + freezing,
      'freezing_time + frozen_time',
      `freezing began (checkpoint − frozen ${frozen} µs − freezing ${freezing} µs)`,
    );
  if (frozen !== null) add(frozen, 'frozen_time', `tasks frozen (checkpoint − frozen ${frozen} µs)`);
  if (memdump !== null && memwrite !== null)
    add(
      memdump + memwrite,
      'memdump_time + memwrite_time',
      `memory dump began (checkpoint − memwrite ${memwrite} µs − memdump ${memdump} µs)`,
    );
  if (memwrite !== null) add(memwrite, 'memwrite_time', `memory writing began (checkpoint − memwrite ${memwrite} µs)`);
  return out;
}
