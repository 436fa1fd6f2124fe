// Back/Forward over the places the user went (a screen, an archive and its
// view), like a browser's: a new place drops what was ahead.

export interface Place {
  screen: 'start' | 'containers' | 'archive' | 'diff';
  archiveId: string | null;
  /** The archive's view (overview, memory, ...); null off the archive screen. */
  view: string | null;
}

export interface History {
  places: Place[];
  /** Index of the place shown now; -1 when empty. */
  at: number;
}

export const MAX_PLACES = 100;
export const emptyHistory: History = { places: [], at: -1 };

export const samePlace = (a: Place, b: Place) =>
  a.screen === b.screen && a.archiveId === b.archiveId && a.view === b.view;

/** Records a place the user went to; the same place again records nothing. */
export function visit(h: History, place: Place): History {
  const current = h.places[h.at];
  if (current && samePlace(current, place)) return h;
  const places = [...h.places.slice(0, h.at + 1), place].slice(-MAX_PLACES);
  return { places, at: places.length - 1 };
}

/** Steps back (-1) or forward (+1); the same history when there is nowhere to go. */
export function step(h: History, by: -1 | 1): History {
  const at = h.at + by;
  return at < 0 || at >= h.places.length ? h : { ...h, at };
}

/** Forgets an archive that closed (its places, and repeats that leaves behind). */
export function forget(h: History, archiveId: string): History {
  const places: Place[] = [];
  let at = -1;
  h.places.forEach((p, i) => {
    if (p.archiveId === archiveId) return;
    const last = places[places.length - 1];
    if (!last || !samePlace(last, p)) places.push(p);
    if (i <= h.at) at = places.length - 1;
  });
  return { places, at: places.length === 0 ? -1 : Math.max(0, at) };
}
