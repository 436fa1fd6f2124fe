import { RefreshCw } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { ContainerInfo } from '../../../../shared/dto';
import { EmptyState } from '../../components/empty-state';
import { ErrorView } from '../../components/error-view';
import { Loading } from '../../components/loading';
import { SearchBox } from '../../components/search-box';
import { VirtualTable } from '../../components/virtual-table';
import { connect, isConnected, useConnection } from '../../stores/connection-store';
import {
  refreshContainers,
  setContainerFilter,
  setNamespaceFilter,
  useContainerFilter,
  useContainersError,
  useContainersLoaded,
  useContainersLoading,
  useFilteredContainers,
  useNamespaceFilter,
  useNamespaces,
} from '../../stores/containers-store';
import { useAppInfo } from '../../stores/settings-store';
import { CheckpointDialog } from './checkpoint-dialog';
import { containerColumns } from './container-columns';
import { ContainerDetails } from './container-details';
import { ConnectionBar } from './connection-bar';
import { CheckpointNotices } from './checkpoint-notices';
import { CheckpointImages } from './checkpoint-images';
import { getApi } from '../../api';
import { toInfo } from '../../lib/errors';
import type { ErrorInfo } from '../../../../shared/errors';

export function ContainersScreen() {
  const info = useAppInfo();
  const status = useConnection();
  const { rows, nested } = useFilteredContainers();
  const namespaces = useNamespaces();
  const filter = useContainerFilter();
  const namespace = useNamespaceFilter();
  const loading = useContainersLoading();
  const loaded = useContainersLoaded();
  const error = useContainersError();
  const [selected, setSelected] = useState<string | null>(null);
  const details = rows.find((c) => `${c.namespace}/${c.id}` === selected) ?? null;
  const [target, setTarget] = useState<ContainerInfo | null>(null);
  const [resumeError, setResumeError] = useState<ErrorInfo | null>(null);
  const [view, setView] = useState<'containers' | 'images'>('containers');
  const columns = useMemo(
    () =>
      containerColumns(
        info?.canCheckpoint ?? false,
        setTarget,
        (c) => {
          setResumeError(null);
          getApi()
            .invoke('containers.resume', { namespace: c.namespace, containerId: c.id })
            .then(
              () => refreshContainers(),
              (error: unknown) => setResumeError(toInfo(error)),
            );
        },
        nested,
      ),
    [info?.canCheckpoint, nested],
  );

  useEffect(() => {
    // Entering the screen connects with the remembered socket, or refreshes the list.
    if (isConnected()) void refreshContainers();
    else if (status?.state === 'disconnected') {
      void connect().then((s) => (s.state === 'connected' ? refreshContainers() : undefined));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on entering the screen, with the state it finds.
  }, []);

  // After a drop the last list stays visible (stale) under the connection error.
  const connected = status?.state === 'connected';
  return (
    <div className="containers" data-testid="containers-screen">
      <ConnectionBar />
      <CheckpointNotices />
      {resumeError && <ErrorView error={resumeError} title="Could not resume the container" compact />}
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="What containerd holds">
          <button
            role="tab"
            aria-selected={view === 'containers'}
            className={view === 'containers' ? 'subtab active' : 'subtab'}
            onClick={() => setView('containers')}
            data-testid="view-containers"
          >
            Containers
          </button>
          <button
            role="tab"
            aria-selected={view === 'images'}
            className={view === 'images' ? 'subtab active' : 'subtab'}
            onClick={() => setView('images')}
            disabled={!connected}
            data-testid="view-checkpoint-images"
          >
            Checkpoint images
          </button>
        </div>
        {view === 'containers' && (
          <SearchBox
            value={filter}
            onChange={setContainerFilter}
            placeholder="Filter by name, pod, image, id"
            testId="container-filter"
          />
        )}
        <label className="field">
          <span>Namespace</span>
          <select value={namespace} onChange={(e) => setNamespaceFilter(e.target.value)} data-testid="namespace-filter">
            <option value="">All namespaces</option>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {view === 'containers' && (
          <>
            <button className="btn" onClick={() => void refreshContainers()} disabled={!connected || loading}>
              <RefreshCw size={14} aria-hidden className={loading ? 'spin' : undefined} /> Refresh
            </button>
            <span className="muted">{loaded ? countLabel(rows) : ''}</span>
          </>
        )}
      </div>
      {view === 'images' && connected ? (
        <CheckpointImages namespace={namespace} />
      ) : (
        <div className="containers-main">
          <div className="containers-body">
            {error && connected ? (
              <ErrorView error={error} title="Could not list containers" onRetry={() => void refreshContainers()} />
            ) : !loaded && !connected ? (
              <EmptyState>Connect to containerd to see its containers.</EmptyState>
            ) : !loaded ? (
              <Loading label="Listing containers…" />
            ) : rows.length === 0 ? (
              <EmptyState>
                {filter || namespace ? 'No container matches the filter.' : 'containerd has no containers.'}
              </EmptyState>
            ) : (
              <VirtualTable
                rows={rows}
                columns={columns}
                rowKey={(c) => `${c.namespace}/${c.id}`}
                rowTestId={(c) => (c.sandbox ? `pod-row-${c.name}` : `container-row-${c.name}`)}
                selectedKey={selected}
                onSelect={(c) => setSelected(`${c.namespace}/${c.id}`)}
                label="Containers"
                testId="containers-table"
                rowHeight={30}
              />
            )}
          </div>
          {details && <ContainerDetails container={details} onClose={() => setSelected(null)} />}
        </div>
      )}
      {target && <CheckpointDialog container={target} onClose={() => setTarget(null)} />}
    </div>
  );
}

function countLabel(rows: readonly ContainerInfo[]): string {
  const pods = rows.filter((c) => c.sandbox).length;
  const containers = rows.length - pods;
  return `${pods} ${pods === 1 ? 'pod' : 'pods'}, ${containers} ${containers === 1 ? 'container' : 'containers'}`;
}
