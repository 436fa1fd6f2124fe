import { FolderOpen, RefreshCw } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CheckpointImageList, CheckpointImageRow } from '../../../../shared/dto';
import type { ErrorInfo } from '../../../../shared/errors';
import { getApi } from '../../api';
import { Badge } from '../../components/badge';
import { EmptyState } from '../../components/empty-state';
import { ErrorView } from '../../components/error-view';
import { Loading } from '../../components/loading';
import { ProblemsBanner } from '../../components/problems-banner';
import { VirtualTable, type Column } from '../../components/virtual-table';
import { toInfo } from '../../lib/errors';
import { formatBytes, formatDate, shortId } from '../../lib/format';
import { clearOpenError, openCheckpointImage, useOpenError, useOpening } from '../../stores/archives-store';

const key = (i: CheckpointImageRow) => `${i.namespace}/${i.name}`;

/** A name whose tag (or digest) stays visible when the column is narrow: the repository part is what gets cut. */
function ImageRef({ name, title }: { name: string; title: string }) {
  const slash = name.lastIndexOf('/');
  const at = name.indexOf('@', slash + 1);
  const colon = name.indexOf(':', slash + 1);
  const cut = at >= 0 ? at : colon;
  return (
    <span className="image-ref mono" title={title}>
      <span className="image-repo">{cut >= 0 ? name.slice(0, cut) : name}</span>
      {cut >= 0 && <strong className="image-tag">{name.slice(cut)}</strong>}
    </span>
  );
}

function imageColumns(open: (i: CheckpointImageRow) => void, busy: boolean): Column<CheckpointImageRow>[] {
  return [
    {
      key: 'name',
      title: 'Name',
      width: 'minmax(160px, 3fr)',
      sortValue: (i) => i.name,
      render: (i) => <ImageRef name={i.name} title={`${i.name}\n${i.digest}`} />,
    },
    { key: 'namespace', title: 'Namespace', width: 'minmax(80px, 1fr)', render: (i) => i.namespace },
    {
      key: 'kind',
      title: 'Kind',
      width: '110px',
      render: (i) => (
        <span title={i.format === 'containerd' ? 'ctr container checkpoint' : 'single-layer OCI checkpoint image'}>
          <Badge tone="info">{i.format === 'containerd' ? 'containerd' : 'OCI'}</Badge>
        </span>
      ),
    },
    {
      key: 'created',
      title: 'Created',
      width: '130px',
      sortValue: (i) => i.createdAt ?? '',
      exportValue: (i) => i.createdAt,
      render: (i) => formatDate(i.createdAt),
    },
    {
      key: 'size',
      title: 'Size',
      width: '90px',
      numeric: true,
      sortValue: (i) => i.bytes,
      exportValue: (i) => i.bytes,
      render: (i) => formatBytes(i.bytes),
    },
    {
      key: 'rootfs',
      title: 'Rootfs diff',
      width: '90px',
      render: (i) => (i.hasRootfsDiff === null ? '—' : i.hasRootfsDiff ? 'yes' : 'no'),
    },
    { key: 'image', title: 'Image', width: 'minmax(140px, 2fr)', render: (i) => i.baseImage ?? '—' },
    {
      key: 'digest',
      title: 'Digest',
      width: '120px',
      exportValue: (i) => i.digest,
      render: (i) => <span className="mono muted">{shortId(i.digest.replace(/^sha256:/, ''))}</span>,
    },
    {
      key: 'open',
      title: '',
      width: '84px',
      exportValue: () => null,
      render: (i) => (
        <button
          className="btn small"
          disabled={busy}
          onClick={(e) => {
            e.stopPropagation();
            open(i);
          }}
          data-testid="open-checkpoint-image"
          aria-label={`Open ${i.name}`}
        >
          <FolderOpen size={13} aria-hidden /> Open
        </button>
      ),
    },
  ];
}

/** The checkpoint images of containerd's store, each openable as an archive; what could not be read is listed above. */
export function CheckpointImages({ namespace }: { namespace: string }) {
  const [list, setList] = useState<CheckpointImageList | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [loading, setLoading] = useState(false);
  const opening = useOpening();
  const openError = useOpenError();
  const [selected, setSelected] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setList(await getApi().invoke('containerd.checkpointImages', namespace ? { namespaces: [namespace] } : {}));
    } catch (e) {
      setError(toInfo(e));
    } finally {
      setLoading(false);
    }
  }, [namespace]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const columns = useMemo(
    () =>
      imageColumns((i) => {
        clearOpenError();
        void openCheckpointImage(i.namespace, i.name);
      }, opening),
    [opening],
  );

  return (
    <div className="containers-body" data-testid="checkpoint-images">
      <div className="toolbar">
        <button className="btn" onClick={() => void refresh()} disabled={loading}>
          <RefreshCw size={14} aria-hidden className={loading ? 'spin' : undefined} /> Refresh
        </button>
        <span className="muted" data-testid="checkpoint-images-count">
          {list ? `${list.images.length} checkpoint image${list.images.length === 1 ? '' : 's'}` : ''}
        </span>
        {opening && <span className="muted">Opening…</span>}
      </div>
      {openError && <ErrorView error={openError} title="Could not open the checkpoint image" compact />}
      {list && <ProblemsBanner problems={list.problems} what="images" testId="checkpoint-images-problems" />}
      {error ? (
        <ErrorView error={error} title="Could not list checkpoint images" onRetry={() => void refresh()} />
      ) : !list ? (
        <Loading label="Reading containerd's image store…" />
      ) : list.images.length === 0 ? (
        <EmptyState>
          containerd's image store holds no checkpoint image{namespace ? ` in ${namespace}` : ''}. Make one with{' '}
          <code>ctr container checkpoint --task --rw CONTAINER NAME</code>.
        </EmptyState>
      ) : (
        <VirtualTable
          rows={list.images}
          columns={columns}
          rowKey={key}
          rowTestId={(i) => `checkpoint-image-row-${i.name}`}
          selectedKey={selected}
          onSelect={(i) => setSelected(key(i))}
          label="Checkpoint images"
          testId="checkpoint-images-table"
          rowHeight={30}
        />
      )}
    </div>
  );
}
