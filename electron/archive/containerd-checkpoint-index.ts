import { AppError } from '../../shared/errors';
import type { ArchiveProblem } from './index';
import { annotationsOf, descriptors, isObject, type Descriptor } from './oci-descriptor';

/**
 * containerd's own checkpoint image (`ctr container checkpoint`, the client's
 * Container.Checkpoint): an OCI index whose entries are not manifests but the
 * checkpoint's parts, each a blob of the content store:
 * - the CRIU image tar (Tasks.Checkpoint's tar of CRIU's image folder);
 * - the container's OCI spec, as a protobuf Any (the "config");
 * - runc's checkpoint options and the runtime's options, protobuf;
 * - with --rw, the rw snapshot's diff as an image layer;
 * - with --image, the container image's own target.
 * The index's annotations name the image the container ran, the runtime and
 * the snapshotter. Measured on containerd 2.1 (ctr c checkpoint --rw --task).
 */

export const CONTAINERD_CHECKPOINT_MEDIA = {
  criuTar: 'application/vnd.containerd.container.criu.checkpoint.criu.tar',
  config: 'application/vnd.containerd.container.checkpoint.config.v1+proto',
  options: 'application/vnd.containerd.container.checkpoint.options.v1+proto',
  runtimeOptions: 'application/vnd.containerd.container.checkpoint.runtime.options+proto',
} as const;

/** The rw layer: containerd's diff service answers with an OCI or Docker layer, gzip or plain. */
const RW_LAYER =
  /^application\/vnd\.(oci\.image\.layer\.v1\.tar(\+gzip)?|docker\.image\.rootfs\.diff\.tar(\.gzip)?|containerd\.container\.rw\.tar)$/;
const IMAGE_TARGET =
  /^application\/vnd\.(oci\.image\.(index|manifest)\.v1\+json|docker\.distribution\.manifest\.(list\.)?v2\+json)$/;

export const ANNOTATION = {
  imageName: 'org.opencontainers.image.ref.name',
  runtime: 'io.containerd.checkpoint.runtime',
  snapshotter: 'io.containerd.checkpoint.snapshotter',
} as const;

export interface ContainerdCheckpointIndex {
  criuTar: Descriptor;
  /** The OCI spec (spec.dump), null when the runtime stored none (an image path set). */
  config: Descriptor | null;
  rwLayer: Descriptor | null;
  /** The image the container ran (its name from the annotations, its target when included). */
  imageName: string | null;
  imageTarget: Descriptor | null;
  runtime: string | null;
  snapshotter: string | null;
  annotations: Record<string, string>;
  /** Entries not understood, and duplicates: said, not read. */
  problems: ArchiveProblem[];
}

/** Whether an index's entries make it a containerd checkpoint image (it holds a CRIU image tar). */
export function isContainerdCheckpoint(entries: Descriptor[]): boolean {
  return entries.some((d) => d.mediaType === CONTAINERD_CHECKPOINT_MEDIA.criuTar);
}

const KNOWN_PARTS = new Set<string>(Object.values(CONTAINERD_CHECKPOINT_MEDIA));

/** The parsed JSON of a checkpoint index -> its parts; ARCHIVE_CORRUPT when it has no CRIU tar or two of a part. */
export function parseContainerdCheckpoint(index: unknown, where: string): ContainerdCheckpointIndex {
  if (!isObject(index)) throw new AppError('ARCHIVE_CORRUPT', `${where}: not a JSON object`);
  const entries = descriptors(index, 'manifests', where);
  const annotations = annotationsOf(index.annotations, where);
  const problems: ArchiveProblem[] = [];
  const one = (test: (d: Descriptor) => boolean, what: string): Descriptor | null => {
    const found = entries.filter(test);
    if (found.length > 1)
      throw new AppError('ARCHIVE_CORRUPT', `${where}: ${found.length} ${what} entries; one is expected`);
    return found[0] ?? null;
  };
  const criuTar = one((d) => d.mediaType === CONTAINERD_CHECKPOINT_MEDIA.criuTar, 'CRIU image tar');
  if (!criuTar)
    throw new AppError('ARCHIVE_CORRUPT', `${where}: a containerd checkpoint index without a CRIU image tar`);
  const config = one((d) => d.mediaType === CONTAINERD_CHECKPOINT_MEDIA.config, 'checkpoint config');
  const rwLayer = one((d) => RW_LAYER.test(d.mediaType), 'rw layer');
  const imageTarget = one((d) => IMAGE_TARGET.test(d.mediaType), 'container image');
  for (const d of entries) {
    if (KNOWN_PARTS.has(d.mediaType) || RW_LAYER.test(d.mediaType) || IMAGE_TARGET.test(d.mediaType)) continue;
    problems.push({
      where: d.digest,
      code: 'ARCHIVE_UNSUPPORTED',
      message: `${where}: an entry of media type ${JSON.stringify(d.mediaType.slice(0, 120))} is not read`,
    });
  }
  const text = (key: string) => {
    const v = annotations[key];
    return v === undefined || v === '' ? null : v;
  };
  return {
    criuTar,
    config,
    rwLayer,
    imageName: text(ANNOTATION.imageName),
    imageTarget,
    runtime: text(ANNOTATION.runtime),
    snapshotter: text(ANNOTATION.snapshotter),
    annotations,
    problems,
  };
}
