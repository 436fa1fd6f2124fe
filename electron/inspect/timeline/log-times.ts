import { parseRfc3339, plusMicros, type Instant } from './instant';
import type { RawEvent } from './raw-event';

const LOG_LINE = /^\((\d+)\.(\d{6})\)\s?(.*)$/;

/** The lines of dump.log worth a row: the steps of a dump, and every error and warning. */
const MILESTONES: readonly [RegExp, string][] = [
  [/^CRIU run id = /, 'CRIU started'],
  [/^Version: /, 'CRIU version'],
  [/^Running on /, 'kernel'],
  [/^Dumping processes \(/, 'dump began'],
  [/^freezing (cgroup|processes)|^Freezing /i, 'freezing'],
  [/freezer\.state=FROZEN|^Seized task /, 'tasks frozen/seized'],
  [/^Dumping task \(pid/, 'task dumped'],
  [/^Dumping pages|^Writing image/i, 'memory'],
  [/^Unfreezing|^Unseizing /, 'tasks released'],
  [/^Writing stats/, 'stats written'],
  [/^Dumping finished successfully|^Dumping FAILED|^Dump failed/i, 'dump ended'],
  [/\bError \(|^Error |\bWarn \(|^Warn /, 'error or warning'],
];

export interface DumpLogTimes {
  events: RawEvent[];
  /** Timed lines not listed (routine steps). */
  others: number;
  /** Offset (µs since CRIU started) of the last timed line. */
  endUs: number | null;
}

/**
 * dump.log's lines carry seconds since CRIU started, and no wall clock.
 * Placed so that its last line falls at the checkpoint time `end` (derived:
 * the engine stamps checkpointedTime just after CRIU returns), each kept
 * line keeps its own offset in the field. The first lines (once per
 * milestone kind, except tasks, errors and warnings, all listed) are kept.
 */
export function dumpLogTimes(lines: readonly string[], end: Instant | null, member = 'dump.log'): DumpLogTimes {
  const parsed: { us: number; text: string; line: number }[] = [];
  lines.forEach((l, i) => {
    const m = LOG_LINE.exec(l);
    if (m) parsed.push({ us: Number(m[1]) * 1e6 + Number(m[2]), text: (m[3] as string).trim(), line: i + 1 });
  });
  const last = parsed.length > 0 ? (parsed[parsed.length - 1] as { us: number }).us : null;
  if (end === null || last === null) return { events: [], others: parsed.length, endUs: last };
  const seen = new Set<string>();
  const events: RawEvent[] = [];
  for (const p of parsed) {
    const hit = MILESTONES.find(([re]) => re.test(p.text));
    if (!hit) continue;
    const [, kind] = hit;
    const every = kind === 'task dumped' || kind === 'error or warning' || kind === 'CRIU started';
    if (!every && seen.has(kind)) continue;
    seen.add(kind);
    events.push({
      at: plusMicros(end, p.us - last),
      source: 'dump-log',
      member,
      field: `line ${p.line} (+${(p.us / 1e6).toFixed(6)} s)`,
      label: `CRIU: ${p.text.slice(0, 240)}`,
      derived: true,
    });
  }
  return { events, others: parsed.length - events.length, endUs: last };
}

// CRI's log format: "TIME STREAM P|F message" (CRI-O, containerd), also Podman's ctr.log with "+00:00".
const CRI_LINE = /^(\S+)\s+(stdout|stderr)\s+(P|F)\s?(.*)$/;

/** Container log lines in CRI log format, each with its own time; lines in another form are counted. */
export function containerLogTimes(lines: readonly string[], member: string): { events: RawEvent[]; unparsed: number } {
  const events: RawEvent[] = [];
  let unparsed = 0;
  lines.forEach((l, i) => {
    const m = CRI_LINE.exec(l);
    const at = m ? parseRfc3339(m[1]) : null;
    if (!m || !at) {
      unparsed++;
      return;
    }
    events.push({
      at,
      source: 'container-log',
      member,
      field: `line ${i + 1} (${m[2]})`,
      label: `${m[2]}: ${(m[4] as string).slice(0, 240)}${m[3] === 'P' ? ' (partial line)' : ''}`,
    });
  });
  return { events, unparsed };
}
