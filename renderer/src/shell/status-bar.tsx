import { useMemo } from 'react';
import { archiveTitles } from '../../../shared/tab-titles';
import { useActiveArchive, useOpenArchives } from '../stores/archives-store';
import { useConnection } from '../stores/connection-store';
import { showJobsList, useRunningJobs } from '../stores/jobs-store';

const CONNECTION: Record<string, string> = {
  connected: 'containerd connected',
  connecting: 'connecting to containerd…',
  disconnected: 'containerd not connected',
  error: 'containerd unreachable',
};

/** Where am I: containerd's state, the archive shown, the jobs running (a click lists every job). */
export function StatusBar() {
  const connection = useConnection();
  const archives = useOpenArchives();
  const active = useActiveArchive();
  const running = useRunningJobs();
  const title = useMemo(() => (active ? archiveTitles(archives).get(active.archiveId) : undefined), [archives, active]);
  const state = connection?.state ?? 'disconnected';
  const version = connection?.version ? ` (${connection.version})` : '';
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span
        className={`status-connection ${state}`}
        data-testid="status-connection"
        data-state={state}
        title={[connection?.socketPath, connection?.error?.message].filter(Boolean).join('\n') || undefined}
      >
        {CONNECTION[state]}
        {state === 'connected' ? version : ''}
      </span>
      <span className="status-archive" data-testid="status-archive" title={title?.tooltip}>
        {title ? title.title : `no archive shown · ${archives.length} open`}
      </span>
      <button
        className="status-jobs"
        data-testid="status-jobs"
        onClick={() => showJobsList(true)}
        title="List every job (running and finished)"
      >
        {running.length === 0
          ? 'no jobs running'
          : running.length === 1
            ? '1 job running'
            : `${running.length} jobs running`}
      </button>
    </footer>
  );
}
