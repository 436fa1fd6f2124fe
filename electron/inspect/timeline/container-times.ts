import { field, isEntry } from '../crit-values';
import { fromNanos, parseRfc3339, type Instant } from './instant';
import type { RawEvent } from './raw-event';

const CONFIG_TIMES: readonly [key: string, label: string, source: RawEvent['source']][] = [
  ['createdTime', 'container created (engine record)', 'container'],
  ['startedTime', 'container started (engine record)', 'container'],
  ['checkpointedTime', 'checkpointed (engine record)', 'checkpoint'],
  ['restoredTime', 'restored from an earlier checkpoint (engine record)', 'container'],
];

/** createdTime, checkpointedTime... of config.dump (containerd's and Podman's; Go's zero time is "not set"). */
export function configTimes(config: unknown): RawEvent[] {
  const out: RawEvent[] = [];
  for (const [key, label, source] of CONFIG_TIMES) {
    const at = parseRfc3339(field(config, key));
    if (at) out.push({ at, source, member: 'config.dump', field: key, label });
  }
  return out;
}

/** Spec annotations whose value is a time (CRI-O's io.kubernetes.cri-o.Created, others'). */
export function annotationTimes(spec: unknown): RawEvent[] {
  const annotations = field(spec, 'annotations');
  if (!isEntry(annotations)) return [];
  const out: RawEvent[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    const at = parseRfc3339(value);
    if (!at) continue;
    const created = /created/i.test(key);
    out.push({
      at,
      source: 'container',
      member: 'spec.dump',
      field: `annotations["${key}"]`,
      label: created ? `container created (annotation ${key})` : `annotation ${key}`,
    });
  }
  return out;
}

// The status members hold nanosecond integers past 2^53: read from the text, not JSON.parse, to keep every digit.
const STATUS_FIELDS: readonly [pattern: RegExp, field: string, label: string][] = [
  [/"CreatedAt"\s*:\s*(\d+)/, 'CreatedAt', 'task created (runtime status)'],
  [/"StartedAt"\s*:\s*(\d+)/, 'StartedAt', 'container started: its first process began (runtime status)'],
  [/"FinishedAt"\s*:\s*(\d+)/, 'FinishedAt', 'container finished (runtime status)'],
  [/"created_at"\s*:\s*(\d+)/, 'created_at', 'container created (CRI status)'],
  [/"started_at"\s*:\s*(\d+)/, 'started_at', 'container started: its first process began (CRI status)'],
  [/"finished_at"\s*:\s*(\d+)/, 'finished_at', 'container finished (CRI status)'],
];

/** containerd's `status` and CRI's `status.dump` (nanoseconds since the epoch; 0 is "not yet"). */
export function statusTimes(member: string, text: string): RawEvent[] {
  const out: RawEvent[] = [];
  for (const [pattern, key, label] of STATUS_FIELDS) {
    const m = pattern.exec(text);
    const at: Instant | null = m ? fromNanos(BigInt(m[1] as string)) : null;
    if (at) out.push({ at, source: 'container', member, field: key, label });
  }
  return out;
}

/** The started time, for "written after start": the runtime's record first, then the engine's. */
export function startedAt(events: readonly RawEvent[]): Instant | null {
  for (const key of ['StartedAt', 'started_at', 'startedTime']) {
    const hit = events.find((e) => e.field === key);
    if (hit) return hit.at;
  }
  return null;
}
