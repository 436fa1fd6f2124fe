// Where Docker's Engine API may answer. dockerd runs beside the containerd it
// uses, so when its socket is not where this process looks (a VM's or a
// container's mount namespace, as with the testbed), it is usually found
// through containerd's own root (/proc/PID/root), as we read CRIU's folders.

/** dockerd's socket when nothing names one. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export interface DockerSocketSources {
  /** Named for this run (an option or a setting); wins over DOCKER_HOST. */
  explicit?: string | null | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * The unix socket paths to try, in order: the explicit one, DOCKER_HOST when
 * it is a unix:// URL (what the docker CLI honours; tcp:// and ssh:// hosts
 * need TLS or a tunnel we do not speak, so they are skipped), the default,
 * and the default seen through containerd's root.
 */
export function dockerSocketCandidates(sources: DockerSocketSources, containerdPid: number | null): string[] {
  const out: string[] = [];
  const add = (raw: string | null | undefined) => {
    const p = unixPath(raw);
    if (p && !out.includes(p)) out.push(p);
  };
  add(sources.explicit);
  add((sources.env ?? process.env).DOCKER_HOST);
  add(DEFAULT_DOCKER_SOCKET);
  if (containerdPid !== null) add(`/proc/${containerdPid}/root${DEFAULT_DOCKER_SOCKET}`);
  return out;
}

function unixPath(raw: string | null | undefined): string | null {
  const given = raw?.trim();
  if (!given) return null;
  if (given.startsWith('unix://')) return given.slice('unix://'.length) || null;
  if (given.startsWith('/')) return given;
  return null;
}
