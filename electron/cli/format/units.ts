/** Bytes as checkpointctl's ByteToString: 1024-based, one decimal, "KiB".."EiB". */
export function byteToString(b: number): string {
  const unit = 1024;
  if (b < unit) return `${b} B`;
  let div = unit;
  let exp = 0;
  for (let n = Math.floor(b / unit); n >= unit; n = Math.floor(n / unit)) {
    div *= unit;
    exp++;
  }
  return `${(b / div).toFixed(1)} ${'KMGTPE'[exp] ?? '?'}iB`;
}

/** Microseconds as checkpointctl's FormatTime: "850 µs", "6.163 ms", "1.5 s". */
export function formatMicros(us: number): string {
  if (us < 1000) return `${us} µs`;
  const [value, unit] = us < 1_000_000 ? [us / 1000, 'ms'] : [us / 1_000_000, 's'];
  const formatted = value.toPrecision(5).replace(/\.?0+$/, '');
  return `${formatted} ${unit}`;
}

/** An ISO time as Go's RFC3339 (no fractional seconds). */
export function rfc3339(iso: string | null): string {
  return iso ? iso.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '') : '';
}

/** An ISO time as Go's RFC822 ("02 Jan 06 15:04 UTC"). */
export function rfc822(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return iso;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())} ${months[d.getUTCMonth()] ?? ''} ${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} UTC`;
}
