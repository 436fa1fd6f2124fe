const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** "3 hours ago", "in 2 days": the distance from now, in the largest unit that fits. */
export function relativeTime(ms: number, now = Date.now()): string {
  let value = (ms - now) / 1000;
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) {
      return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(Math.round(value), unit);
    }
    value /= size;
  }
  return '';
}

/** A time with its zone and how long ago it was: "12/2/2026, 4:47:19 PM UTC (3 hours ago)". */
export function formatDate(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString(undefined, { timeZoneName: 'short' })} (${relativeTime(date.getTime(), now)})`;
}

export function formatMicros(us: number | undefined): string {
  if (us === undefined) return '—';
  return us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us} µs`;
}

export function hexAddress(n: number, pad = 12): string {
  return '0x' + n.toString(16).padStart(pad, '0');
}

/** Parses "0x1f", "1f" or "#1f" as hex; null when not a non-negative safe integer. */
export function parseAddress(text: string): number | null {
  const clean = text
    .trim()
    .toLowerCase()
    .replace(/^(0x|#)/, '')
    .replace(/_/g, '');
  if (!/^[0-9a-f]{1,14}$/.test(clean)) return null;
  const value = parseInt(clean, 16);
  return Number.isSafeInteger(value) ? value : null;
}

const TYPE_CHAR: Record<string, string> = { directory: 'd', symlink: 'l', hardlink: 'h', other: '?' };

/** `ls -l` style permissions, e.g. -rwxr-xr-x. */
export function formatMode(mode: number, type = 'file'): string {
  const bits = 'rwxrwxrwx';
  let out = TYPE_CHAR[type] ?? '-';
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? bits[i] : '-';
  if (mode & 0o4000) out = out.slice(0, 3) + (out[3] === 'x' ? 's' : 'S') + out.slice(4);
  if (mode & 0o2000) out = out.slice(0, 6) + (out[6] === 'x' ? 's' : 'S') + out.slice(7);
  if (mode & 0o1000) out = out.slice(0, 9) + (out[9] === 'x' ? 't' : 'T');
  return out;
}

export function basename(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

/** Shortens a container id or digest for display. */
export function shortId(id: string, length = 12): string {
  return id.length > length ? id.slice(0, length) : id;
}

/** A count with its noun in the right number: "1 match", "2 matches", "1,024 processes". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
