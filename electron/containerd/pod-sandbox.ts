// Which containerd containers are a pod's sandbox (the "pause" container that
// holds the pod's namespaces). A sandbox is shown as its pod and is never
// checkpointed: containerd's CRI refuses it, and a native dump of it ends the
// pod (measured: the sandbox task exited 0.3 s after a "successful" dump).
import { AppError } from '../../shared/errors';
import { criMetadata } from './cri-metadata';
import type { ContainerRecord } from './messages';

/** Labels that mark a sandbox: containerd's CRI, and cri-dockerd/dockershim on Docker. */
const SANDBOX_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['io.cri-containerd.kind', 'sandbox'],
  ['io.kubernetes.docker.type', 'podsandbox'],
];

export interface PodSandbox {
  podName: string | null;
  podNamespace: string | null;
}

/** The pod a sandbox stands for, or null when the record is no sandbox. */
export function podSandbox(record: ContainerRecord): PodSandbox | null {
  const labels = record.labels ?? {};
  const meta = criMetadata(record);
  const labelled = SANDBOX_LABELS.some(([key, value]) => labels[key] === value);
  if (!labelled && meta?.kind !== 'sandbox') return null;
  return {
    podName: labels['io.kubernetes.pod.name'] ?? (meta?.kind === 'sandbox' ? meta.configName : null),
    podNamespace: labels['io.kubernetes.pod.namespace'] ?? (meta?.kind === 'sandbox' ? meta.configNamespace : null),
  };
}

/** SANDBOX_NOT_CHECKPOINTABLE for a sandbox, said before anything is paused or dumped. */
export function refuseSandbox(record: ContainerRecord): void {
  const pod = podSandbox(record);
  if (!pod) return;
  const name = pod.podName ? `pod "${pod.podNamespace ? `${pod.podNamespace}/` : ''}${pod.podName}"` : 'a pod';
  throw new AppError(
    'SANDBOX_NOT_CHECKPOINTABLE',
    `${record.id.slice(0, 12)} is the sandbox of ${name}, not one of its containers: a sandbox cannot be checkpointed ` +
      `(dumping it would end the pod). Checkpoint one of the pod's containers instead. Nothing was paused.`,
    { containerId: record.id, podName: pod.podName, podNamespace: pod.podNamespace },
  );
}
