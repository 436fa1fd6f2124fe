/**
 * Bookmarks in a hex view: named byte ranges the user marks, as in ImHex.
 * Kept per view key in local storage, checked on load (a hand-edited or old
 * entry is dropped, never trusted), capped so a long session cannot fill it.
 */
import { localStore, type PrefStore } from '../../lib/local-store';

export interface Bookmark {
  id: string;
  start: number;
  end: number;
  name: string;
}

const PREFIX = 'checkpoint-inspector.bookmarks.';
export const MAX_BOOKMARKS = 200;
export const MAX_NAME = 200;

const validRange = (start: unknown, end: unknown): boolean =>
  Number.isSafeInteger(start) &&
  Number.isSafeInteger(end) &&
  (start as number) >= 0 &&
  (end as number) > (start as number);

function checked(raw: unknown): Bookmark | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { id, start, end, name } = raw as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > 40) return null;
  if (!validRange(start, end) || typeof name !== 'string') return null;
  return { id, start: start as number, end: end as number, name: name.slice(0, MAX_NAME) };
}

export function loadBookmarks(key: string, storage: PrefStore | null = localStore()): Bookmark[] {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(PREFIX + key) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const out: Bookmark[] = [];
  for (const entry of raw.slice(0, MAX_BOOKMARKS)) {
    const b = checked(entry);
    if (b && !seen.has(b.id)) {
      seen.add(b.id);
      out.push(b);
    }
  }
  return sortBookmarks(out);
}

export function saveBookmarks(key: string, list: Bookmark[], storage: PrefStore | null = localStore()): void {
  try {
    storage?.setItem(PREFIX + key, JSON.stringify(list));
  } catch {
    // full or denied: kept for this session only
  }
}

export const sortBookmarks = (list: Bookmark[]): Bookmark[] =>
  [...list].sort((a, b) => a.start - b.start || a.end - b.end);

/** Adds [start, end); the same range twice gives one bookmark. Throws when the list is full. */
export function addBookmark(list: Bookmark[], start: number, end: number, name: string): Bookmark[] {
  if (!validRange(start, end)) throw new Error('not a byte range');
  if (list.some((b) => b.start === start && b.end === end)) return list;
  if (list.length >= MAX_BOOKMARKS) throw new Error(`${MAX_BOOKMARKS} bookmarks is the limit; remove one first`);
  const id = `b${start.toString(36)}-${end.toString(36)}-${Date.now().toString(36)}`;
  return sortBookmarks([...list, { id, start, end, name: name.slice(0, MAX_NAME) }]);
}

export const renameBookmark = (list: Bookmark[], id: string, name: string): Bookmark[] =>
  list.map((b) => (b.id === id ? { ...b, name: name.slice(0, MAX_NAME) } : b));

export const removeBookmark = (list: Bookmark[], id: string): Bookmark[] => list.filter((b) => b.id !== id);

/** The bookmarks that touch [start, end): what a run of visible rows must mark. */
export const bookmarksIn = (list: Bookmark[], start: number, end: number): Bookmark[] =>
  list.filter((b) => b.start < end && b.end > start);
