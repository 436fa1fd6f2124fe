// The Docker side of suites with docker.io (trixie): dockerd runs in the
// testbed's mount namespace on its containerd (namespace `moby`, overlay2), its
// socket bound to the host at state.docker.socket. The docker CLI is run in
// that namespace too (it is in the root fs, not on the host).
import path from 'node:path';
import { nsExec } from './ns-exec.js';
import type { DockerFacts, DockerWorkload } from './state.js';
import { TESTBED_LABEL } from './workloads.js';

/** dockerd's socket as seen inside the namespace (up.sh binds the host folder there). */
const DOCKER_HOST = 'unix:///run/testbed-docker/docker.sock';
export const DOCKER_CONTAINER_NAME = 'testbed-docker';
const AFTER_START_FILE = { path: '/data/written-after-start.txt', content: 'docker: written after start\n' };

/** `docker ARGS...` inside the testbed's mount namespace; its stdout. */
export function docker(containerdPid: number, args: string[]): Promise<string> {
  return nsExec(containerdPid, ['docker', '-H', DOCKER_HOST, ...args]);
}

/**
 * Starts (or restarts) the `testbed-docker` container, a long-running loop as
 * the plain one, then writes a known file into its root fs (its writable
 * layer, overlay2's upper directory). Returns its facts and dockerd's.
 */
export async function startDockerWorkload(
  containerdPid: number,
  image: string,
  hostSocket: string,
  rootfs: string,
  dockerdPid: number,
): Promise<{ workload: DockerWorkload; facts: DockerFacts; version: string }> {
  const name = DOCKER_CONTAINER_NAME;
  const argv = ['/bin/sh', '-c', 'echo docker > /tmp/docker.txt; while :; do /bin/sleep 3600; done'];
  await docker(containerdPid, ['rm', '-f', name]).catch(() => '');
  const id = (
    await docker(containerdPid, ['run', '-d', '--name', name, '--label', `${TESTBED_LABEL}=true`, image, ...argv])
  ).trim();
  await docker(containerdPid, [
    'exec',
    name,
    '/bin/sh',
    '-c',
    `mkdir -p ${path.posix.dirname(AFTER_START_FILE.path)} && printf '%s' '${AFTER_START_FILE.content}' > ${AFTER_START_FILE.path}`,
  ]);
  const [pid, driver] = (await docker(containerdPid, ['inspect', '-f', '{{.State.Pid}} {{.GraphDriver.Name}}', id]))
    .trim()
    .split(' ');
  const version = (await docker(containerdPid, ['version', '-f', '{{.Server.Version}}'])).trim();
  return {
    workload: {
      namespace: 'moby',
      containerId: id,
      name,
      image,
      hostPid: Number(pid),
      argv,
      fileWrittenAfterStart: AFTER_START_FILE,
    },
    facts: {
      socket: hostSocket,
      pid: dockerdPid,
      namespace: 'moby',
      graphDriver: driver ?? '',
      dataRoot: path.join(rootfs, 'var/lib/docker'),
    },
    version,
  };
}
