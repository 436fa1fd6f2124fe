import { useOpenCheckpoint, useOpenFolder } from './lib/open-actions';
import { ArchiveScreen } from './screens/archive/archive-screen';
import { ContainersScreen } from './screens/containers/containers-screen';
import { DiffScreen } from './screens/diff/diff-screen';
import { JobPanel } from './screens/containers/job-panel';
import { StartScreen } from './screens/start/start-screen';
import { DropOverlay } from './shell/drop-overlay';
import { ShellOverlays } from './shell/shell-overlays';
import { TopBar } from './shell/top-bar';
import { useBoot } from './shell/use-boot';
import { useFileDrop } from './shell/use-file-drop';
import { useShortcuts } from './shell/use-shortcuts';
import { useActiveArchive, useScreen } from './stores/archives-store';

/** The window: a bar of places (start, containers, open archives) over the current screen. */
export function App() {
  const open = useOpenCheckpoint();
  useBoot(open);
  useShortcuts(open, useOpenFolder());
  const dragging = useFileDrop();
  const screen = useScreen();
  const archive = useActiveArchive();
  return (
    <div className="app">
      <TopBar />
      <main className="screen">
        {screen === 'containers' && <ContainersScreen />}
        {screen === 'diff' && <DiffScreen />}
        {screen === 'archive' && archive && <ArchiveScreen key={archive.archiveId} archive={archive} />}
        {(screen === 'start' || (screen === 'archive' && !archive)) && <StartScreen />}
      </main>
      <JobPanel />
      <ShellOverlays onOpen={open} />
      {dragging && <DropOverlay />}
    </div>
  );
}
