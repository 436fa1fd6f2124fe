// checkpointContainer: picks the path (choose-path.ts: CRI when the runtime
// implements CheckpointContainer, the container is CRI's and containerd sees
// the destination folder; else native) and runs it as a job with phases,
// progress, cancel and a timeout.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ContainerdClient } from '../containerd/client';
import { refuseSandbox } from '../containerd/pod-sandbox';
import { checkTaskAfter, taskProbe } from './after-check';
import { assertCanWrite } from './archive-file';
import { choosePath } from './choose-path';
import { assertNameFree } from './commit-file';
import { checkpointCri } from './cri';
import { JobDeadline } from './deadline';
import { checkpointNative } from './native';
import type { CheckpointContext, CheckpointRequest, CheckpointResult } from './types';

export type { CheckpointContext, CheckpointRequest, CheckpointResult } from './types';
export { assertNameFree } from './commit-file';

/** Free space below which no checkpoint starts (a dump of even a tiny container needs some). */
export const MIN_FREE_BYTES = 1024 * 1024;

async function validate(req: CheckpointRequest): Promise<void> {
  if (!req.containerId) throw new AppError('INVALID_ARGUMENT', 'no container id');
  if (!req.namespace) throw new AppError('INVALID_ARGUMENT', 'no containerd namespace');
  if (!path.isAbsolute(req.outputPath)) throw new AppError('INVALID_ARGUMENT', 'the output path must be absolute');
  if (!(req.timeoutSeconds > 0)) throw new AppError('INVALID_ARGUMENT', 'the timeout must be positive');
  const dir = await stat(path.dirname(req.outputPath)).catch(() => null);
  if (!dir?.isDirectory()) throw new AppError('NOT_FOUND', `no folder ${path.dirname(req.outputPath)} for the archive`);
  // Refuse fast; the commit (link, never rename) is what keeps an existing file.
  await assertNameFree(req.outputPath);
  // Read-only, not permitted, full: said now, before anything is paused.
  await assertCanWrite(req.outputPath, MIN_FREE_BYTES, 'a checkpoint starts only with');
}

export async function checkpointContainer(
  client: ContainerdClient,
  req: CheckpointRequest,
  ctx: CheckpointContext,
): Promise<CheckpointResult> {
  await validate(req);
  // Every host and both paths: a pod's sandbox is refused before CRIU or CRI is asked anything.
  refuseSandbox(await client.getContainer(req.namespace, req.containerId));
  const written = await checkpointByPath(client, req, ctx);
  // Written is not the end: the container must be in the state asked for, or the result raises the alarm.
  ctx.progress({ phase: 'checking the container', message: null });
  const after = await checkTaskAfter(
    taskProbe(() => client.getTask(req.namespace, req.containerId)),
    req.leaveRunning,
    req.afterSettleMs,
  );
  return { ...written, after };
}

async function checkpointByPath(
  client: ContainerdClient,
  req: CheckpointRequest,
  ctx: CheckpointContext,
): Promise<Omit<CheckpointResult, 'after'>> {
  const deadline = new JobDeadline(ctx.signal, req.timeoutSeconds);
  const progress: CheckpointContext['progress'] = (update) => ctx.progress(update);
  try {
    const containerdPid = await client.serverPid().catch(() => null);
    const choice = await choosePath(client, req, containerdPid);
    progress({ phase: 'preparing', message: `path: ${choice.via === 'cri' ? 'CRI' : 'native'} (${choice.reason})` });
    if (choice.via === 'cri') {
      try {
        const { bytes } = await checkpointCri(client, req, progress, deadline);
        return { outputPath: req.outputPath, via: 'cri', bytes, how: 'cri', reason: choice.reason, notes: [] };
      } catch (error) {
        if (!(req.via === 'auto' && error instanceof AppError && error.code === 'CONTAINERD_TOO_OLD')) throw error;
        const version = await client.version().then(
          (v) => ` by containerd ${v.version}`,
          () => '',
        );
        choice.reason = `CRI CheckpointContainer is not implemented${version}`;
        progress({ phase: 'preparing', message: `path: native (${choice.reason})` });
      }
    }
    const native = await checkpointNative(client, req, progress, deadline);
    return { outputPath: req.outputPath, via: 'native', reason: choice.reason, ...native };
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}
