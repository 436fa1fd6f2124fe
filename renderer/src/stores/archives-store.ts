import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ArchiveSummary, RecentArchive } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';
import { dropArchive } from '../lib/query-cache';

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
export const useArchiveTab = (archiveId: string) => useStore(store, (s) => s.tabs[archiveId] ?? 'overview');

export const showScreen = (screen: Screen) => store.setState({ screen });
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
export const openDialog = () => opening(() => getApi().invoke('archive.openDialog', {}));
export const openFiles = (files: File[]) => opening(() => getApi().openFiles(files));

export async function loadRecent(): Promise<void> {
  try {
    store.setState({ recent: await getApi().invoke('archive.recent', {}) });
  } catch {
    // The start screen still works without the recent list.
  }
}

/** Picks up archives main already holds (e.g. opened from the command line). */
export async function loadOpenArchives(): Promise<void> {
  try {
    const list = await getApi().invoke('archive.list', {});
    if (list.length === 0) return;
    store.setState((s) => ({
      open: [...s.open, ...list.filter((a) => !s.open.some((o) => o.archiveId === a.archiveId))],
      activeId: s.activeId ?? list[0]?.archiveId ?? null,
      screen: s.screen === 'start' ? 'archive' : s.screen,
    }));
  } catch {
    // Nothing open is the normal case.
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

export const closeActiveArchive = () => {
  const { activeId, screen } = store.getState();
  if (activeId && screen === 'archive') void closeArchive(activeId);
};

export function watchArchives(): () => void {
  return getApi().on('archive.opened', addOpened);
}
