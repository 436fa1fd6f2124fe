// The view shown last (screen, archive, each archive's sub-view), kept in
// localStorage so a reload comes back to it. What is read back is checked:
// storage is written by other pages of the origin too.

export interface SavedView {
  screen: 'start' | 'containers' | 'archive' | 'diff';
  activeId: string | null;
  views: Record<string, string>;
}

const SCREENS = new Set(['start', 'containers', 'archive', 'diff']);

export function parseSavedView(text: string | null, knownViews: ReadonlySet<string>): SavedView | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { screen, activeId, views } = raw as Record<string, unknown>;
  if (typeof screen !== 'string' || !SCREENS.has(screen)) return null;
  const out: Record<string, string> = {};
  if (typeof views === 'object' && views !== null)
    for (const [id, view] of Object.entries(views))
      if (typeof view === 'string' && knownViews.has(view)) out[id] = view;
  return {
    screen: screen as SavedView['screen'],
    activeId: typeof activeId === 'string' ? activeId : null,
    views: out,
  };
}

/** The saved view applied to the archives open now: an archive no longer open is not shown. */
export function restoreView(saved: SavedView, openIds: string[]): SavedView {
  const views = Object.fromEntries(Object.entries(saved.views).filter(([id]) => openIds.includes(id)));
  const activeId = saved.activeId && openIds.includes(saved.activeId) ? saved.activeId : (openIds[0] ?? null);
  const screen = saved.screen === 'archive' && activeId === null ? 'start' : saved.screen;
  return { screen, activeId, views };
}
