// The container's writable layer, as containerd's rootfs.CreateDiff makes it:
// a view of the snapshot's parent (left) against the container's snapshot
// (right), compared by the diff service into the content store, under our lease.
import { randomBytes } from 'node:crypto';
import type { ContainerRecord, Descriptor, Mount, SnapshotInfo } from '../containerd/messages';
import type { Rpc } from '../containerd/rpc';

/** Uncompressed, so the archive member is a real tar and its size is known up front. */
export const LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';

export async function rootfsDiff(
  rpc: Rpc,
  container: ContainerRecord,
  opts: { namespace: string; lease: string; timeoutMs: number; signal?: AbortSignal },
): Promise<Descriptor | null> {
  const snapshotter = container.snapshotter;
  const key = container.snapshot_key;
  if (!key || !snapshotter) return null;
  const call = { namespace: opts.namespace, lease: opts.lease, signal: opts.signal };
  const stat = await rpc.unary<{ info: SnapshotInfo }>('snapshots', 'Stat', { snapshotter, key }, call);
  const unique = `${Date.now()}-${randomBytes(4).toString('hex')}`;
  const views: string[] = [];
  try {
    let lower: Mount[] = [];
    if (stat.info.parent) {
      const lowerKey = `${stat.info.parent}-parent-view-${unique}`;
      views.push(lowerKey);
      lower = (
        await rpc.unary<{ mounts: Mount[] }>(
          'snapshots',
          'View',
          { snapshotter, key: lowerKey, parent: stat.info.parent },
          call,
        )
      ).mounts;
    }
    let upper: Mount[];
    if (stat.info.kind === 'ACTIVE') {
      upper = (await rpc.unary<{ mounts: Mount[] }>('snapshots', 'Mounts', { snapshotter, key }, call)).mounts;
    } else {
      const upperKey = `${key}-view-${unique}`;
      views.push(upperKey);
      upper = (
        await rpc.unary<{ mounts: Mount[] }>('snapshots', 'View', { snapshotter, key: upperKey, parent: key }, call)
      ).mounts;
    }
    const res = await rpc.unary<{ diff: Descriptor | null }>(
      'diff',
      'Diff',
      { left: lower, right: upper, media_type: LAYER_TAR, ref: `checkpoint-rw-${container.id}-${unique}` },
      { ...call, timeoutMs: opts.timeoutMs },
    );
    return res.diff;
  } finally {
    for (const v of views) {
      await rpc
        .unary('snapshots', 'Remove', { snapshotter, key: v }, { namespace: opts.namespace })
        .catch(() => undefined);
    }
  }
}
