import type { ConnectionStatus, ContainerInfo } from '../../../shared/dto';

export function namespacesOf(containers: readonly ContainerInfo[]): string[] {
  return [...new Set(containers.map((c) => c.namespace))].sort();
}

/** Containers in `namespace` (all when empty) with the needle in a name, id, image, pod or state. */
export function filterContainers(containers: ContainerInfo[], filter: string, namespace: string): ContainerInfo[] {
  const needle = filter.trim().toLowerCase();
  return containers.filter(
    (c) =>
      (!namespace || c.namespace === namespace) &&
      (!needle ||
        [c.name, c.id, c.image, c.podName ?? '', c.podNamespace ?? '', c.status].some((v) =>
          v.toLowerCase().includes(needle),
        )),
  );
}

/**
 * Whether a connection change calls for listing again: containerd events are
 * lost while the watch is down, so every (re)connection refetches.
 */
export function needsRefetch(previous: ConnectionStatus['state'] | null, next: ConnectionStatus): boolean {
  return next.state === 'connected' && previous !== 'connected';
}
