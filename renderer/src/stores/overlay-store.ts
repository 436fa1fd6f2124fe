import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/** The one shell overlay shown: the command palette or the shortcut list. */
type Overlay = 'palette' | 'shortcuts' | null;

const store = createStore<{ overlay: Overlay }>()(() => ({ overlay: null }));

export const useOverlay = () => useStore(store, (s) => s.overlay);
export const showOverlay = (overlay: Overlay) => store.setState({ overlay });
