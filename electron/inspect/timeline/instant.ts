// An instant as nanoseconds since the epoch (bigint: CRI's status times are
// nanosecond integers past 2^53) and the precision its source gave, so a
// time shows the digits it was recorded with and no more.

export interface Instant {
  ns: bigint;
  /** Fraction digits the source holds: 0 (seconds), 3, 6 or 9. */
  digits: 0 | 3 | 6 | 9;
}

const NS_PER_S = 1_000_000_000n;
/** Go's zero time (0001-01-01) and anything before 1971 or past 2200 is "not set", not a time. */
const MIN_NS = 31_536_000n * NS_PER_S;
const MAX_NS = 7_258_118_400n * NS_PER_S;

function plausible(i: Instant): Instant | null {
  return i.ns >= MIN_NS && i.ns < MAX_NS ? i : null;
}

function digitsOf(n: number): Instant['digits'] {
  return n === 0 ? 0 : n <= 3 ? 3 : n <= 6 ? 6 : 9;
}

const RFC3339 = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)$/i;

/** An RFC 3339 time (Go's, CRI log's: "2026-11-30T04:32:24.210592127Z", "+00:00"), or null. */
export function parseRfc3339(text: unknown): Instant | null {
  if (typeof text !== 'string') return null;
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const [, date, time, frac = '', zone = 'Z'] = m;
  const whole = Date.parse(`${date}T${time}${zone.toUpperCase() === 'Z' ? 'Z' : zone}`);
  if (!Number.isFinite(whole)) return null;
  const ns = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(9, '0'));
  return plausible({ ns, digits: digitsOf(frac.length) });
}

/** Nanoseconds since the epoch as CRI writes them (an integer, maybe past 2^53). */
export function fromNanos(ns: bigint): Instant | null {
  return plausible({ ns, digits: 9 });
}

export function fromSeconds(seconds: number, fractionNs = 0, digits: Instant['digits'] = 0): Instant | null {
  if (!Number.isFinite(seconds)) return null;
  return plausible({ ns: BigInt(Math.trunc(seconds)) * NS_PER_S + BigInt(Math.trunc(fractionNs)), digits });
}

/** The instant moved by a signed number of microseconds (derived times). */
export function plusMicros(i: Instant, us: number, digits: Instant['digits'] = 6): Instant {
  return { ns: i.ns + BigInt(Math.round(us)) * 1000n, digits: Math.max(digits, i.digits) as Instant['digits'] };
}

export function epochUs(i: Instant): number {
  return Number(i.ns / 1000n);
}

function fraction(i: Instant): string {
  if (i.digits === 0) return '';
  const f = ((i.ns % NS_PER_S) + NS_PER_S) % NS_PER_S;
  return `.${f.toString().padStart(9, '0').slice(0, i.digits)}`;
}

function wholeMs(i: Instant): number {
  return Number((i.ns / NS_PER_S) * 1000n);
}

/** ISO 8601 in UTC with the instant's digits. */
export function utcText(i: Instant): string {
  return `${new Date(wholeMs(i)).toISOString().slice(0, 19)}${fraction(i)}Z`;
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** The same instant in this process's zone, e.g. "2026-11-30 05:32:24.210 +01:00". */
export function localText(i: Instant): string {
  const d = new Date(wholeMs(i));
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${fraction(i)} ${zone}`;
}

export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
}

/** Signed milliseconds from `anchor` to `i`. */
export function relativeMs(i: Instant, anchor: Instant): number {
  return Number(i.ns - anchor.ns) / 1e6;
}

/** "3m 11.307s before checkpoint", "at checkpoint", "1.2s after checkpoint". */
export function relativeText(ms: number): string {
  if (Math.abs(ms) < 0.0005) return 'at checkpoint';
  let rest = Math.abs(ms) / 1000;
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  parts.push(`${rest.toFixed(3)}s`);
  return `${parts.join(' ')} ${ms < 0 ? 'before' : 'after'} checkpoint`;
}
