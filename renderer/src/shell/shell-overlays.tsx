import { useOverlay } from '../stores/overlay-store';
import { CommandPalette } from './command-palette';
import { JobsList } from './jobs-list';
import { ShortcutList } from './shortcut-list';
import { StatusBar } from './status-bar';

/** The shell around the screens: the status bar, the jobs list, the command palette and the shortcut list. */
export function ShellOverlays({ onOpen }: { onOpen: () => void }) {
  const overlay = useOverlay();
  return (
    <>
      <StatusBar />
      <JobsList />
      {overlay === 'palette' && <CommandPalette onOpen={onOpen} />}
      {overlay === 'shortcuts' && <ShortcutList />}
    </>
  );
}
