// What a checkpoint into a folder would do, asked before it starts (the
// dialog's checkpoint.plan): whether containerd sees the folder, and the path
// choose-path.ts would take, or the refusal a start would meet (a sandbox,
// CRI into a folder containerd cannot see). Nothing is paused or written.
import path from 'node:path';
import type { CheckpointPlan, CheckpointVia } from '../../shared/dto';
import { toErrorInfo } from '../../shared/errors';
import type { ContainerdClient } from '../containerd/client';
import { refuseSandbox } from '../containerd/pod-sandbox';
import { choosePath } from './choose-path';
import { criuWritesHere } from './criu-folders';
import { containerdSeesFolder } from './shared-folder';

export interface PlanRequest {
  containerId: string;
  namespace: string;
  via: CheckpointVia;
  leaveRunning: boolean;
  tcpEstablished: boolean;
  /** An existing folder (the caller checked it). */
  folder: string;
}

export type PathPlan = Pick<CheckpointPlan, 'containerdSees' | 'path' | 'pathError'>;

export async function planCheckpointPath(client: ContainerdClient, req: PlanRequest): Promise<PathPlan> {
  let containerdSees: PathPlan['containerdSees'] = null;
  try {
    const container = await client.getContainer(req.namespace, req.containerId);
    refuseSandbox(container);
    const pid = await client.serverPid().catch(() => null);
    const view = await containerdSeesFolder(pid, req.folder);
    containerdSees = view.same
      ? { state: 'same', reason: `containerd${pid ? ` (pid ${pid})` : ''} sees ${req.folder} at the same path` }
      : { state: view.known ? 'other' : 'unknown', reason: view.reason };
    const choice = await choosePath(
      client,
      {
        containerId: req.containerId,
        namespace: req.namespace,
        via: req.via,
        leaveRunning: req.leaveRunning,
        timeoutSeconds: 1,
        outputPath: path.join(req.folder, 'planned.tar'),
        ...(req.tcpEstablished ? { tcpEstablished: true } : {}),
      },
      pid,
    );
    const how =
      choice.via === 'cri'
        ? 'cri'
        : criuWritesHere(container.runtime?.name ?? '', view.same)
          ? 'native-shared'
          : 'native-streamed';
    return { containerdSees, path: { ...choice, how }, pathError: null };
  } catch (error) {
    return { containerdSees, path: null, pathError: toErrorInfo(error) };
  }
}
