import { decodeImage } from '../../criu';
import { arr, field, num, numField, sub } from '../crit-values';
import { plusMicros, type Instant } from './instant';
import type { RawEvent, TimelineInput } from './raw-event';

const CLOCKS: Readonly<Record<number, string>> = {
  0: 'REALTIME',
  1: 'MONOTONIC',
  7: 'BOOTTIME',
  8: 'REALTIME_ALARM',
  9: 'BOOTTIME_ALARM',
};

async function entries(s: TimelineInput, member: string, size: number): Promise<unknown[]> {
  const { data } = await s.readMember(member, 0, Math.min(size, 1024 * 1024));
  return decodeImage(data, { pretty: false, maxEntries: 10_000, name: member.slice(member.lastIndexOf('/') + 1) })
    .entries;
}

// CRIU saves what timerfd_gettime/timer_gettime return: the time left to the next expiry. Laid from the checkpoint.
function remaining(sec: unknown, nsec: unknown): number | null {
  const s = num(sec);
  const n = num(nsec) ?? 0;
  return s === null || (s === 0 && n === 0) ? null : s * 1e6 + n / 1000;
}

/** timerfd.img: each armed timer's next expiry, as a time after the checkpoint (derived). */
export async function timerfdTimes(s: TimelineInput, member: string, size: number, end: Instant): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  for (const t of await entries(s, member, size)) {
    const left = remaining(field(t, 'vsec'), field(t, 'vnsec'));
    if (left === null) continue;
    const clock = CLOCKS[numField(t, 'clockid') ?? -1] ?? String(numField(t, 'clockid'));
    out.push({
      at: plusMicros(end, left),
      source: 'timer',
      member,
      field: `id ${numField(t, 'id')}`,
      label: `timerfd ${numField(t, 'id')} (CLOCK_${clock}) would fire next, had the container run on (checkpoint + time left)`,
      derived: true,
    });
  }
  return out;
}

/** POSIX timers and the real-time itimer of one task (core-PID.img). */
export async function taskTimerTimes(
  s: TimelineInput,
  member: string,
  size: number,
  end: Instant,
): Promise<RawEvent[]> {
  const pid = /core-(\d+)\.img$/.exec(member)?.[1] ?? '?';
  const timers = sub(sub((await entries(s, member, size))[0], 'tc'), 'timers');
  if (!timers) return [];
  const out: RawEvent[] = [];
  const real = sub(timers, 'real');
  const left = remaining(field(real, 'vsec'), (numField(real, 'vusec') ?? 0) * 1000);
  if (left !== null)
    out.push({
      at: plusMicros(end, left),
      source: 'timer',
      member,
      field: 'timers.real',
      label: `pid ${pid}: alarm (ITIMER_REAL) would fire next (checkpoint + time left)`,
      derived: true,
    });
  for (const p of arr(field(timers, 'posix'))) {
    const l = remaining(field(p, 'vsec'), field(p, 'vnsec'));
    if (l === null) continue;
    out.push({
      at: plusMicros(end, l),
      source: 'timer',
      member,
      field: `timers.posix[it_id ${numField(p, 'it_id')}]`,
      label: `pid ${pid}: POSIX timer ${numField(p, 'it_id')} (signal ${numField(p, 'si_signo')}) would fire next (checkpoint + time left)`,
      derived: true,
    });
  }
  return out;
}
