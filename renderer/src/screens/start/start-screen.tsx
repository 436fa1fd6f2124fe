import { FolderOpen, FolderTree, PackageOpen } from 'lucide-react';
import { ErrorView } from '../../components/error-view';
import { useOpenCheckpoint, useOpenFolder } from '../../lib/open-actions';
import { clearOpenError, openSample, useOpenError, useOpening } from '../../stores/archives-store';
import { useAppInfo } from '../../stores/settings-store';
import { ConnectCard } from './connect-card';
import { OpenProgress } from './open-progress';
import { RecentList } from './recent-list';

export function StartScreen() {
  const info = useAppInfo();
  const opening = useOpening();
  const error = useOpenError();
  const open = useOpenCheckpoint();
  const openFolder = useOpenFolder();
  return (
    <div className="start" data-testid="start-screen">
      <section className="start-hero">
        <h1>Checkpoint Inspector</h1>
        <p className="capabilities" data-testid="capabilities">
          Open a container checkpoint archive and browse its processes, open files and sockets, memory, root file system
          changes and CRIU images.{' '}
          {info?.canCheckpoint
            ? 'Connected to containerd, it can also list containers and checkpoint running ones.'
            : 'Checkpointing is off in this window: it lists containers but only reads archives.'}
        </p>
        <div className="start-actions">
          <button className="btn primary" onClick={open} disabled={opening} data-testid="open-checkpoint">
            <FolderOpen size={16} aria-hidden /> Open checkpoint… <kbd>Ctrl+O</kbd>
          </button>
          {openFolder && (
            // An unpacked checkpoint or a bare CRIU images folder (a browser can only upload files).
            <button className="btn" onClick={openFolder} disabled={opening} data-testid="open-checkpoint-folder">
              <FolderTree size={16} aria-hidden /> Open folder… <kbd>Ctrl+Shift+O</kbd>
            </button>
          )}
          <button
            className="btn"
            onClick={() => void openSample()}
            disabled={opening || info?.hasSample === false}
            title={info?.hasSample === false ? 'No sample is bundled with this build' : undefined}
          >
            <PackageOpen size={16} aria-hidden /> Open sample checkpoint
          </button>
          <OpenProgress fallback={opening} />
        </div>
        <p className="muted">
          {info?.nativeDialogs === false ? 'Archives are uploaded to the host that serves this page. ' : ''}
          Or drop a .tar, .tar.gz or .tar.zst checkpoint anywhere on this window.
        </p>
        {error && (
          <div className="start-error">
            <ErrorView error={error} title="Could not open the archive" onRetry={clearOpenError} compact />
          </div>
        )}
      </section>
      <div className="start-columns">
        <RecentList />
        <ConnectCard />
      </div>
    </div>
  );
}
