import { Boxes, GitCompare, Home } from 'lucide-react';
import { showScreen, useOpenArchives, useScreen } from '../stores/archives-store';
import { ArchiveTabs } from './archive-tabs';
import { BackForward } from './back-forward';
import { JobsIndicator } from './jobs-indicator';
import { SettingsButton } from './settings-button';
import { ThemeSelect } from './theme-select';

/** Places: start, containers, and one tab per open archive (two or more can be open). */
export function TopBar() {
  const screen = useScreen();
  const archives = useOpenArchives();
  return (
    <header className="top-bar">
      <BackForward />
      <nav className="places" aria-label="Places">
        <button
          className={screen === 'start' ? 'place active' : 'place'}
          onClick={() => showScreen('start')}
          data-testid="nav-start"
        >
          <Home size={14} aria-hidden /> Start
        </button>
        <button
          className={screen === 'containers' ? 'place active' : 'place'}
          onClick={() => showScreen('containers')}
          data-testid="nav-containers"
        >
          <Boxes size={14} aria-hidden /> Containers
        </button>
        <button
          className={screen === 'diff' ? 'place active' : 'place'}
          onClick={() => showScreen('diff')}
          disabled={archives.length === 0}
          title="Compare two open checkpoints"
          data-testid="nav-diff"
        >
          <GitCompare size={14} aria-hidden /> Compare
        </button>
      </nav>
      <ArchiveTabs />
      <div className="top-actions">
        <JobsIndicator />
        <ThemeSelect />
        <SettingsButton />
      </div>
    </header>
  );
}
