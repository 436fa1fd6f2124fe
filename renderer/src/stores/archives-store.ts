import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ArchiveSummary, RecentArchive } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';
import { dropArchive } from '../lib/query-cache';
import { parseSavedView, restoreView } from '../lib/saved-view';
import type { Place } from '../lib/view-history';

export type Screen = 'start' | 'containers' | 'archive' | 'diff';
export type ArchiveTab =
  | 'overview'
  | 'processes'
  | 'files'
  | 'memory'
  | 'search'
  | 'findings'
  | 'mounts'
  | 'rootfs'
  | 'recovered'
  | 'timeline'
  | 'security'
  | 'config'
  | 'spec'
  | 'images'
  | 'log'
  | 'integrity'
  | 'yara';

interface ArchivesState {
  open: ArchiveSummary[];
  activeId: string | null;
  screen: Screen;
  tabs: Record<string, ArchiveTab>;
  recent: RecentArchive[];
  opening: boolean;
  error: ErrorInfo | null;
}

const store = createStore<ArchivesState>()(() => ({
  open: [],
  activeId: null,
  screen: 'start',
  tabs: {},
  recent: [],
  opening: false,
  error: null,
}));

export const useOpenArchives = () => useStore(store, (s) => s.open);
export const useScreen = () => useStore(store, (s) => s.screen);
export const useRecent = () => useStore(store, (s) => s.recent);
export const useOpening = () => useStore(store, (s) => s.opening);
export const useOpenError = () => useStore(store, (s) => s.error);
export const useActiveArchive = () =>
  useStore(store, (s) => (s.screen === 'archive' ? (s.open.find((a) => a.archiveId === s.activeId) ?? null) : null));
/** The summary of an open archive by id (undefined once it is closed). */
export const useArchiveSummary = (archiveId: string) =>
  useStore(store, (s) => s.open.find((a) => a.archiveId === archiveId));
export const useArchiveTab = (archiveId: string) => useStore(store, (s) => s.tabs[archiveId] ?? 'overview');

export const showScreen = (screen: Screen) => store.setState({ screen });

/** Where the user is: the screen, the archive shown and its view. */
function placeOf(s: ArchivesState): Place {
  if (s.screen !== 'archive' || s.activeId === null) return { screen: s.screen, archiveId: null, view: null };
  return { screen: 'archive', archiveId: s.activeId, view: s.tabs[s.activeId] ?? 'overview' };
}

/** Calls back on every move to another place, with the ids of the archives open then. */
export function watchPlace(listener: (place: Place, openIds: string[]) => void): () => void {
  listener(
    placeOf(store.getState()),
    store.getState().open.map((a) => a.archiveId),
  );
  return store.subscribe((s, before) => {
    if (
      s.screen !== before.screen ||
      s.activeId !== before.activeId ||
      s.tabs !== before.tabs ||
      s.open !== before.open
    )
      listener(
        placeOf(s),
        s.open.map((a) => a.archiveId),
      );
  });
}

/** Shows a place Back/Forward went to; an archive closed since shows nothing. */
export function showPlace(place: Place): void {
  store.setState((s) => {
    if (place.screen !== 'archive') return { screen: place.screen };
    if (!place.archiveId || !s.open.some((a) => a.archiveId === place.archiveId)) return s;
    const tabs = place.view ? { ...s.tabs, [place.archiveId]: place.view as ArchiveTab } : s.tabs;
    return { screen: 'archive', activeId: place.archiveId, tabs };
  });
}

const VIEW_KEY = 'checkpoint-inspector.last-view';

/** Keeps the view in localStorage from the time the saved one was restored (so boot does not overwrite it). */
function persistView(): void {
  store.subscribe((s) => {
    try {
      localStorage.setItem(VIEW_KEY, JSON.stringify({ screen: s.screen, activeId: s.activeId, views: s.tabs }));
    } catch {
      // Storage off: a reload starts at the start screen.
    }
  });
}

function savedView(views: ReadonlySet<string>) {
  try {
    return parseSavedView(localStorage.getItem(VIEW_KEY), views);
  } catch {
    return null;
  }
}
export const selectArchive = (archiveId: string) => store.setState({ activeId: archiveId, screen: 'archive' });
export const setArchiveTab = (archiveId: string, tab: ArchiveTab) =>
  store.setState((s) => ({ tabs: { ...s.tabs, [archiveId]: tab } }));
export const clearOpenError = () => store.setState({ error: null });

/** Adds (once) and shows an archive main opened. */
export function addOpened(summary: ArchiveSummary): void {
  store.setState((s) => ({
    open: s.open.some((a) => a.archiveId === summary.archiveId) ? s.open : [...s.open, summary],
    activeId: summary.archiveId,
    screen: 'archive',
    error: null,
  }));
  void loadRecent();
}

async function opening(work: () => Promise<ArchiveSummary | ArchiveSummary[] | null>): Promise<void> {
  store.setState({ opening: true, error: null });
  try {
    const result = await work();
    const list = result === null ? [] : Array.isArray(result) ? result : [result];
    for (const summary of list) addOpened(summary);
  } catch (error) {
    const info = toInfo(error);
    // The user cancelled the open job: nothing to explain.
    if (info.code !== 'CANCELLED') store.setState({ error: info });
  } finally {
    store.setState({ opening: false });
  }
}

export const openSample = () => opening(() => getApi().invoke('archive.openSample', {}));
export const openRecent = (key: string) => opening(() => getApi().invoke('archive.openRecent', { key }));
export const openDialog = (folder = false) => opening(() => getApi().invoke('archive.openDialog', { folder }));
export const openFiles = (files: File[]) => opening(() => getApi().openFiles(files));

export async function loadRecent(): Promise<void> {
  try {
    store.setState({ recent: await getApi().invoke('archive.recent', {}) });
  } catch {
    // The start screen still works without the recent list.
  }
}

/**
 * Picks up archives main already holds (opened from the command line, or
 * before a reload) and comes back to the view shown last, when it still exists.
 */
export async function loadOpenArchives(views: ReadonlySet<string>): Promise<void> {
  const saved = savedView(views);
  try {
    const list = await getApi().invoke('archive.list', {});
    store.setState((s): Partial<ArchivesState> => {
      const open = [...s.open, ...list.filter((a) => !s.open.some((o) => o.archiveId === a.archiveId))];
      if (s.screen !== 'start' || s.activeId !== null) return { open };
      const ids = open.map((a) => a.archiveId);
      if (saved) {
        const back = restoreView(saved, ids);
        return {
          open,
          screen: back.screen,
          activeId: back.activeId,
          tabs: { ...(back.views as Record<string, ArchiveTab>), ...s.tabs },
        };
      }
      return open.length === 0 ? { open } : { open, activeId: ids[0] ?? null, screen: 'archive' };
    });
  } catch {
    // Nothing open is the normal case.
  } finally {
    persistView();
  }
}

export async function closeArchive(archiveId: string): Promise<void> {
  store.setState((s) => {
    const open = s.open.filter((a) => a.archiveId !== archiveId);
    const next = s.activeId === archiveId ? (open[open.length - 1]?.archiveId ?? null) : s.activeId;
    return { open, activeId: next, screen: next === null && s.screen === 'archive' ? 'start' : s.screen };
  });
  dropArchive(archiveId);
  try {
    await getApi().invoke('archive.close', { archiveId });
  } catch {
    // Already gone on main's side.
  }
}

/**
 * Opens an incremental checkpoint again with an open archive as its parent;
 * the tab keeps its place and view, under the new id (main closed the old).
 */
export async function openWithParent(archiveId: string, parentArchiveId: string): Promise<void> {
  const summary = await getApi().invoke('archive.openWithParent', { archiveId, parentArchiveId });
  store.setState((s) => {
    const { [archiveId]: view, ...tabs } = s.tabs;
    return {
      open: s.open.map((a) => (a.archiveId === archiveId ? summary : a)),
      activeId: s.activeId === archiveId ? summary.archiveId : s.activeId,
      tabs: view ? { ...tabs, [summary.archiveId]: view } : tabs,
    };
  });
  dropArchive(archiveId);
}

export const closeActiveArchive = () => {
  const { activeId, screen } = store.getState();
  if (activeId && screen === 'archive') void closeArchive(activeId);
};

export function watchArchives(): () => void {
  return getApi().on('archive.opened', addOpened);
}

/** A checkpoint image of containerd's store, made into an archive by main and opened like any other. */
export const openCheckpointImage = (namespace: string, name: string) =>
  opening(() => getApi().invoke('archive.openCheckpointImage', { namespace, name }));
