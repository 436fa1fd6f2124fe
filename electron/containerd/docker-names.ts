// Docker's containers (containerd namespace `moby`) under the names Docker
// gives them. containerd knows them only by their 64-hex id, so the name comes
// from the Engine API when it answers, else from Docker's config.v2.json found
// through the container's spec, else the id stays the name.
import type { ContainerInfo } from '../../shared/dto/containerd';
import { dockerConfigName } from './docker-config-file';
import type { DockerEngine } from './docker-engine';
import type { ContainerRecord } from './messages';

export const DOCKER_NAMESPACE = 'moby';
/** Set by dockerd's libcontainerd on every container it makes (the bundle folder). */
export const DOCKER_BUNDLE_LABEL = 'com.docker/engine.bundle.path';

export function isDockerContainer(namespace: string, record: Pick<ContainerRecord, 'labels'>): boolean {
  return namespace === DOCKER_NAMESPACE || record.labels?.[DOCKER_BUNDLE_LABEL] !== undefined;
}

/** Docker names by container id, for the Docker containers among `records`. */
export async function dockerNames(
  namespace: string,
  records: readonly ContainerRecord[],
  engine: DockerEngine,
  containerdPid: () => Promise<number | null>,
): Promise<Map<string, string>> {
  const docker = records.filter((r) => isDockerContainer(namespace, r));
  if (docker.length === 0) return new Map();
  const answer = await engine.names(docker.map((r) => r.id));
  const names = answer.ok ? new Map(answer.value) : new Map<string, string>();
  const missing = docker.filter((r) => !names.has(r.id));
  if (missing.length > 0) {
    const pid = await containerdPid().catch(() => null);
    for (const r of missing) {
      const name = await dockerConfigName(r, pid);
      if (name) names.set(r.id, name);
    }
  }
  return names;
}

/** The listing with Docker's names in place of ids, in the listing's order (by name). */
export function withDockerNames(infos: ContainerInfo[], names: ReadonlyMap<string, string>): ContainerInfo[] {
  if (names.size === 0) return infos;
  return infos
    .map((c) => {
      const name = names.get(c.id);
      return name && c.name === c.id ? { ...c, name } : c;
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
