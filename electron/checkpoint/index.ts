// checkpointContainer: picks the CRI path (when the runtime implements
// CheckpointContainer and the container was made through CRI) or the native
// path, as a job with phases, progress, cancel and a timeout.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ContainerdClient } from '../containerd/client';
import { LABEL } from '../containerd/container-info';
import { assertNameFree } from './commit-file';
import { checkpointCri } from './cri';
import { JobDeadline } from './deadline';
import { checkpointNative } from './native';
import type { CheckpointContext, CheckpointRequest, CheckpointResult } from './types';

export type { CheckpointContext, CheckpointRequest, CheckpointResult } from './types';
export { assertNameFree } from './commit-file';

async function validate(req: CheckpointRequest): Promise<void> {
  if (!req.containerId) throw new AppError('INVALID_ARGUMENT', 'no container id');
  if (!req.namespace) throw new AppError('INVALID_ARGUMENT', 'no containerd namespace');
  if (!path.isAbsolute(req.outputPath)) throw new AppError('INVALID_ARGUMENT', 'the output path must be absolute');
  if (!(req.timeoutSeconds > 0)) throw new AppError('INVALID_ARGUMENT', 'the timeout must be positive');
  const dir = await stat(path.dirname(req.outputPath)).catch(() => null);
  if (!dir?.isDirectory()) throw new AppError('NOT_FOUND', `no folder ${path.dirname(req.outputPath)} for the archive`);
  // Refuse fast; the commit (link, never rename) is what keeps an existing file.
  await assertNameFree(req.outputPath);
}

export async function checkpointContainer(
  client: ContainerdClient,
  req: CheckpointRequest,
  ctx: CheckpointContext,
): Promise<CheckpointResult> {
  await validate(req);
  const deadline = new JobDeadline(ctx.signal, req.timeoutSeconds);
  const progress: CheckpointContext['progress'] = (update) => ctx.progress(update);
  try {
    let via = req.via;
    if (via === 'auto') {
      const container = await client.getContainer(req.namespace, req.containerId);
      via = container.labels?.[LABEL.criKind] === 'container' && req.leaveRunning ? 'cri' : 'native';
    }
    if (via === 'cri') {
      try {
        const { bytes } = await checkpointCri(client, req, progress, deadline);
        return { outputPath: req.outputPath, via: 'cri', bytes };
      } catch (error) {
        if (!(req.via === 'auto' && error instanceof AppError && error.code === 'CONTAINERD_TOO_OLD')) throw error;
        progress({
          phase: 'preparing',
          message: 'CRI CheckpointContainer is not implemented here; using the native path',
        });
      }
    }
    const { bytes } = await checkpointNative(client, req, progress, deadline);
    return { outputPath: req.outputPath, via: 'native', bytes };
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.dispose();
  }
}
