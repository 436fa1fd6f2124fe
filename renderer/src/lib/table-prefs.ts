/** A table's remembered column widths and hidden columns (localStorage), and the grid they give. */

import { localStore as store, type PrefStore as Store } from './local-store';

export interface TablePrefs {
  /** Widths in px the user dragged, by column key. */
  widths: Record<string, number>;
  hidden: string[];
}

const PREFIX = 'checkpoint-inspector.table.';
export const MIN_COLUMN_PX = 40;

/** Whatever is stored is checked: a hand-edited or old entry gives the defaults, never a broken table. */
export function loadPrefs(key: string, storage: Store | null = store()): TablePrefs {
  const empty: TablePrefs = { widths: {}, hidden: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(PREFIX + key) ?? 'null');
  } catch {
    return empty;
  }
  if (!raw || typeof raw !== 'object') return empty;
  const { widths, hidden } = raw as { widths?: unknown; hidden?: unknown };
  const out: TablePrefs = { widths: {}, hidden: [] };
  if (widths && typeof widths === 'object') {
    for (const [k, v] of Object.entries(widths)) {
      if (typeof v === 'number' && Number.isFinite(v) && v >= MIN_COLUMN_PX && v <= 4000) out.widths[k] = Math.round(v);
    }
  }
  if (Array.isArray(hidden)) out.hidden = hidden.filter((h): h is string => typeof h === 'string');
  return out;
}

export function savePrefs(key: string, prefs: TablePrefs, storage: Store | null = store()): void {
  try {
    storage?.setItem(PREFIX + key, JSON.stringify(prefs));
  } catch {
    // quota or denied storage: the choice holds for this session only
  }
}

/** The least px a CSS track takes: "80px" -> 80, "minmax(120px, 2fr)" -> 120, anything else 60. */
export function trackMinPx(track: string): number {
  const m = /^(?:minmax\(\s*)?(\d+(?:\.\d+)?)px/.exec(track.trim());
  return m ? Number(m[1]) : 60;
}

/** The grid template of the shown columns and the least width it needs (the table scrolls sideways below it). */
export function gridOf(
  columns: { key: string; width: string }[],
  prefs: TablePrefs,
  extraPx = 0,
): { template: string; minWidth: number } {
  const tracks = columns.map((c) => {
    const px = prefs.widths[c.key];
    return px === undefined ? { track: c.width, min: trackMinPx(c.width) } : { track: `${px}px`, min: px };
  });
  return {
    template: [...tracks.map((t) => t.track), ...(extraPx ? [`${extraPx}px`] : [])].join(' '),
    minWidth: tracks.reduce((sum, t) => sum + t.min, extraPx),
  };
}
