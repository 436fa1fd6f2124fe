import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { AppInfo, Settings } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';

interface SettingsState {
  info: AppInfo | null;
  settings: Settings | null;
  error: ErrorInfo | null;
}

const store = createStore<SettingsState>()(() => ({ info: null, settings: null, error: null }));

export const useAppInfo = () => useStore(store, (s) => s.info);
export const useSettings = () => useStore(store, (s) => s.settings);
export const useSettingsError = () => useStore(store, (s) => s.error);
export const useTheme = () => useStore(store, (s) => s.settings?.theme ?? 'system');
export const useMaskSecrets = () => useStore(store, (s) => s.settings?.maskSecrets ?? true);

export async function loadAppInfoAndSettings(): Promise<void> {
  const api = getApi();
  try {
    const [info, settings] = await Promise.all([api.invoke('app.info', {}), api.invoke('settings.get', {})]);
    store.setState({ info, settings, error: null });
  } catch (error) {
    store.setState({ error: toInfo(error) });
  }
}

/** Resolves false (with the error in the store) when main refused the change. */
export async function updateSettings(patch: Partial<Settings>): Promise<boolean> {
  const before = store.getState().settings;
  // Optimistic, so a theme switch is instant; main's answer is the truth.
  if (before) store.setState({ settings: { ...before, ...patch } });
  try {
    store.setState({ settings: await getApi().invoke('settings.update', patch), error: null });
    return true;
  } catch (error) {
    store.setState({ settings: before, error: toInfo(error) });
    return false;
  }
}
