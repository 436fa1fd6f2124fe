import { listCheckpointImages, writeCheckpointImage } from '../containerd/checkpoint-images';
import type { ConnectionStatus } from '../../shared/dto';
import { AppError, toErrorInfo } from '../../shared/errors';
import { checkpointContainer } from '../checkpoint';
import { checkpointWithJournal } from '../checkpoint/journal-run';
import { planCheckpointPath } from '../checkpoint/plan';
import { resumeTask } from '../checkpoint/task-control';
import { createContainerdClient, type ContainerdClient } from '../containerd';
import { containerDetails } from '../containerd/container-details';
import { refuseSandbox } from '../containerd/pod-sandbox';
import type { EventBus } from './event-bus';
import type { ContainerdPort } from './ports';

/**
 * One containerd connection for the app: connect (or reconnect to another
 * socket), the live watch that turns containerd events into
 * `containers.changed`, and the status the UI shows.
 */
export function createContainerdPort(events: EventBus, initialSocket: string, journalDir?: string): ContainerdPort {
  let client: ContainerdClient | null = null;
  let stopWatch: (() => void) | null = null;
  let status: ConnectionStatus = { state: 'disconnected', socketPath: initialSocket, version: null, error: null };
  // Connects may overlap (the start-up one and the user's); only the latest may set the status.
  let attempt = 0;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    events.emit('connection.changed', next);
  };

  const disconnect = () => {
    stopWatch?.();
    stopWatch = null;
    client?.close();
    client = null;
  };

  const requireClient = (): ContainerdClient => {
    if (!client) throw new AppError('CONTAINERD_UNREACHABLE', `not connected to containerd at ${status.socketPath}`);
    return client;
  };

  return {
    status: () => status,
    connect: async (socketPath) => {
      const mine = ++attempt;
      disconnect();
      setStatus({ state: 'connecting', socketPath, version: null, error: null });
      const next = createContainerdClient({ socketPath });
      try {
        const { version } = await next.version();
        if (mine !== attempt) {
          next.close();
          return status;
        }
        client = next;
        setStatus({ state: 'connected', socketPath, version, error: null });
        stopWatch = next.watch(
          (event) => events.emit('containers.changed', { namespace: event.namespace, reason: event.topic }),
          (watchStatus) => {
            if (watchStatus.state === 'error' || watchStatus.state === 'connected') {
              setStatus({ ...watchStatus, version: watchStatus.version ?? status.version });
            }
          },
        );
      } catch (error) {
        next.close();
        if (mine === attempt) setStatus({ state: 'error', socketPath, version: null, error: toErrorInfo(error) });
      }
      return status;
    },
    containers: async (namespaces) => requireClient().listContainers(namespaces),
    checkpointImages: async (namespaces) => {
      const client = requireClient();
      const list = namespaces && namespaces.length > 0 ? [...new Set(namespaces)] : await client.namespaces();
      return listCheckpointImages(client.rpc, list);
    },
    writeCheckpointImage: async (namespace, name, outputPath, signal) =>
      writeCheckpointImage(requireClient().rpc, namespace, name, outputPath, signal),
    details: async (namespace, id) => containerDetails(await requireClient().getContainer(namespace, id)),
    // With a journal, a checkpoint this process cannot finish (killed) is finished by the next start.
    checkpoint: async (req, ctx) =>
      journalDir
        ? checkpointWithJournal(requireClient(), req, ctx, journalDir)
        : checkpointContainer(requireClient(), req, ctx),
    // Early, before a job: a known sandbox is refused. A container containerd cannot show now (unreachable, gone)
    // is left to the checkpoint job, which says why and refuses a sandbox itself.
    assertCheckpointable: async (namespace, id) => {
      const record = await Promise.resolve()
        .then(() => requireClient().getContainer(namespace, id))
        .catch(() => null);
      if (record) refuseSandbox(record);
    },
    planCheckpoint: async (req) => {
      let connected: ContainerdClient;
      try {
        connected = requireClient();
      } catch (error) {
        return { containerdSees: null, path: null, pathError: toErrorInfo(error) };
      }
      return planCheckpointPath(connected, req);
    },
    resume: async (namespace, id) => resumeTask(requireClient().rpc, namespace, id, 0, () => undefined),
    close: disconnect,
  };
}
