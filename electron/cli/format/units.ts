/** 1024-based with one decimal, as both of checkpointctl's byte formatters; `suffix` follows the unit letter. */
function scaled(b: number, suffix: string): string {
  const unit = 1024;
  if (b < unit) return `${b} B`;
  let div = unit;
  let exp = 0;
  for (let n = Math.floor(b / unit); n >= unit; n = Math.floor(n / unit)) {
    div *= unit;
    exp++;
  }
  return `${(b / div).toFixed(1)} ${'KMGTPE'[exp] ?? '?'}${suffix}`;
}

/** Bytes as checkpointctl's ByteToString (archive and memory sizes): "242.4 KiB". */
export function byteToString(b: number): string {
  return scaled(b, 'iB');
}

/** Bytes as go-crit's countBytes, which checkpointctl uses for socket buffers: "16.0 KB" (still 1024-based). */
export function countBytes(b: number): string {
  return scaled(b, 'B');
}

/** Microseconds as checkpointctl's FormatTime: "850 µs", "6.163 ms", "1.5 s". */
export function formatMicros(us: number): string {
  if (us < 1000) return `${us} µs`;
  const [value, unit] = us < 1_000_000 ? [us / 1000, 'ms'] : [us / 1_000_000, 's'];
  const formatted = value.toPrecision(5).replace(/\.?0+$/, '');
  return `${formatted} ${unit}`;
}

/** Go's zero time.Time as RFC3339: what checkpointctl prints for a container whose config.dump has no time. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/**
 * An ISO time as Go's RFC3339 (no fractional seconds), in the offset it was
 * written with; a zero offset is "Z", as Go prints it on a UTC host.
 */
export function rfc3339(iso: string | null): string {
  if (!iso) return '';
  const m = ISO.exec(iso);
  if (!m) return iso;
  const zone = m[7] === '+00:00' || m[7] === '-00:00' ? 'Z' : (m[7] as string).toUpperCase();
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An ISO time as Go's RFC822 ("02 Jan 06 15:04 MST") in the offset it was
 * written with, as checkpointctl's `list` prints it: "UTC" for a zero offset,
 * "+0530" otherwise; null is Go's zero time.
 */
export function rfc822(iso: string | null): string {
  const m = ISO.exec(rfc3339(iso ?? GO_ZERO_TIME));
  if (!m) return iso ?? '';
  const month = MONTHS[Number(m[2]) - 1] ?? m[2];
  const zone = m[7] === 'Z' ? 'UTC' : (m[7] as string).replace(':', '');
  return `${m[3]} ${month} ${(m[1] as string).slice(2)} ${m[4]}:${m[5]} ${zone}`;
}
