import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { emptyHistory, forget, step, visit, type History } from '../lib/view-history';
import { showPlace, watchPlace } from './archives-store';

const store = createStore<{ history: History }>()(() => ({ history: emptyHistory }));
/** Set while Back/Forward shows a place, so that showing it records nothing. */
let travelling = false;

export const useCanGoBack = () => useStore(store, (s) => s.history.at > 0);
export const useCanGoForward = () => useStore(store, (s) => s.history.at < s.history.places.length - 1);

/** Records every place the user goes to (jumps included: process -> memory is a view change). */
export function watchHistory(): () => void {
  return watchPlace((place, openIds) => {
    let { history } = store.getState();
    for (const id of new Set(history.places.map((p) => p.archiveId)))
      if (id !== null && !openIds.includes(id)) history = forget(history, id);
    if (!travelling) history = visit(history, place);
    store.setState({ history });
  });
}

export function go(by: -1 | 1): void {
  const before = store.getState().history;
  const history = step(before, by);
  const place = history.places[history.at];
  if (history === before || !place) return;
  store.setState({ history });
  travelling = true;
  try {
    showPlace(place);
  } finally {
    travelling = false;
  }
}
