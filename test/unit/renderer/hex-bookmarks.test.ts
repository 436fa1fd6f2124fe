import { describe, expect, it } from 'vitest';
import {
  MAX_BOOKMARKS,
  MAX_NAME,
  addBookmark,
  bookmarksIn,
  loadBookmarks,
  removeBookmark,
  renameBookmark,
  saveBookmarks,
} from '../../../renderer/src/components/hex/bookmarks';
import type { PrefStore } from '../../../renderer/src/lib/local-store';

function memoryStore(): PrefStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('hex bookmarks', () => {
  it('are added in address order, one per range, renamed and removed, and come back as saved', () => {
    let list = addBookmark([], 0x2000, 0x2010, 'second');
    list = addBookmark(list, 0x1000, 0x1004, 'first');
    list = addBookmark(list, 0x1000, 0x1004, 'again');
    expect(list.map((b) => b.name)).toEqual(['first', 'second']);
    list = renameBookmark(list, list[1]!.id, 'env block');
    const s = memoryStore();
    saveBookmarks('web|1|t|7', list, s);
    expect(loadBookmarks('web|1|t|7', s)).toEqual(list);
    expect(loadBookmarks('web|1|t|8', s), 'each view has its own').toEqual([]);
    list = removeBookmark(list, list[0]!.id);
    expect(list.map((b) => b.name)).toEqual(['env block']);
  });

  it('refuse a range that is none, and say when the list is full', () => {
    expect(() => addBookmark([], 5, 5, 'x')).toThrow(/range/);
    expect(() => addBookmark([], -1, 5, 'x')).toThrow(/range/);
    let list = addBookmark([], 0, 1, 'a');
    for (let i = 1; i < MAX_BOOKMARKS; i++) list = addBookmark(list, i, i + 1, 'a');
    expect(() => addBookmark(list, 1e6, 1e6 + 1, 'one more')).toThrow(/limit/);
  });

  it('drop what a hand-edited or hostile entry holds that is not a bookmark', () => {
    const s = memoryStore();
    const key = 'checkpoint-inspector.bookmarks.k';
    s.setItem(key, '{not json');
    expect(loadBookmarks('k', s)).toEqual([]);
    s.setItem(key, JSON.stringify({ start: 1 }));
    expect(loadBookmarks('k', s)).toEqual([]);
    s.setItem(
      key,
      JSON.stringify([
        { id: 'a', start: 10, end: 20, name: 'x'.repeat(MAX_NAME + 50) },
        { id: 'a', start: 30, end: 40, name: 'duplicate id' },
        { id: 'b', start: 20, end: 10, name: 'backwards' },
        { id: 'c', start: 2 ** 60, end: 2 ** 60 + 1, name: 'unsafe' },
        { id: 'd', start: 1, end: 2, name: 7 },
        null,
      ]),
    );
    const list = loadBookmarks('k', s);
    expect(list).toHaveLength(1);
    expect(list[0]!.name).toHaveLength(MAX_NAME);
  });

  it('are found for the rows on screen by overlap', () => {
    let list = addBookmark([], 0x10, 0x20, 'a');
    list = addBookmark(list, 0x100, 0x200, 'b');
    expect(bookmarksIn(list, 0x1f, 0x30).map((b) => b.name)).toEqual(['a']);
    expect(bookmarksIn(list, 0x20, 0x100)).toEqual([]);
    expect(bookmarksIn(list, 0x0, 0x1000)).toHaveLength(2);
  });
});
