// Docker's containers (containerd namespace `moby`) under the names Docker
// gives them. containerd knows them only by their 64-hex id, so the name comes
// from the Engine API when it answers, else from Docker's config.v2.json found
// through the container's spec, else the id stays the name.
import type { ContainerInfo } from '../../shared/dto/containerd';
import { dockerConfig } from './docker-config-file';
import type { DockerEngine, DockerListed } from './docker-engine';
import type { ContainerRecord } from './messages';

export const DOCKER_NAMESPACE = 'moby';
/** Set by dockerd's libcontainerd on every container it makes (the bundle folder). */
export const DOCKER_BUNDLE_LABEL = 'com.docker/engine.bundle.path';

export function isDockerContainer(namespace: string, record: Pick<ContainerRecord, 'labels'>): boolean {
  return namespace === DOCKER_NAMESPACE || record.labels?.[DOCKER_BUNDLE_LABEL] !== undefined;
}

/** Docker's names (and images) by container id, for the Docker containers among `records`. */
export async function dockerNames(
  namespace: string,
  records: readonly ContainerRecord[],
  engine: DockerEngine,
  containerdPid: () => Promise<number | null>,
): Promise<Map<string, DockerListed>> {
  const docker = records.filter((r) => isDockerContainer(namespace, r));
  if (docker.length === 0) return new Map();
  const answer = await engine.names(docker.map((r) => r.id));
  const names = answer.ok ? new Map(answer.value) : new Map<string, DockerListed>();
  const missing = docker.filter((r) => !names.has(r.id));
  if (missing.length > 0) {
    const pid = await containerdPid().catch(() => null);
    for (const r of missing) {
      const own = await dockerConfig(r, pid);
      if (own?.name) names.set(r.id, { name: own.name, image: own.image });
    }
  }
  return names;
}

/** The listing with Docker's names in place of ids (and its images where containerd has none), in name order. */
export function withDockerNames(infos: ContainerInfo[], names: ReadonlyMap<string, DockerListed>): ContainerInfo[] {
  if (names.size === 0) return infos;
  return infos
    .map((c) => {
      const docker = names.get(c.id);
      if (!docker || c.name !== c.id) return c;
      return { ...c, name: docker.name, image: c.image || (docker.image ?? '') };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
