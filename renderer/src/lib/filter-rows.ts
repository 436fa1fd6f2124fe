function contains(value: unknown, needle: string): boolean {
  if (Array.isArray(value)) return value.some((v) => contains(v, needle));
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value).includes(needle);
  return false;
}

/** Rows any of whose values (or array items) contain the query, case-insensitively. */
export function filterRows<T extends object>(rows: T[], query: string): T[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return rows;
  return rows.filter((r) => Object.values(r).some((v) => contains(v, needle)));
}
