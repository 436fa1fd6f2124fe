// The one rule for which path a checkpoint takes, and why (shown as progress
// by every host). CRI CheckpointContainer writes the archive itself, in
// containerd's file system: it can only be used when containerd sees the
// destination folder at the same path (checked through /proc/PID/root, not
// assumed: kind, k3d, minikube, Lima, colima and Rancher Desktop run it in
// another mount namespace or machine). The native path works everywhere:
// with a shared folder CRIU writes its images there, else they stream
// through containerd's content store.
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ContainerdClient } from '../containerd/client';
import { LABEL } from '../containerd/container-info';
import { containerdSeesFolder } from './shared-folder';
import type { CheckpointRequest } from './types';

export interface PathChoice {
  via: 'cri' | 'native';
  /** Why, in words for the progress line. */
  reason: string;
}

function criUnsharedError(folder: string, reason: string): AppError {
  return new AppError(
    'UNSUPPORTED',
    `CRI cannot write the archive into ${folder}: ${reason}. CRI CheckpointContainer writes it in containerd's own file system. ` +
      `Use the native or automatic path (--via native or --via auto), which stream it through containerd's content store, ` +
      `or choose a folder containerd sees at the same path. Nothing was paused.`,
    { folder, reason },
  );
}

function criNoTcpError(): AppError {
  return new AppError(
    'UNSUPPORTED',
    'CRI CheckpointContainer has no option to dump established TCP connections (CRIU tcp-established). ' +
      'Use the native or automatic path (--via native or --via auto) with --tcp-established. Nothing was paused.',
  );
}

export async function choosePath(
  client: ContainerdClient,
  req: CheckpointRequest,
  containerdPid: number | null,
): Promise<PathChoice> {
  const folder = path.dirname(req.outputPath);
  if (req.via === 'native') return { via: 'native', reason: 'the native path was asked for' };
  if (req.tcpEstablished) {
    if (req.via === 'cri') throw criNoTcpError();
    return { via: 'native', reason: 'established TCP connections were asked for, which only the native path can dump' };
  }
  const view = await containerdSeesFolder(containerdPid, folder);
  if (req.via === 'cri') {
    if (!view.same && view.known) throw criUnsharedError(folder, view.reason);
    return {
      via: 'cri',
      reason: view.same
        ? `CRI was asked for; containerd sees ${folder}`
        : `CRI was asked for; ${view.reason}, so CRI may not be able to write there`,
    };
  }
  if (!req.leaveRunning) return { via: 'native', reason: 'CRI cannot stop the container after its checkpoint' };
  const container = await client.getContainer(req.namespace, req.containerId);
  if (container.labels?.[LABEL.criKind] !== 'container')
    return { via: 'native', reason: 'the container was not made through CRI' };
  if (!view.same) return { via: 'native', reason: view.reason };
  return { via: 'cri', reason: `containerd sees ${folder} and the container was made through CRI` };
}
