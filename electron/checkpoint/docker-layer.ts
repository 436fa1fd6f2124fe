// Where a Docker container's writable layer is. containerd holds no snapshot
// for it (libcontainerd creates the container with a spec whose root is a
// path dockerd mounted), so it is found through Docker:
// - the overlay2 graph driver: the layer's upper folder (GraphDriver.Data.
//   UpperDir, or the spec's root `…/overlay2/ID/merged` -> `…/overlay2/ID/diff`),
//   with the image's layers (LowerDir, or the layer's `lower` file) beneath;
// - the containerd image store: a snapshot of containerd's snapshotter named
//   by the container's id, its parent being Docker's `ID-init` layer.
// Paths are as dockerd sees them; they are read through containerd's root.
import { readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { DockerAnswer, DockerContainerJson } from '../containerd/docker-engine';
import { readablePath } from '../containerd/docker-paths';
import type { ContainerRecord, SnapshotInfo } from '../containerd/messages';
import type { Rpc } from '../containerd/rpc';
import { readSpec } from '../containerd/oci-spec';

export type WritableLayer =
  | {
      kind: 'overlay';
      /** The upper folder, readable here. */
      upper: string;
      /** The layers beneath, top first, readable here (those that could be found). */
      lowers: string[];
      /** The mounted overlay as the container's processes see it (before their own mounts), readable here. */
      merged: string | null;
    }
  | { kind: 'snapshot'; snapshotter: string; key: string }
  | { kind: 'none'; reason: string };

const OVERLAY_ROOT = /^(\/.+\/overlay2)\/([^/]+)\/merged\/?$/;
const C8D_ROOT = /\/rootfs\/([^/]+)\/([0-9a-f]{64})\/?$/;
const MAX_LOWER_FILE = 64 * 1024;

export interface LocateInput {
  rpc: Rpc;
  namespace: string;
  container: ContainerRecord;
  inspect: DockerAnswer<DockerContainerJson>;
  containerdPid: number | null;
  signal?: AbortSignal;
}

export async function locateDockerLayer(input: LocateInput): Promise<WritableLayer> {
  const { container, inspect, containerdPid } = input;
  const snapshotHas = (snapshotter: string) => snapshotExists(input, snapshotter, container.id);
  const rootPath = specRootPath(container);

  if (inspect.ok) {
    const gd = inspect.value.graphDriver;
    const driver = inspect.value.driver ?? gd?.name ?? '';
    if (gd?.name === 'overlay2' && gd.data.UpperDir) {
      const lowers = (gd.data.LowerDir ?? '').split(':').filter(Boolean);
      return overlayLayer(gd.data.UpperDir, lowers, gd.data.MergedDir ?? rootPath, containerdPid);
    }
    if (driver && (await snapshotHas(driver))) return { kind: 'snapshot', snapshotter: driver, key: container.id };
    return {
      kind: 'none',
      reason: `Docker's storage driver "${driver || 'unknown'}" keeps the container's files where no diff can be read (overlay2 and containerd snapshotters can)`,
    };
  }

  const overlay = rootPath ? OVERLAY_ROOT.exec(rootPath) : null;
  if (overlay) {
    const [, home, layerId] = overlay as unknown as [string, string, string];
    const lowers = await lowerFolders(home, layerId, containerdPid);
    return overlayLayer(`${home}/${layerId}/diff`, lowers, rootPath, containerdPid);
  }
  const c8d = rootPath ? C8D_ROOT.exec(rootPath) : null;
  const snapshotter = c8d?.[1] ?? 'overlayfs';
  if (await snapshotHas(snapshotter)) return { kind: 'snapshot', snapshotter, key: container.id };
  return {
    kind: 'none',
    reason: `${inspect.reason}, and the container's root (${rootPath ?? 'none in its spec'}) is neither an overlay2 layer nor a containerd snapshot`,
  };
}

async function overlayLayer(
  upperPath: string,
  lowerPaths: string[],
  mergedPath: string | null,
  pid: number | null,
): Promise<WritableLayer> {
  const upper = await readablePath(upperPath, pid);
  if (!upper) {
    return {
      kind: 'none',
      reason: `the container's overlay2 upper folder ${upperPath} is not readable here${pid === null ? '' : ` nor through /proc/${pid}/root`}`,
    };
  }
  const lowers: string[] = [];
  for (const l of lowerPaths) {
    const p = await readablePath(l, pid);
    if (p) lowers.push(p);
  }
  return { kind: 'overlay', upper, lowers, merged: mergedPath ? await readablePath(mergedPath, pid) : null };
}

/** overlay2's `lower` file: `l/SHORT:l/SHORT…`, each a link in `l/` to `../LAYER/diff`; as dockerd's paths. */
async function lowerFolders(home: string, layerId: string, pid: number | null): Promise<string[]> {
  const file = await readablePath(`${home}/${layerId}/lower`, pid);
  if (!file) return [];
  const text = await readFile(file, 'utf8').catch(() => '');
  if (text.length > MAX_LOWER_FILE) return [];
  const out: string[] = [];
  for (const entry of text.trim().split(':').filter(Boolean)) {
    const link = path.posix.normalize(`${home}/${entry}`);
    if (!link.startsWith(`${home}/l/`)) continue;
    const readable = await readablePath(link, pid);
    const target = readable ? await readlink(readable).catch(() => null) : null;
    if (!target || path.posix.isAbsolute(target)) continue;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(link), target));
    if (resolved.startsWith(`${home}/`)) out.push(resolved);
  }
  return out;
}

function specRootPath(container: ContainerRecord): string | null {
  const root = (readSpec(container).spec?.['root'] as { path?: unknown } | undefined)?.path;
  return typeof root === 'string' && root.startsWith('/') ? root : null;
}

async function snapshotExists(input: LocateInput, snapshotter: string, key: string): Promise<boolean> {
  const call = { namespace: input.namespace, signal: input.signal };
  return input.rpc
    .unary<{ info: SnapshotInfo | null }>('snapshots', 'Stat', { snapshotter, key }, call)
    .then((r) => r.info?.name === key)
    .catch(() => false);
}
