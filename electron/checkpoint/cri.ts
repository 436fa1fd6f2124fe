// The CRI path: containerd (2.0+) or CRI-O writes the archive itself through
// RuntimeService.CheckpointContainer. The location is a path in the runtime's
// mount namespace: a temporary name beside the target, linked to the target
// name when complete (never over an existing file).
import { open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../shared/errors';
import type { ContainerdClient } from '../containerd/client';
import { fsyncDir, tempPathBeside } from '../fs/output-file';
import { fileError } from './archive-file';
import { commitNoReplace } from './commit-file';
import { checkCriu } from './criu-check';
import { explainCriuFailure, logPathFromError } from './criu-failure';
import type { JobDeadline } from './deadline';
import type { CheckpointRequest, Progress } from './types';

/** CRI's error text to our codes; Unimplemented stays CONTAINERD_TOO_OLD so the caller can fall back. */
export function mapCriError(error: unknown, id: string): unknown {
  if (!isAppError(error)) return error;
  if (error.code !== 'INTERNAL' && error.code !== 'NOT_FOUND') return error;
  const text = error.message;
  if (/only CONTAINER_RUNNING containers can be checkpointed/.test(text)) {
    const m = /container "?[^"\s]+"? is in (\S+) state\. only CONTAINER_RUNNING containers can be checkpointed/.exec(
      text,
    );
    return new AppError('NOT_RUNNING', m ? m[0] : text, error.details);
  }
  if (/CRIU binary not found or too old/i.test(text)) return new AppError('CRIU_MISSING', text, error.details);
  if (/no space left on device/i.test(text)) return new AppError('DISK_FULL', text, error.details);
  if (error.code === 'NOT_FOUND' || /trying to find container/.test(text)) {
    return new AppError('NOT_FOUND', `CRI does not know container ${id}: ${text}`, error.details);
  }
  return new AppError('CHECKPOINT_FAILED', text, error.details);
}

/** A CRIU failure inside CRI: the shim's error names its copy of dump.log (in containerd's file system); read it. */
async function withCriuLog(client: ContainerdClient, error: unknown, id: string): Promise<unknown> {
  if (!isAppError(error) || error.code !== 'CHECKPOINT_FAILED' || !logPathFromError(error.message)) return error;
  const containerdPid = await client.serverPid().catch(() => null);
  const criu = await checkCriu(containerdPid).catch(() => null);
  return explainCriuFailure(error, {
    containerId: id,
    containerdPid,
    criuVersion: criu?.state === 'ok' ? criu.version : null,
    workLog: null,
  });
}

export async function checkpointCri(
  client: ContainerdClient,
  req: CheckpointRequest,
  progress: Progress,
  deadline: JobDeadline,
): Promise<{ bytes: number }> {
  if (!req.leaveRunning) {
    throw new AppError(
      'UNSUPPORTED',
      'CRI checkpoints always leave the container running; use the native path to stop it',
    );
  }
  const temp = tempPathBeside(req.outputPath, 'cri');
  await req.journal?.note({ addTemp: temp });
  progress({ phase: 'checkpointing', fraction: null, message: 'CRI CheckpointContainer' });
  // CRI reports no progress: the growing archive's size is the next best thing.
  const poll = setInterval(() => {
    stat(temp).then(
      (s) => progress({ phase: 'checkpointing', bytesDone: s.size }),
      () => undefined,
    );
  }, 500);
  let done = false;
  try {
    const seconds = Math.max(1, Math.floor(deadline.remainingMs() / 1000));
    try {
      await client.rpc.unary(
        'cri',
        'CheckpointContainer',
        { container_id: req.containerId, location: temp, timeout: seconds },
        { signal: deadline.signal, timeoutMs: deadline.remainingMs() + 5000 },
      );
    } catch (error) {
      throw await withCriuLog(client, mapCriError(deadline.explain(error), req.containerId), req.containerId);
    }
    clearInterval(poll);
    progress({ phase: 'finishing', fraction: 0.99 });
    const fh = await open(temp, 'r+').catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'ENOENT') {
        throw new AppError(
          'CHECKPOINT_FAILED',
          `the runtime reports the archive written at ${temp}, but it is not visible here (containerd in another mount namespace?)`,
        );
      }
      throw fileError(error, temp);
    });
    let bytes: number;
    try {
      await fh.sync();
      await fh.chmod(0o600);
      bytes = (await fh.stat()).size;
    } finally {
      await fh.close();
    }
    done = true;
    await commitNoReplace(temp, req.outputPath, fileError);
    await fsyncDir(path.dirname(req.outputPath));
    return { bytes };
  } finally {
    clearInterval(poll);
    if (!done) await unlink(temp).catch(() => undefined);
  }
}
