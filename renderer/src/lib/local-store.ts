/** What remembered preferences are read from and written to (localStorage's shape; no DOM types needed). */
export interface PrefStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** localStorage, or null where it is denied (e.g. a sandboxed frame): the UI works, nothing is remembered. */
export function localStore(): PrefStore | null {
  try {
    return (globalThis as { localStorage?: PrefStore }).localStorage ?? null;
  } catch {
    return null;
  }
}
