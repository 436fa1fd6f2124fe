// A Docker container's name when the Engine API does not answer: containerd
// holds no name for Docker's containers (no label, nothing in the spec), but
// the spec's /etc/hostname mount comes from Docker's own folder for the
// container, beside the config.v2.json where dockerd keeps its name.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { dockerName } from './docker-engine';
import { readablePath } from './docker-paths';
import type { ContainerRecord } from './messages';
import { readSpec } from './oci-spec';

const MAX_CONFIG = 4 * 1024 * 1024;
const DOCKER_FILES = new Set(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);

/** Docker's folder for the container (…/containers/ID), from the spec's mounts, as a path in containerd's namespace. */
export function dockerContainerFolder(record: ContainerRecord): string | null {
  const mounts = readSpec(record).spec?.['mounts'];
  if (!Array.isArray(mounts)) return null;
  for (const m of mounts as { destination?: unknown; source?: unknown }[]) {
    if (typeof m?.destination !== 'string' || !DOCKER_FILES.has(m.destination) || typeof m.source !== 'string')
      continue;
    const dir = path.posix.dirname(m.source);
    if (path.posix.isAbsolute(dir) && path.posix.basename(dir) === record.id) return dir;
  }
  return null;
}

/** Docker's name and image for the container in config.v2.json, if that file is there, small, and about this container. */
export async function dockerConfig(
  record: ContainerRecord,
  containerdPid: number | null,
): Promise<{ name: string | null; image: string | null } | null> {
  const dir = dockerContainerFolder(record);
  if (!dir) return null;
  const file = await readablePath(`${dir}/config.v2.json`, containerdPid);
  if (!file) return null;
  try {
    const fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const st = await fh.stat();
      if (!st.isFile() || st.size > MAX_CONFIG) return null;
      const config = JSON.parse((await fh.readFile()).toString('utf8')) as {
        ID?: unknown;
        Name?: unknown;
        Config?: { Image?: unknown } | null;
      } | null;
      if (config?.ID !== record.id) return null;
      const image = config.Config?.Image;
      return { name: dockerName(config.Name), image: typeof image === 'string' && image ? image : null };
    } finally {
      await fh.close();
    }
  } catch {
    return null;
  }
}
