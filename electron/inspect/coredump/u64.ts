import { field } from '../crit-values';

/** A decoded uint64 (number or bigint in the numeric form) exactly; null when absent or not an integer. */
export function u64(value: unknown): bigint | null {
  if (typeof value === 'bigint') return BigInt.asUintN(64, value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt.asUintN(64, BigInt(value));
  return null;
}

export function u64Field(entry: unknown, name: string): bigint | null {
  return u64(field(entry, name));
}

/** A repeated integer field as exact values (entries that are not integers are dropped). */
export function u64List(value: unknown): bigint[] {
  if (!Array.isArray(value)) return [];
  return value.map(u64).filter((v): v is bigint => v !== null);
}
