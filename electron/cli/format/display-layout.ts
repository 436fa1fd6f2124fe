// The inspect nodes of what is ours alone (checkpointctl shows none of it):
// the OCI image an archive was read from, its layout, the engine's members
// and CRI-O's bind mounts. Keys are absent when there is nothing to say.
import type { CheckpointImageInfo, Overview } from '../../../shared/dto';

export interface CheckpointImageNode {
  layout: string;
  /** oci (one layer, the archive) or containerd (ctr container checkpoint's index, made into an archive) */
  format: string;
  namespace?: string;
  ref_name?: string;
  manifest_digest: string;
  layer_digest: string;
  layer_media_type: string;
  layer_size: number;
  annotations: Record<string, string>;
}

export interface LayoutMemberNode {
  name: string;
  role: string;
  writer: string;
  size: number;
  files: number;
  link_target?: string;
}

export interface BindMountNode {
  source: string;
  destination: string;
  file_type: string;
  permissions?: number;
}

export function checkpointImageNode(image: CheckpointImageInfo): CheckpointImageNode {
  return {
    layout: image.layout,
    format: image.format,
    ...(image.namespace !== undefined ? { namespace: image.namespace } : {}),
    ...(image.refName !== null ? { ref_name: image.refName } : {}),
    manifest_digest: image.manifestDigest,
    layer_digest: image.layerDigest,
    layer_media_type: image.layerMediaType,
    layer_size: image.layerSize,
    annotations: image.annotations,
  };
}

/** Ours: the layout, the engine's members and CRI-O's bind mounts (keys absent when there are none). */
export function layoutNodes(o: Overview): {
  layout: string;
  layout_members?: LayoutMemberNode[];
  bind_mounts?: BindMountNode[];
} {
  return {
    layout: o.layout,
    ...(o.layoutMembers.length > 0
      ? {
          layout_members: o.layoutMembers.map((m) => ({
            name: m.name,
            role: m.role,
            writer: m.writer,
            size: m.size,
            files: m.files,
            ...(m.linkTarget !== null ? { link_target: m.linkTarget } : {}),
          })),
        }
      : {}),
    ...(o.bindMounts.length > 0
      ? {
          bind_mounts: o.bindMounts.map((b) => ({
            source: b.source,
            destination: b.destination,
            file_type: b.fileType,
            ...(b.permissions !== null ? { permissions: b.permissions } : {}),
          })),
        }
      : {}),
  };
}
