const indexes = new WeakMap<readonly object[], ReadonlyMap<number, readonly object[]>>();

/**
 * The items of a list grouped by pid, in list order; items without a pid are
 * left out. Each list is indexed once and the index kept beside it (views
 * are kept, so asking for one process's rows after another is a lookup, not
 * a scan of every row: a hostile dump can hold tens of thousands of both).
 */
export function byPid<T extends { pid?: number | undefined }>(list: readonly T[]): ReadonlyMap<number, readonly T[]> {
  const known = indexes.get(list);
  if (known) return known as ReadonlyMap<number, readonly T[]>;
  const index = new Map<number, T[]>();
  for (const item of list) {
    if (item.pid === undefined) continue;
    const mine = index.get(item.pid);
    if (mine) mine.push(item);
    else index.set(item.pid, [item]);
  }
  indexes.set(list, index);
  return index;
}
