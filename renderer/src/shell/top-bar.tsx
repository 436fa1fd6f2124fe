import { Boxes, GitCompare, Home, X } from 'lucide-react';
import {
  closeArchive,
  selectArchive,
  showScreen,
  useActiveArchive,
  useOpenArchives,
  useScreen,
} from '../stores/archives-store';
import { JobsIndicator } from './jobs-indicator';
import { SettingsButton } from './settings-button';
import { ThemeSelect } from './theme-select';

/** Places: start, containers, and one tab per open archive (two or more can be open). */
export function TopBar() {
  const screen = useScreen();
  const archives = useOpenArchives();
  const active = useActiveArchive();
  return (
    <header className="top-bar">
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
        {archives.map((a) => (
          <span
            key={a.archiveId}
            className={active?.archiveId === a.archiveId ? 'place archive active' : 'place archive'}
          >
            <button
              className="place-label"
              title={a.fileName}
              data-testid={`archive-tab-${a.archiveId}`}
              onClick={() => selectArchive(a.archiveId)}
            >
              {a.containerName ?? a.fileName}
            </button>
            <button
              className="icon-btn"
              aria-label={`Close ${a.fileName}`}
              onClick={() => void closeArchive(a.archiveId)}
            >
              <X size={12} aria-hidden />
            </button>
          </span>
        ))}
      </nav>
      <div className="top-actions">
        <JobsIndicator />
        <ThemeSelect />
        <SettingsButton />
      </div>
    </header>
  );
}
