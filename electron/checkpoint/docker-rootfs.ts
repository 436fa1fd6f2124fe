// The rootfs diff of the native path, for every kind of container: a
// containerd snapshot (containerd's own diff, as CRI takes it), a Docker
// container (its overlay2 upper folder, or its snapshot when Docker uses the
// containerd image store), or none, with the reason said in the result and
// in the archive's notes.
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { ContainerdClient } from '../containerd/client';
import type { DockerAnswer, DockerContainerJson } from '../containerd/docker-engine';
import { dockerConfig } from '../containerd/docker-config-file';
import { isDockerContainer } from '../containerd/docker-names';
import type { ContainerRecord, Descriptor } from '../containerd/messages';
import { tempPathBeside } from '../fs/output-file';
import type { ArchiveFile } from './archive-file';
import type { ArchiveNotes } from './archive-notes';
import { locateDockerLayer } from './docker-layer';
import type { OverlayProblem } from './overlay-changes';
import { gzipLayer, writeOverlayLayer } from './overlay-layer';
import { rootfsDiff } from './rootfs-diff';
import { ROOTFS_DIFF, rootfsMember } from './rootfs-member';

export type RootfsDiff =
  | { kind: 'content'; desc: Descriptor; size: number }
  | { kind: 'file'; path: string; size: number; problems: OverlayProblem[] }
  | { kind: 'none'; size: 0; reason: string };

/** What Docker says of a container, asked once per checkpoint; null for a container that is not Docker's. */
export type DockerFacts = {
  inspect: DockerAnswer<DockerContainerJson>;
  /** Docker's name and image (the Engine API's, else config.v2.json's), for config.dump: containerd holds neither. */
  name: string | null;
  image: string;
} | null;

export async function dockerFacts(
  client: ContainerdClient,
  namespace: string,
  container: ContainerRecord,
  containerdPid: number | null,
): Promise<DockerFacts> {
  if (!isDockerContainer(namespace, container)) return null;
  const inspect = await client.docker.inspect(container.id);
  if (inspect.ok) return { inspect, name: inspect.value.name, image: inspect.value.imageName ?? '' };
  const own = await dockerConfig(container, containerdPid);
  return { inspect, name: own?.name ?? null, image: own?.image ?? '' };
}

export interface RootfsDiffOptions {
  namespace: string;
  lease: string;
  timeoutMs: number;
  signal?: AbortSignal;
  containerdPid: number | null;
  /** The archive's path: an overlay layer is spooled beside it. */
  outputPath: string;
  /** A line of progress for the user. */
  say: (message: string) => void;
  /** Told each spool file's path before it exists (the checkpoint journal removes it after a crash). */
  noteTemp?: (path: string) => Promise<void>;
}

/** Taken while the container is paused, as containerd's Checkpoint takes the rw snapshot's diff. */
export async function takeRootfsDiff(
  client: ContainerdClient,
  container: ContainerRecord,
  docker: DockerFacts,
  opts: RootfsDiffOptions,
): Promise<RootfsDiff> {
  const fromSnapshot = async (record: ContainerRecord): Promise<RootfsDiff> => {
    const desc = await rootfsDiff(client.rpc, record, opts);
    return desc
      ? { kind: 'content', desc, size: Number(desc.size) }
      : { kind: 'none', size: 0, reason: 'containerd returned no diff of the snapshot' };
  };
  const rw = await take();
  if (rw.kind === 'none') opts.say(`no rootfs diff: ${rw.reason}`);
  return rw;

  async function take(): Promise<RootfsDiff> {
    if (container.snapshot_key && container.snapshotter) return fromSnapshot(container);
    if (!docker) {
      return {
        kind: 'none',
        size: 0,
        reason:
          'the container has no snapshot: containerd holds no root file system to diff (made with a root path, not an image)',
      };
    }
    const layer = await locateDockerLayer({
      rpc: client.rpc,
      namespace: opts.namespace,
      container,
      inspect: docker.inspect,
      containerdPid: opts.containerdPid,
      signal: opts.signal,
    });
    if (layer.kind === 'none') return { kind: 'none', size: 0, reason: layer.reason };
    if (layer.kind === 'snapshot') {
      return fromSnapshot({ ...container, snapshotter: layer.snapshotter, snapshot_key: layer.key });
    }
    opts.say(`the rootfs diff comes from Docker's overlay2 upper folder ${layer.upper}`);
    const spool = tempPathBeside(opts.outputPath, 'rootfs');
    await opts.noteTemp?.(spool);
    const written = await writeOverlayLayer(layer, spool, opts.signal);
    return { kind: 'file', path: spool, size: written.size, problems: written.problems };
  }
}

const LISTED_PROBLEMS = 5;

/** Puts the diff into the archive as rootfs-diff.tar, or says in the notes why there is none or what it lacks. */
export async function addRootfsDiff(
  archive: ArchiveFile,
  rw: RootfsDiff,
  read: (d: Descriptor) => AsyncIterable<Buffer>,
  notes: ArchiveNotes,
  onBytes: (n: number) => void,
  noteTemp?: (path: string) => Promise<void>,
): Promise<void> {
  if (rw.kind === 'none') {
    notes.add({ code: 'NO_ROOTFS_DIFF', member: ROOTFS_DIFF, message: `no rootfs diff: ${rw.reason}` });
    return;
  }
  if (rw.kind === 'content') return rootfsMember(archive, rw.desc, read(rw.desc));
  const gz = tempPathBeside(archive.targetPath, 'rootfs-gz');
  await noteTemp?.(gz);
  try {
    const size = await gzipLayer(rw.path, gz, onBytes);
    await archive.addStream(ROOTFS_DIFF, size, createReadStream(gz));
  } finally {
    await unlink(gz).catch(() => undefined);
  }
  if (rw.problems.length > 0) {
    const listed = rw.problems.slice(0, LISTED_PROBLEMS).map((p) => `${p.path}: ${p.message}`);
    const more = rw.problems.length - listed.length;
    notes.add({
      code: 'ROOTFS_DIFF_INCOMPLETE',
      member: ROOTFS_DIFF,
      message: `the rootfs diff leaves out or changes ${rw.problems.length} entries (${listed.join('; ')}${more > 0 ? `; ${more} more` : ''})`,
    });
  }
}

/** Removes a spooled layer; safe on every kind and more than once. */
export async function dropRootfsDiff(rw: RootfsDiff | null): Promise<void> {
  if (rw?.kind === 'file') await unlink(rw.path).catch(() => undefined);
}
