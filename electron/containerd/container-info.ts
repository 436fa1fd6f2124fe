// Builds the ContainerInfo the UI shows from a containerd container record
// and its task, using Kubernetes labels and CRI metadata when present.
import type { ContainerInfo } from '../../shared/dto/containerd';
import { containerState, isLive } from './container-state';
import { criMetadata, type CriMetadata } from './cri-metadata';
import { podSandbox } from './pod-sandbox';
import type { CriContainerStatus } from './cri-status';
import { timestampToIso, type ContainerRecord, type ProcessRecord } from './messages';

export const LABEL = {
  podName: 'io.kubernetes.pod.name',
  podNamespace: 'io.kubernetes.pod.namespace',
  containerName: 'io.kubernetes.container.name',
  criKind: 'io.cri-containerd.kind',
} as const;

/** Tasks.List names the container in `id` (containerd 2.x) or `container_id`. */
export function taskContainerId(task: ProcessRecord): string {
  return task.container_id || task.id;
}

export function toContainerInfo(
  namespace: string,
  record: ContainerRecord,
  task?: ProcessRecord | null,
  sandboxOf?: (sandboxId: string) => CriMetadata | null,
  criStatus?: CriContainerStatus | null,
): ContainerInfo {
  const labels = { ...(record.labels ?? {}) };
  const kind = labels[LABEL.criKind];
  const meta = criMetadata(record);
  const pod = meta?.kind === 'sandbox' ? meta : meta?.sandboxId ? (sandboxOf?.(meta.sandboxId) ?? null) : null;
  const podName = labels[LABEL.podName] ?? pod?.configName ?? null;
  const podNamespace = labels[LABEL.podNamespace] ?? pod?.configNamespace ?? null;
  const containerName = labels[LABEL.containerName] ?? (meta?.kind === 'container' ? meta.configName : null);
  const sandbox = podSandbox(record) !== null;
  const name = (sandbox ? podName : containerName) ?? meta?.name ?? record.id;
  const cri = kind === 'container';
  const state = containerState(task, cri ? criStatus : null);
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
    ...state,
    pid: task && task.pid > 0 && isLive(state.status) ? task.pid : null,
    cri,
    sandbox,
    sandboxId: meta?.kind === 'container' ? meta.sandboxId : null,
  };
}

export function joinContainersAndTasks(
  namespace: string,
  records: ContainerRecord[],
  tasks: ProcessRecord[],
  cri?: ReadonlyMap<string, CriContainerStatus> | null,
): ContainerInfo[] {
  const taskById = new Map(tasks.map((t) => [taskContainerId(t), t]));
  const sandboxes = new Map<string, CriMetadata>();
  for (const r of records) {
    const meta = criMetadata(r);
    if (meta?.kind === 'sandbox') sandboxes.set(r.id, meta);
  }
  return records
    .map((r) =>
      toContainerInfo(namespace, r, taskById.get(r.id), (id) => sandboxes.get(id) ?? null, cri?.get(r.id) ?? null),
    )
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
