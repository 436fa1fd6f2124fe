// The testbed's workloads, made through CRI (web, worker, memhog), through ctr
// (plain) and through Docker (docker). Facts recorded here are what tests and
// fixture manifests assert. Each suite has its own cgroup parent (lib.sh,
// recorded in the state file), passed in here.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { criRuntimeClient, type UnaryClient } from './grpc.js';
import { ctr } from './ns-exec.js';
import { environ, listeningTcpPorts, processTree } from './procfs.js';
import type { CriWorkload, MemoryWorkload, PlainWorkload, TestbedState, WebWorkload, WorkerWorkload } from './state.js';

export const TESTBED_LABEL = 'checkpoint-inspector/testbed';
export const POD_NAMESPACE = 'testbed';

/** What starting a workload needs to know about its suite's running testbed. */
export type WorkloadHost = Pick<TestbedState, 'socket' | 'image' | 'cgroupParent'>;
// What kubelet sets for a v1 pod: each container has its own pid namespace
// (so its first process is pid 1), network and IPC are the pod's.
const POD_NAMESPACES = { network: 'POD', pid: 'CONTAINER', ipc: 'POD' };
export const WEB_PORT = 8080;
export const WEB_SECRET = {
  key: 'AWS_SECRET_ACCESS_KEY',
  value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
export const WEB_ENV: Record<string, string> = {
  APP_MODE: 'testbed',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  [WEB_SECRET.key]: WEB_SECRET.value,
};
export const WEB_SCRIPT = [
  'echo "web started" > /data/log.txt',
  `/usr/sbin/httpd -f -p ${WEB_PORT} -h /www &`,
  '/usr/bin/tail -f /data/log.txt &',
  'wait',
].join('\n');
export const WEB_AFTER_START = [
  'echo "written after start" > /data/written-after-start.txt',
  'echo "changed after start" >> /www/index.html',
  'rm /etc/testbed-delete-me.txt',
  'echo "second line" >> /data/log.txt',
].join(' && ');
export const WEB_COMMAND = ['/bin/sh', '-c', WEB_SCRIPT];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) {
      const why = last instanceof Error ? last.message : '';
      throw new Error(`timed out waiting for ${what}: ${why}`);
    }
    await sleep(200);
  }
}

interface StatusResponse {
  status: { conditions: { type: string; status: boolean; reason: string; message: string }[] };
}

/** Waits until CRI reports RuntimeReady and NetworkReady. */
export async function waitCriReady(socket: string, timeoutMs = 120_000): Promise<void> {
  const cri = criRuntimeClient(socket);
  try {
    await until('CRI RuntimeReady and NetworkReady', timeoutMs, async () => {
      const res = await cri.call<StatusResponse>('Status', {}, 5000);
      const ok = (t: string) => res.status.conditions.some((c) => c.type === t && c.status);
      return ok('RuntimeReady') && ok('NetworkReady') ? true : undefined;
    });
  } finally {
    cri.close();
  }
}

interface CriPodSpec {
  cgroupParent: string;
  podName: string;
  podLabels: Record<string, string>;
  containerName: string;
  containerLabels: Record<string, string>;
  image: string;
  command: string[];
  env?: Record<string, string>;
  mounts?: { containerPath: string; hostPath: string; readonly: boolean }[];
  /** More of the container's CRI LinuxContainerSecurityContext (e.g. seccomp: { profileType: 'RuntimeDefault' }). */
  securityContext?: Record<string, unknown>;
}

async function containerHostPid(cri: UnaryClient, containerId: string): Promise<number> {
  return until(`pid of ${containerId}`, 60_000, async () => {
    const res = await cri.call<{ status: { state: string }; info: Record<string, string> }>('ContainerStatus', {
      containerId,
      verbose: true,
    });
    if (res.status.state !== 'CONTAINER_RUNNING') return undefined;
    const pid = (JSON.parse(res.info.info ?? '{}') as { pid?: number }).pid;
    return pid && pid > 0 ? pid : undefined;
  });
}

/** Removes every pod of ours named `podName` (any state). */
export async function removeCriPod(socket: string, podName: string): Promise<void> {
  const cri = criRuntimeClient(socket);
  try {
    const { items } = await cri.call<{ items: { id: string; metadata: { name: string } }[] }>('ListPodSandbox', {
      filter: { labelSelector: { [TESTBED_LABEL]: 'true' } },
    });
    for (const pod of items.filter((p) => p.metadata.name === podName)) {
      await cri.call('StopPodSandbox', { podSandboxId: pod.id }, 60_000);
      await cri.call('RemovePodSandbox', { podSandboxId: pod.id }, 60_000);
    }
  } finally {
    cri.close();
  }
}

export async function runCriPod(socket: string, spec: CriPodSpec): Promise<CriWorkload> {
  await removeCriPod(socket, spec.podName);
  const cri = criRuntimeClient(socket);
  try {
    const uid = `checkpoint-inspector-${spec.podName}`;
    const podLabels = { ...spec.podLabels, [TESTBED_LABEL]: 'true' };
    const sandboxConfig = {
      metadata: { name: spec.podName, uid, namespace: POD_NAMESPACE, attempt: 0 },
      hostname: spec.podName,
      logDirectory: `/var/log/pods/${POD_NAMESPACE}_${spec.podName}_${uid}`,
      labels: podLabels,
      // Our own cgroup subtree, so down.sh removes exactly what we made.
      linux: {
        cgroupParent: `/${spec.cgroupParent}`,
        securityContext: { namespaceOptions: POD_NAMESPACES },
      },
    };
    const { podSandboxId } = await cri.call<{ podSandboxId: string }>(
      'RunPodSandbox',
      { config: sandboxConfig },
      120_000,
    );
    const { containerId } = await cri.call<{ containerId: string }>(
      'CreateContainer',
      {
        podSandboxId,
        sandboxConfig,
        config: {
          metadata: { name: spec.containerName, attempt: 0 },
          image: { image: spec.image },
          command: spec.command,
          envs: Object.entries(spec.env ?? {}).map(([key, value]) => ({ key, value })),
          mounts: spec.mounts ?? [],
          labels: spec.containerLabels,
          logPath: `${spec.containerName}/0.log`,
          linux: { securityContext: { namespaceOptions: POD_NAMESPACES, ...spec.securityContext } },
        },
      },
      60_000,
    );
    await cri.call('StartContainer', { containerId }, 60_000);
    const hostPid = await containerHostPid(cri, containerId);
    return {
      namespace: 'k8s.io',
      podSandboxId,
      pod: { name: spec.podName, namespace: POD_NAMESPACE, uid, labels: podLabels },
      containerId,
      containerName: spec.containerName,
      containerLabels: spec.containerLabels,
      image: spec.image,
      hostPid,
    };
  } finally {
    cri.close();
  }
}

export async function execSync(
  socket: string,
  containerId: string,
  cmd: string[],
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const cri = criRuntimeClient(socket);
  try {
    const res = await cri.call<{ stdout: Buffer; stderr: Buffer; exitCode: number }>(
      'ExecSync',
      { containerId, cmd, timeout: 30 },
      40_000,
    );
    return { stdout: res.stdout.toString(), stderr: res.stderr.toString(), exitCode: res.exitCode };
  } finally {
    cri.close();
  }
}

/** The `web` pod: sh -> httpd (listening) + tail -f (a regular file open). */
export async function startWeb(host: WorkloadHost): Promise<WebWorkload> {
  const { socket, image } = host;
  const base = await runCriPod(socket, {
    cgroupParent: host.cgroupParent,
    podName: 'web',
    podLabels: { app: 'web' },
    containerName: 'web',
    containerLabels: { app: 'web', tier: 'frontend' },
    image,
    command: WEB_COMMAND,
    env: WEB_ENV,
  });
  await until('web: 3 processes and a listener', 60_000, async () => {
    const ok = processTree(base.hostPid).length >= 3 && listeningTcpPorts(base.hostPid).includes(WEB_PORT);
    return ok ? true : undefined;
  });
  const res = await execSync(socket, base.containerId, ['/bin/sh', '-c', WEB_AFTER_START]);
  if (res.exitCode !== 0) throw new Error(`web after-start step failed: ${res.stderr}`);
  const processes = processTree(base.hostPid);
  const env = environ(base.hostPid);
  for (const [k, v] of Object.entries(WEB_ENV)) {
    if (env[k] !== v) throw new Error(`web: env ${k} is not what was set`);
  }
  return {
    ...base,
    port: WEB_PORT,
    env: WEB_ENV,
    secretEnv: WEB_SECRET,
    openFile: '/data/log.txt',
    filesAdded: ['/data/log.txt', '/data/written-after-start.txt'],
    filesChanged: ['/www/index.html'],
    filesDeleted: ['/etc/testbed-delete-me.txt'],
    processes,
    listeningPorts: listeningTcpPorts(base.hostPid),
  };
}

export const WORKER_SCRIPT = [
  'echo "worker started" > /data/log.txt',
  '/usr/bin/tail -f /data/log.txt &',
  // a loop, as in the plain container: a checkpoint ends an interrupted sleep early
  'while :; do /bin/sleep 3600; done',
].join('\n');
export const WORKER_AFTER_START = 'echo "written after start" > /data/written-after-start.txt';

/**
 * The `worker` pod (trixie): `web` without httpd, since CRIU 4.1.1 cannot dump
 * a listening TCP socket on this kernel. sh -> tail -f (a regular file open).
 */
export async function startWorker(host: WorkloadHost): Promise<WorkerWorkload> {
  const base = await runCriPod(host.socket, {
    cgroupParent: host.cgroupParent,
    podName: 'worker',
    podLabels: { app: 'worker' },
    containerName: 'worker',
    containerLabels: { app: 'worker' },
    image: host.image,
    command: ['/bin/sh', '-c', WORKER_SCRIPT],
  });
  await until('worker: sh and tail', 60_000, () =>
    Promise.resolve(processTree(base.hostPid).some((p) => p.comm === 'tail') ? true : undefined),
  );
  const res = await execSync(host.socket, base.containerId, ['/bin/sh', '-c', WORKER_AFTER_START]);
  if (res.exitCode !== 0) throw new Error(`worker after-start step failed: ${res.stderr}`);
  return {
    ...base,
    openFile: '/data/log.txt',
    filesAdded: ['/data/log.txt', '/data/written-after-start.txt'],
    processes: processTree(base.hostPid),
  };
}

/** A container made with ctr in the `default` namespace, for the native path. */
export async function startPlain(containerdPid: number, host: WorkloadHost): Promise<PlainWorkload> {
  const { image } = host;
  const id = 'testbed-plain';
  // A loop, not `sleep & wait` or `exec sleep`: a checkpoint (CRIU's dump
  // with leave-running) ends an interrupted `wait` or nanosleep early (exit 0);
  // the loop just sleeps again, so the container keeps running.
  const argv = ['/bin/sh', '-c', 'echo plain > /tmp/plain.txt; while :; do /bin/sleep 3600; done'];
  await ctr(containerdPid, 'default', ['tasks', 'kill', '-s', 'KILL', id]).catch(() => '');
  await sleep(200);
  await ctr(containerdPid, 'default', ['tasks', 'delete', '-f', id]).catch(() => '');
  await ctr(containerdPid, 'default', ['containers', 'delete', id]).catch(() => '');
  await ctr(containerdPid, 'default', [
    'run',
    '-d',
    '--label',
    `${TESTBED_LABEL}=true`,
    '--cgroup',
    `/${host.cgroupParent}/${id}`,
    image,
    id,
    ...argv,
  ]);
  const hostPid = await until('plain task pid', 60_000, async () => {
    const out = await ctr(containerdPid, 'default', ['tasks', 'ls']);
    const row = out
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((cols) => cols[0] === id && cols[2] === 'RUNNING');
    return row ? Number(row[1]) : undefined;
  });
  return { namespace: 'default', containerId: id, image, hostPid, argv };
}

/**
 * A pod `mem-<mib>` whose container runs memhog over `mib` MiB; waits until
 * memhog has written its layout (the planted strings' addresses).
 */
export async function startMemory(
  host: WorkloadHost & Pick<TestbedState, 'memhogBinary' | 'memDir'>,
  mib: number,
): Promise<MemoryWorkload> {
  const { socket, image, memhogBinary, memDir } = host;
  const name = `mem-${mib}`;
  const layoutFile = path.join(memDir, `${name}.json`);
  rmSync(layoutFile, { force: true });
  const base = await runCriPod(socket, {
    cgroupParent: host.cgroupParent,
    podName: name,
    podLabels: { app: 'memhog' },
    containerName: 'memhog',
    containerLabels: { app: 'memhog', mib: String(mib) },
    image,
    command: ['/opt/testbed/memhog', String(mib), `/out/${name}.json`],
    mounts: [
      { containerPath: '/opt/testbed/memhog', hostPath: memhogBinary, readonly: true },
      { containerPath: '/out', hostPath: memDir, readonly: false },
    ],
  });
  const layout = await until(`memhog layout ${layoutFile}`, 60_000, () =>
    Promise.resolve(
      existsSync(layoutFile) ? (JSON.parse(readFileSync(layoutFile, 'utf8')) as MemoryWorkload['layout']) : undefined,
    ),
  );
  return { ...base, mib, layout };
}
