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
import { ArchiveFile, assertCanWrite } from './archive-file';
import { ArchiveNotes } from './archive-notes';
import { buildConfigDump, encodeConfigDump } from './config-dump';
import { readBlob, readBlobToBuffer } from './content-blob';
import { checkCriu } from './criu-check';
import { copyCriuImages } from './criu-images';
import { copyCriuImageDir, listImageDir } from './criu-image-dir';
import { explainCriuFailure } from './criu-failure';
import { prepareCriuFolders, RUNC_RUNTIMES, type CriuFolders } from './criu-folders';
import { decodeSpecBlob, specJson } from './spec-blob';
import { leaseLabels, type CheckpointHow, type CheckpointRequest, type Progress } from './types';
import type { ArchiveNote } from './archive-notes';
import type { JobDeadline } from './deadline';
import { addRootfsDiff, dockerFacts, dropRootfsDiff, takeRootfsDiff, type RootfsDiff } from './docker-rootfs';
import { waitForRuncCheckpoint } from './runc-watch';
import { getTask } from '../containerd/tasks';
import { cleanupGraceMs, notRunningError, pausedNotice, resumeTask, whenReachable } from './task-control';

export const MEDIA = {
  criuTar: 'application/vnd.containerd.container.criu.checkpoint.criu.tar',
  config: 'application/vnd.containerd.container.checkpoint.config.v1+proto',
} as const;

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
): Promise<{ bytes: number; how: CheckpointHow; notes: ArchiveNote[] }> {
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
  const docker = await dockerFacts(client, namespace, container, containerdPid);
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
      name: meta?.name ?? docker?.name ?? null,
      image: container.image || (docker?.image ?? ''),
      imageRef: meta?.imageRef ?? (image?.target ? `${container.image.split('@')[0]}@${image.target.digest}` : null),
      runtime,
      createdTime: timestampToRfc3339Nano(container.created_at),
      checkpointedAt: new Date(),
    }),
  );

  const folders = await prepareCriuFolders(req.criuWorkDir, req.outputPath, containerdPid, runtime);
  const { workDir, imageDir } = folders;
  const how: CheckpointHow = imageDir ? 'native-shared' : 'native-streamed';
  const notes = new ArchiveNotes();
  progress({
    phase: 'preparing',
    message: imageDir
      ? `CRIU writes its images beside the archive, in a folder containerd sees (${path.dirname(imageDir)})`
      : `CRIU's images stream through containerd's content store${folders.notShared ? ` (${folders.notShared})` : ''}`,
  });
  if (folders.workUnreadable)
    progress({ phase: 'preparing', message: `no dump.log/stats-dump in the archive: ${folders.workUnreadable}` });
  let lease: string;
  try {
    // The journal learns of each thing to undo (journal.ts).
    for (const temp of folders.made) await req.journal?.note({ addTemp: temp });
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

  const noteTemp = async (temp: string) => req.journal?.note({ addTemp: temp });
  let archive: ArchiveFile | null = null;
  let rw: RootfsDiff | null = null;
  try {
    let descriptors: Descriptor[] = [];
    let dumped = false;
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
            ...(req.tcpEstablished ? { open_tcp: true } : {}),
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
      dumped = true;
      progress({ phase: 'rootfs-diff', fraction: 0.4 });
      const say = (message: string) => progress({ phase: 'rootfs-diff', message });
      rw = await takeRootfsDiff(client, container, docker, {
        namespace,
        lease,
        timeoutMs: deadline.remainingMs(),
        signal,
        containerdPid,
        outputPath: req.outputPath,
        say,
        noteTemp,
      });
    } catch (error) {
      const failure = { criuVersion: criu.state === 'ok' ? criu.version : null, containerdPid, folders };
      throw await explainDumpFailure(client, namespace, id, deadline.explain(error), dumped ? null : failure);
    } finally {
      if (pause) {
        progress({ phase: 'resuming' });
        // Bounded: a CRIU that hangs must not hold the exit forever (the journal covers what is left).
        await waitForRuncCheckpoint(id, Math.min(cleanupGraceMs(req), DUMP_GRACE_MS));
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
    await assertCanWrite(req.outputPath, bytesTotal);
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
    else if (imageDir) await copyCriuImageDir(imageDir, imageFiles, archive, onBytes, { removeEach: true });
    if (rw) await addRootfsDiff(archive, rw, read, notes, onBytes, noteTemp);
    for (const note of await addWorkFiles(archive, folders)) notes.add(note);
    await notes.writeTo(archive, { via: 'native', how });
    deadline.check();
    progress({ phase: 'finishing', fraction: 0.99 });
    const bytes = await archive.commit();
    archive = null;
    return { bytes, how, notes: notes.list() };
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    if (archive) await archive.abort();
    await dropRootfsDiff(rw);
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
  dump: { criuVersion: string | null; containerdPid: number | null; folders: CriuFolders } | null,
): Promise<unknown> {
  if (!isAppError(error)) return error;
  if (['CANCELLED', 'TIMEOUT', 'CONTAINERD_UNREACHABLE', 'PERMISSION_DENIED'].includes(error.code)) return error;
  const task = await getTask(client.rpc, namespace, id, 5000).catch(() => undefined);
  if (task === null || task?.status === 'STOPPED') {
    return new AppError('NOT_RUNNING', `container "${id}" exited during the checkpoint`, { cause: error.message });
  }
  if (error.code === 'INTERNAL' && dump) {
    const { folders, ...rest } = dump;
    const workLog = folders.workDirHere ? path.join(folders.workDirHere, 'dump.log') : null;
    return explainCriuFailure(error, { containerId: id, workLog, ...rest });
  }
  if (error.code === 'INTERNAL')
    return new AppError('CHECKPOINT_FAILED', `checkpoint of ${id} failed: ${error.message}`, error.details);
  return error;
}

/** dump.log and stats-dump from CRIU's work folder (ours, or containerd's through /proc); a note for each that cannot be had. */
async function addWorkFiles(archive: ArchiveFile, folders: CriuFolders): Promise<ArchiveNote[]> {
  const missing: ArchiveNote[] = [];
  for (const [name, code] of [
    ['dump.log', 'NO_DUMP_LOG'],
    ['stats-dump', 'NO_STATS_DUMP'],
  ] as const) {
    const why = folders.workDirHere
      ? await addWorkFile(archive, folders.workDirHere, name)
      : (folders.workUnreadable ?? 'the runtime kept no work folder');
    if (why) {
      missing.push({
        code,
        member: name,
        message: `CRIU's ${name} could not be had: ${why}. Checkpoint as root on containerd's machine, or into a folder containerd sees at the same path, to get it.`,
      });
    }
  }
  return missing;
}

/** Adds one work file; null when added, else why not. */
async function addWorkFile(archive: ArchiveFile, dir: string, name: string): Promise<string | null> {
  const file = path.join(dir, name);
  const st = await lstat(file).catch(() => null);
  if (!st?.isFile()) return `CRIU wrote no ${name} in its work folder`;
  if (st.size > MAX_LOG) return `${name} is larger than ${MAX_LOG} bytes`;
  const fh = await open(file, 'r');
  try {
    const data = await fh.readFile();
    await archive.addBuffer(name, data);
  } finally {
    await fh.close();
  }
  return null;
}
