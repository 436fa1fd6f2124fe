import { useState } from 'react';
import { addBookmark, loadBookmarks, removeBookmark, renameBookmark, saveBookmarks, type Bookmark } from './bookmarks';

export interface BookmarkList {
  list: Bookmark[];
  add(start: number, end: number, name: string): void;
  rename(id: string, name: string): void;
  remove(id: string): void;
  /** Why the last add failed (the list is full), or null. */
  problem: string | null;
}

/** A hex view's bookmarks; remembered under `key` when there is one, else for this session only. */
export function useBookmarks(key: string | null): BookmarkList {
  const [list, setList] = useState<Bookmark[]>(() => (key ? loadBookmarks(key) : []));
  const [problem, setProblem] = useState<string | null>(null);
  const update = (next: Bookmark[]) => {
    setList(next);
    if (key) saveBookmarks(key, next);
  };
  return {
    list,
    problem,
    add(start, end, name) {
      try {
        update(addBookmark(list, start, end, name));
        setProblem(null);
      } catch (error) {
        setProblem(error instanceof Error ? error.message : String(error));
      }
    },
    rename: (id, name) => update(renameBookmark(list, id, name)),
    remove: (id) => update(removeBookmark(list, id)),
  };
}
