// The containerd client the app, the CLI and the checkpoint code share.
import type { ConnectionStatus, ContainerInfo } from '../../shared/dto/containerd';
import { AppError } from '../../shared/errors';
import { normalizeSocketPath } from './address';
import { joinContainersAndTasks, LABEL } from './container-info';
import { criStatuses, type CriContainerStatus } from './cri-status';
import { createDockerEngine, type DockerEngine } from './docker-engine';
import { dockerNames, withDockerNames } from './docker-names';
import type { ContainerRecord, ProcessRecord } from './messages';
import { Rpc } from './rpc';
import { getTask } from './tasks';
import { watchEvents, type ContainerdEvent } from './watch';

export interface ContainerdClientOptions {
  /** Default: /run/containerd/containerd.sock; callers pick the socket with electron/app/defaults.ts chooseSocketPath. */
  socketPath?: string;
  /** Deadline of each short call; long calls (checkpoint, reads) set their own. */
  callTimeoutMs?: number;
  /** dockerd's socket, for the names of Docker's containers; default DOCKER_HOST, then Docker's default (electron/containerd/docker-socket.ts). */
  dockerSocket?: string | null;
}

export interface ContainerdClient {
  readonly socketPath: string;
  /** The shared channel; lower-level calls for the checkpoint code. */
  readonly rpc: Rpc;
  /** Docker's Engine API beside this containerd (names, storage of Docker's containers); may not answer. */
  readonly docker: DockerEngine;
  version(): Promise<{ version: string; revision: string }>;
  namespaces(): Promise<string[]>;
  listContainers(namespaces?: string[]): Promise<ContainerInfo[]>;
  getContainer(namespace: string, id: string): Promise<ContainerRecord>;
  /** The container's task, or null when it has none. */
  getTask(namespace: string, id: string): Promise<ProcessRecord | null>;
  /** containerd's own pid, when it says (1.7+), to look for CRIU where it runs. */
  serverPid(): Promise<number | null>;
  watch(onEvent: (e: ContainerdEvent) => void, onStatus?: (s: ConnectionStatus) => void): () => void;
  close(): void;
}

export function createContainerdClient(opts: ContainerdClientOptions = {}): ContainerdClient {
  const socketPath = normalizeSocketPath(opts.socketPath);
  const rpc = new Rpc(socketPath, opts.callTimeoutMs ?? 10_000);
  const serverPid = async (): Promise<number | null> => {
    try {
      const res = await rpc.unary<{ pid: number }>('introspection', 'Server', {});
      return res.pid > 0 ? res.pid : null;
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONTAINERD_TOO_OLD') return null;
      throw error;
    }
  };
  const docker = createDockerEngine({ explicit: opts.dockerSocket, containerdPid: serverPid });

  const namespaces = async (): Promise<string[]> => {
    const res = await rpc.unary<{ namespaces: { name: string }[] }>('namespaces', 'List', {});
    return res.namespaces.map((n) => n.name).sort();
  };

  const listIn = async (namespace: string) => {
    const [containers, tasks] = await Promise.all([
      rpc.unary<{ containers: ContainerRecord[] }>('containers', 'List', {}, { namespace }),
      rpc.unary<{ tasks: ProcessRecord[] }>('tasks', 'List', {}, { namespace }),
    ]);
    return { namespace, containers: containers.containers, tasks: tasks.tasks };
  };

  return {
    socketPath,
    rpc,
    docker,
    version: async () => {
      const v = await rpc.unary<{ version: string; revision: string }>('version', 'Version', {});
      if (typeof v.version !== 'string' || !v.version) {
        throw new AppError('NOT_CONTAINERD', `${socketPath} answered Version without a version`);
      }
      return { version: v.version, revision: v.revision };
    },
    namespaces,
    listContainers: async (wanted) => {
      const list = wanted && wanted.length > 0 ? [...new Set(wanted)] : await namespaces();
      const perNamespace = await Promise.all(list.map(listIn));
      // CRI is asked after containerd, so a container that exits in between
      // reads exited (CRI), never running with a stale task.
      const anyCri = perNamespace.some((n) => n.containers.some((c) => c.labels?.[LABEL.criKind] === 'container'));
      const cri: Map<string, CriContainerStatus> | null = anyCri ? await criStatuses(rpc) : null;
      const named = perNamespace.map(async (n) =>
        withDockerNames(
          joinContainersAndTasks(n.namespace, n.containers, n.tasks, cri),
          await dockerNames(n.namespace, n.containers, docker, serverPid),
        ),
      );
      return (await Promise.all(named)).flat();
    },
    getContainer: async (namespace, id) => {
      const res = await rpc.unary<{ container: ContainerRecord | null }>('containers', 'Get', { id }, { namespace });
      if (!res.container) throw new AppError('NOT_FOUND', `container ${id} not found in namespace ${namespace}`);
      return res.container;
    },
    getTask: (namespace, id) => getTask(rpc, namespace, id),
    serverPid,
    watch: (onEvent, onStatus) => watchEvents(rpc, onEvent, onStatus),
    close: () => rpc.close(),
  };
}
