// Builds the ContainerInfo the UI shows from a containerd container record
// and its task, using Kubernetes labels and CRI metadata when present.
import type { ContainerInfo, TaskStatus } from '../../shared/dto/containerd';
import { criMetadata, type CriMetadata } from './cri-metadata';
import { timestampToIso, type ContainerRecord, type ProcessRecord, type ProcessStatus } from './messages';

export const LABEL = {
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  containerName: 'io.kubernetes.container.name',
  criKind: 'io.cri-containerd.kind',
} as const;

const STATUS: Record<ProcessStatus, TaskStatus> = {
  UNKNOWN: 'unknown',
  CREATED: 'created',
  RUNNING: 'running',
  STOPPED: 'stopped',
  PAUSED: 'paused',
  PAUSING: 'pausing',
};

export function taskStatus(task: ProcessRecord | undefined | null): TaskStatus {
  if (!task) return 'none';
  return STATUS[task.status] ?? 'unknown';
}

/** Tasks.List names the container in `id` (containerd 2.x) or `container_id`. */
export function taskContainerId(task: ProcessRecord): string {
  return task.container_id || task.id;
}

export function toContainerInfo(
  namespace: string,
  record: ContainerRecord,
  task?: ProcessRecord | null,
  sandboxOf?: (sandboxId: string) => CriMetadata | null,
): ContainerInfo {
  const labels = { ...(record.labels ?? {}) };
  const kind = labels[LABEL.criKind];
  const meta = criMetadata(record);
  const pod = meta?.kind === 'sandbox' ? meta : meta?.sandboxId ? (sandboxOf?.(meta.sandboxId) ?? null) : null;
  const podName = labels[LABEL.podName] ?? pod?.configName ?? null;
  const podNamespace = labels[LABEL.podNamespace] ?? pod?.configNamespace ?? null;
  const containerName = labels[LABEL.containerName] ?? (meta?.kind === 'container' ? meta.configName : null);
  const name = (kind === 'sandbox' || meta?.kind === 'sandbox' ? podName : containerName) ?? meta?.name ?? record.id;
  const status = taskStatus(task);
  return {
    namespace,
    id: record.id,
    name,
    podName,
    podNamespace,
    containerName,
    image: record.image ?? '',
    runtime: record.runtime?.name ?? '',
    labels,
    createdAt: timestampToIso(record.created_at),
    status,
    pid: task && task.pid > 0 && status !== 'stopped' ? task.pid : null,
    cri: kind === 'container',
  };
}

export function joinContainersAndTasks(
  namespace: string,
  records: ContainerRecord[],
  tasks: ProcessRecord[],
): ContainerInfo[] {
  const taskById = new Map(tasks.map((t) => [taskContainerId(t), t]));
  const sandboxes = new Map<string, CriMetadata>();
  for (const r of records) {
    const meta = criMetadata(r);
    if (meta?.kind === 'sandbox') sandboxes.set(r.id, meta);
  }
  return records
    .map((r) => toContainerInfo(namespace, r, taskById.get(r.id), (id) => sandboxes.get(id) ?? null))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
