import { Boxes, Camera, CornerDownRight, Play } from 'lucide-react';
import type { ContainerInfo, ContainerStatus } from '../../../../shared/dto';
import { containerStatusLabel } from '../../../../shared/dto/containerd';
import { Badge, type Tone } from '../../components/badge';
import type { Column } from '../../components/virtual-table';
import { formatDate, shortId } from '../../lib/format';

const STATE_TONE: Record<ContainerStatus, Tone> = {
  running: 'ok',
  paused: 'warn',
  pausing: 'warn',
  created: 'info',
  stopped: 'muted',
  exited: 'muted',
  'no-task': 'muted',
  unknown: 'bad',
};

export function containerColumns(
  canCheckpoint: boolean,
  onCheckpoint: (c: ContainerInfo) => void,
  onResume: (c: ContainerInfo) => void = () => undefined,
  nested: ReadonlySet<ContainerInfo> = new Set(),
): Column<ContainerInfo>[] {
  const columns: Column<ContainerInfo>[] = [
    {
      key: 'name',
      title: 'Name',
      width: 'minmax(115px, 2fr)',
      sortValue: (c) => c.name,
      render: (c) =>
        c.sandbox ? (
          // The sandbox is shown as its pod: it is what holds the pod's namespaces.
          <span title={`pod sandbox ${c.id}`} data-testid="pod-name">
            <Boxes size={13} aria-hidden /> <strong>{c.name}</strong> <span className="muted">pod</span>{' '}
            <span className="muted mono">{shortId(c.id)}</span>
          </span>
        ) : (
          <span title={c.id} className={nested.has(c) ? 'pod-member' : undefined}>
            {nested.has(c) && <CornerDownRight size={12} aria-hidden className="muted" />}
            <span data-testid="container-row-name">{c.name}</span> <span className="muted mono">{shortId(c.id)}</span>
          </span>
        ),
    },
    {
      key: 'pod',
      title: 'Pod',
      width: 'minmax(85px, 1.3fr)',
      sortValue: (c) => c.podName ?? '',
      render: (c) => c.podName ?? '—',
    },
    {
      key: 'kns',
      title: 'K8s namespace',
      width: 'minmax(90px, 1fr)',
      sortValue: (c) => c.podNamespace ?? '',
      render: (c) => c.podNamespace ?? '—',
    },
    {
      key: 'ns',
      title: 'containerd ns',
      width: 'minmax(80px, 0.8fr)',
      sortValue: (c) => c.namespace,
      render: (c) => c.namespace,
    },
    {
      key: 'image',
      title: 'Image',
      width: 'minmax(115px, 2fr)',
      sortValue: (c) => c.image,
      render: (c) => (
        <span className="mono" title={c.image}>
          {c.image}
        </span>
      ),
    },
    {
      key: 'state',
      title: 'State',
      width: '90px',
      sortValue: (c) => c.status,
      render: (c) => (
        <Badge tone={STATE_TONE[c.status]} testId="container-state">
          <span title={c.exitedAt ? `exited at ${formatDate(c.exitedAt)}` : undefined}>{containerStatusLabel(c)}</span>
        </Badge>
      ),
    },
    {
      key: 'pid',
      title: 'PID',
      width: '70px',
      numeric: true,
      sortValue: (c) => c.pid ?? 0,
      render: (c) => c.pid ?? '—',
    },
    {
      key: 'runtime',
      title: 'Runtime',
      width: 'minmax(90px, 1fr)',
      sortValue: (c) => c.runtime,
      render: (c) => <span className="mono">{c.runtime}</span>,
    },
    {
      key: 'created',
      title: 'Created',
      width: 'minmax(100px, 1.2fr)',
      sortValue: (c) => c.createdAt ?? '',
      render: (c) => formatDate(c.createdAt),
    },
  ];
  if (canCheckpoint) {
    columns.push({
      key: 'actions',
      title: '',
      width: '136px',
      render: (c) =>
        c.sandbox ? (
          <span className="muted" title="A pod's sandbox is not checkpointed: checkpoint one of its containers">
            pod
          </span>
        ) : c.status === 'running' ? (
          <button
            className="btn small"
            data-testid={`checkpoint-${c.name}`}
            onClick={(e) => {
              e.stopPropagation();
              onCheckpoint(c);
            }}
          >
            <Camera size={13} aria-hidden /> Checkpoint
          </button>
        ) : c.status === 'paused' ? (
          // Paused by anyone (a checkpoint containerd's absence stopped from resuming, or `ctr task pause`).
          <button
            className="btn small"
            data-testid={`resume-${c.name}`}
            title="Resume the container's processes (containerd Tasks.Resume)"
            onClick={(e) => {
              e.stopPropagation();
              onResume(c);
            }}
          >
            <Play size={13} aria-hidden /> Resume
          </button>
        ) : null,
    });
  }
  return columns;
}
