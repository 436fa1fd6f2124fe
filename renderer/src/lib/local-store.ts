/** What remembered preferences are read from and written to. */
export type PrefStore = Pick<Storage, 'getItem' | 'setItem'>;

/** localStorage, or null where it is denied (e.g. a sandboxed frame): the UI works, nothing is remembered. */
export function localStore(): PrefStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
