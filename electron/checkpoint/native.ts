// The native path: containerd's own CRI CheckpointContainer algorithm, done
// over containerd's native API, so it works for any container of any
// containerd from 1.6 on (CRI-made or not).
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../shared/errors';
import type { ContainerdClient } from '../containerd/client';
import { criMetadata } from '../containerd/cri-metadata';
import { timestampToRfc3339Nano, type Descriptor, type ImageRecord } from '../containerd/messages';
import { encodeAny } from '../containerd/proto-root';
import { ArchiveFile } from './archive-file';
import { buildConfigDump, encodeConfigDump } from './config-dump';
import { readBlob, readBlobToBuffer } from './content-blob';
import { checkCriu } from './criu-check';
import { copyCriuImages } from './criu-images';
import { copyCriuImageDir, listImageDir } from './criu-image-dir';
import { prepareCriuFolders } from './criu-folders';
import { decodeSpecBlob, specJson } from './spec-blob';
import { leaseLabels, type CheckpointRequest, type Progress } from './types';
import type { JobDeadline } from './deadline';
import { rootfsDiff } from './rootfs-diff';
import { rootfsMember } from './rootfs-member';
import { waitForRuncCheckpoint } from './runc-watch';
import { getTask } from '../containerd/tasks';
import { cleanupGraceMs, notRunningError, pausedNotice, resumeTask, whenReachable } from './task-control';

export const MEDIA = {
  criuTar: 'application/vnd.containerd.container.criu.checkpoint.criu.tar',
  config: 'application/vnd.containerd.container.checkpoint.config.v1+proto',
} as const;

const RUNC_RUNTIMES = /^io\.containerd\.runc\.v[12]$/;
const MAX_LOG = 64 * 1024 * 1024;
const MAX_SPEC = 16 * 1024 * 1024;
/** How long a dump may run past the job's timeout before containerd is told to give up. */
const DUMP_GRACE_MS = 10 * 60 * 1000;
/** How long we wait to release the lease once the container runs again: the journal finishes it later. */
const LEASE_GRACE_MS = 60_000;

export async function checkpointNative(
  client: ContainerdClient,
  req: CheckpointRequest,
  progress: Progress,
  deadline: JobDeadline,
): Promise<{ bytes: number }> {
  const { rpc } = client;
  const namespace = req.namespace;
  const id = req.containerId;
  const signal = deadline.signal;
  const call = { namespace, signal };

  progress({ phase: 'preparing', fraction: 0 });
  const container = await client.getContainer(namespace, id);
  const task = await getTask(rpc, namespace, id);
  if (!task || (task.status !== 'RUNNING' && task.status !== 'PAUSED')) throw notRunningError(id, task);

  const containerdPid = await client.serverPid().catch(() => null);
  const criu = await checkCriu(containerdPid);
  if (criu.state === 'unchecked') progress({ phase: 'preparing', message: `CRIU not checked: ${criu.reason}` });

  const meta = criMetadata(container);
  let image: ImageRecord | null = null;
  if (container.image) {
    image = await rpc
      .unary<{ image: ImageRecord | null }>('images', 'Get', { name: container.image }, call)
      .then((r) => r.image)
      .catch(() => null);
  }
  const runtime = container.runtime?.name ?? '';
  const configDump = encodeConfigDump(
    buildConfigDump({
      id,
      name: meta?.name ?? null,
      image: container.image,
      imageRef: meta?.imageRef ?? (image?.target ? `${container.image.split('@')[0]}@${image.target.digest}` : null),
      runtime,
      createdTime: timestampToRfc3339Nano(container.created_at),
      checkpointedAt: new Date(),
    }),
  );

  const folders = await prepareCriuFolders(req.criuWorkDir, req.outputPath, containerdPid, RUNC_RUNTIMES.test(runtime));
  if (folders.notShared)
    progress({ phase: 'preparing', message: `no dump.log/stats-dump in the archive: ${folders.notShared}` });
  const { workDir, imageDir } = folders;
  // The journal learns of each thing to undo before it exists (journal.ts).
  const ownTemp = req.criuWorkDir === undefined ? workDir : imageDir;
  let lease: string;
  try {
    if (ownTemp) await req.journal?.note({ addTemp: ownTemp });
    const labels = leaseLabels(req.containerId, Date.now(), req.journal);
    lease = (await rpc.unary<{ lease: { id: string } }>('leases', 'Create', { labels }, call)).lease.id;
    await req.journal?.note({ leaseId: lease });
  } catch (error) {
    await folders.cleanup();
    throw error;
  }
  const cleanupWait = (e: AppError) =>
    progress({ phase: 'recovering', message: `waiting for containerd to come back (${e.message})` });
  const pausedWait = pausedNotice((message) => progress({ phase: 'recovering', message }), {
    socketPath: rpc.socketPath,
    namespace,
    id,
  });

  let archive: ArchiveFile | null = null;
  try {
    let descriptors: Descriptor[] = [];
    let rw: Descriptor | null = null;
    const pause = task.status === 'RUNNING';
    try {
      if (pause) {
        progress({ phase: 'pausing', fraction: 0.05 });
        await req.journal?.note({ paused: true });
        await rpc.unary('tasks', 'Pause', { container_id: id }, call);
      }
      progress({ phase: 'dumping', fraction: 0.1, message: 'CRIU is dumping the processes' });
      const options = RUNC_RUNTIMES.test(runtime)
        ? encodeAny('containerd.runc.v1.CheckpointOptions', {
            exit: !req.leaveRunning,
            ...(workDir ? { work_path: workDir } : {}),
            ...(imageDir ? { image_path: imageDir } : {}),
          })
        : null;
      // Not tied to cancel/timeout: a dump cut short leaves CRIU running in the
      // shim, so we wait for it to end before resuming (below), then report.
      const dump = rpc.unary<{ descriptors: Descriptor[] }>(
        'tasks',
        'Checkpoint',
        { container_id: id, options },
        { namespace, lease, timeoutMs: deadline.remainingMs() + DUMP_GRACE_MS },
      );
      dump.catch(() => undefined);
      const stopped = new Promise<'stopped'>((resolve) => {
        if (signal.aborted) resolve('stopped');
        signal.addEventListener('abort', () => resolve('stopped'), { once: true });
      });
      const first = await Promise.race([dump, stopped]);
      if (first === 'stopped') {
        progress({ phase: 'dumping', message: 'stopping: waiting for CRIU to finish before resuming the container' });
        await dump.catch(() => undefined);
        deadline.check();
      }
      descriptors = (await dump).descriptors;
      progress({ phase: 'rootfs-diff', fraction: 0.4 });
      rw = await rootfsDiff(rpc, container, { namespace, lease, timeoutMs: deadline.remainingMs(), signal });
    } catch (error) {
      throw await explainDumpFailure(client, namespace, id, deadline.explain(error));
    } finally {
      if (pause) {
        progress({ phase: 'resuming' });
        await waitForRuncCheckpoint(id, cleanupGraceMs(req));
        await resumeTask(rpc, namespace, id, cleanupGraceMs(req), pausedWait);
        await req.journal?.note({ paused: false }).catch(() => undefined);
      }
    }
    deadline.check();

    const criuTar = imageDir ? null : descriptors.find((d) => d.media_type === MEDIA.criuTar);
    const specDesc = descriptors.find((d) => d.media_type === MEDIA.config);
    const imageFiles = imageDir ? await listImageDir(imageDir) : [];
    if (imageDir && !imageFiles.some((f) => f.name === 'inventory.img')) {
      throw new AppError('CHECKPOINT_FAILED', `CRIU wrote no inventory.img into ${imageDir}`);
    }
    if (!imageDir && !criuTar) throw new AppError('CHECKPOINT_FAILED', 'containerd returned no CRIU image blob');
    const imageBytes = criuTar ? Number(criuTar.size) : imageFiles.reduce((n, f) => n + f.size, 0);
    const bytesTotal = imageBytes + Number(rw?.size ?? 0);
    let bytesDone = 0;
    const onBytes = (n: number) => {
      bytesDone += n;
      progress({
        phase: 'writing',
        bytesDone,
        bytesTotal,
        fraction: 0.5 + (0.5 * bytesDone) / Math.max(1, bytesTotal),
      });
    };
    // Progress counts blob bytes as they arrive, so it ends at exactly bytesTotal.
    const read = async function* (d: Descriptor) {
      for await (const chunk of readBlob(rpc, namespace, d.digest, Number(d.size), {
        signal,
        timeoutMs: deadline.remainingMs(),
      })) {
        onBytes(chunk.length);
        yield chunk;
      }
    };

    progress({ phase: 'writing', bytesDone: 0, bytesTotal, fraction: 0.5 });
    archive = await ArchiveFile.create(req.outputPath);
    await req.journal?.note({ addTemp: archive.tempPath });
    await archive.addBuffer('config.dump', configDump);
    if (specDesc) {
      const blob = await readBlobToBuffer(rpc, namespace, specDesc.digest, Number(specDesc.size), {
        signal,
        timeoutMs: deadline.remainingMs(),
        maxBytes: MAX_SPEC,
      });
      await archive.addBuffer('spec.dump', decodeSpecBlob(blob));
    } else if (container.spec?.value) {
      // With an image path containerd stores no config blob; it would hold this same spec.
      await archive.addBuffer('spec.dump', specJson(container.spec.value));
    }
    if (criuTar) await copyCriuImages(read(criuTar), archive);
    else if (imageDir) await copyCriuImageDir(imageDir, imageFiles, archive, onBytes);
    if (rw) await rootfsMember(archive, rw, read(rw));
    if (workDir) {
      for (const name of ['dump.log', 'stats-dump']) await addWorkFile(archive, workDir, name);
    }
    deadline.check();
    progress({ phase: 'finishing', fraction: 0.99 });
    const bytes = await archive.commit();
    archive = null;
    return { bytes };
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    if (archive) await archive.abort();
    await folders.cleanup();
    await whenReachable(
      () => rpc.unary('leases', 'Delete', { id: lease, sync: true }, { namespace, timeoutMs: 30_000 }),
      Math.min(cleanupGraceMs(req), LEASE_GRACE_MS),
      cleanupWait,
    ).then(
      () => req.journal?.note({ leaseId: null }).catch(() => undefined),
      () => undefined /* the journal (next start) or the lease's gc.expire label lets it go later */,
    );
  }
}

/** After a failed dump: the container may have exited meanwhile, or containerd gone away. */
async function explainDumpFailure(
  client: ContainerdClient,
  namespace: string,
  id: string,
  error: unknown,
): Promise<unknown> {
  if (!isAppError(error)) return error;
  if (['CANCELLED', 'TIMEOUT', 'CONTAINERD_UNREACHABLE', 'PERMISSION_DENIED'].includes(error.code)) return error;
  const task = await getTask(client.rpc, namespace, id, 5000).catch(() => undefined);
  if (task === null || task?.status === 'STOPPED') {
    return new AppError('NOT_RUNNING', `container "${id}" exited during the checkpoint`, { cause: error.message });
  }
  if (error.code === 'INTERNAL')
    return new AppError('CHECKPOINT_FAILED', `checkpoint of ${id} failed: ${error.message}`, error.details);
  return error;
}

/** dump.log and stats-dump from CRIU's work folder, when containerd could write them where we see them. */
async function addWorkFile(archive: ArchiveFile, dir: string, name: string): Promise<void> {
  const file = path.join(dir, name);
  const st = await lstat(file).catch(() => null);
  if (!st?.isFile() || st.size > MAX_LOG) return;
  const fh = await open(file, 'r');
  try {
    const data = await fh.readFile();
    await archive.addBuffer(name, data);
  } finally {
    await fh.close();
  }
}
