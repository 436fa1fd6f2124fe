import type { ContainerInfo } from '../../../shared/dto';

export interface PodGroups {
  rows: ContainerInfo[];
  /** Containers listed beneath their pod's row. */
  nested: ReadonlySet<ContainerInfo>;
}

const keyOf = (namespace: string, id: string) => `${namespace}/${id}`;

/**
 * Rows grouped as pods, the way Podman Desktop and Headlamp show them: each
 * pod's sandbox (the pod's row) followed by its containers; containers of no
 * pod after, in the order given. A shown container brings its pod's row
 * (looked up in `all`), so a filter never orphans it.
 */
export function groupByPod(shown: readonly ContainerInfo[], all: readonly ContainerInfo[] = shown): PodGroups {
  const sandboxes = new Map(all.filter((c) => c.sandbox).map((c) => [keyOf(c.namespace, c.id), c]));
  const members = new Map<ContainerInfo, ContainerInfo[]>();
  const pods = new Set(shown.filter((c) => c.sandbox));
  for (const c of shown) {
    const pod = c.sandboxId ? sandboxes.get(keyOf(c.namespace, c.sandboxId)) : undefined;
    if (!pod) continue;
    pods.add(pod);
    members.set(pod, [...(members.get(pod) ?? []), c]);
  }
  const nested = new Set<ContainerInfo>();
  const rows: ContainerInfo[] = [];
  for (const pod of pods) {
    const inside = members.get(pod) ?? [];
    inside.forEach((c) => nested.add(c));
    rows.push(pod, ...inside);
  }
  const placed = new Set(rows);
  return { rows: [...rows, ...shown.filter((c) => !placed.has(c))], nested };
}
