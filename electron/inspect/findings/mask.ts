import { createHash } from 'node:crypto';

const DOT = '•';

/** A value with all but its first 4 and last 2 characters hidden (all of it when short). */
export function maskValue(value: string): string {
  if (value.length <= 10) return DOT.repeat(value.length);
  return `${value.slice(0, 4)}${DOT.repeat(Math.min(12, value.length - 6))}${value.slice(-2)}`;
}

/** A finding's id: stable for a value within an archive, reveals nothing about it on its own. */
export function findingId(value: string, salt: string): string {
  return `f${createHash('sha256').update(salt).update('\0').update(value).digest('hex').slice(0, 16)}`;
}
