import { useEffect, useRef } from 'react';
import { getApi } from '../api';
import { closeActiveArchive, loadOpenArchives, loadRecent, showScreen, watchArchives } from '../stores/archives-store';
import { loadConnectionStatus, watchConnection } from '../stores/connection-store';
import { watchContainers } from '../stores/containers-store';
import { watchHistory } from '../stores/history-store';
import { loadRunningJobs, watchJobs } from '../stores/jobs-store';
import { ARCHIVE_VIEWS } from '../screens/archive/archive-views';
import { loadAppInfoAndSettings, useTheme } from '../stores/settings-store';

/** Loads what every screen needs and subscribes the stores to main's events. */
export function useBoot(onOpenRequest: () => void): void {
  useEffect(() => {
    void loadAppInfoAndSettings();
    void loadRecent();
    void loadOpenArchives(new Set(ARCHIVE_VIEWS.map((v) => v.id)));
    void loadConnectionStatus();
    // Subscribe before listing, so no event between the two is lost.
    const offs = [watchArchives(), watchJobs(), watchConnection(), watchContainers(), watchHistory()];
    void loadRunningJobs();
    return () => offs.forEach((off) => off());
  }, []);

  const openRef = useRef(onOpenRequest);
  openRef.current = onOpenRequest;
  useEffect(
    () =>
      getApi().on('menu.command', ({ command }) => {
        if (command === 'open') openRef.current();
        else if (command === 'connect') showScreen('containers');
        else if (command === 'close-archive') closeActiveArchive();
      }),
    [],
  );

  const theme = useTheme();
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}
