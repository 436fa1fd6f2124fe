// Checkpoint images in containerd's image store, over the socket: containerd's
// own (ctr container checkpoint: an index of the checkpoint's parts) and
// single-layer OCI checkpoint images imported there (checkpointctl build,
// podman --create-image). Listed by reading each image's target (a few KiB,
// digest-checked); opened by making the archive from the blobs (containerd's)
// or copying the one layer (OCI), each blob checked as it streams.
import { createHash } from 'node:crypto';
import type { CheckpointImageInfo, CheckpointImageList, CheckpointImageRow, ProblemInfo } from '../../shared/dto';
import { AppError, isAppError } from '../../shared/errors';
import {
  isContainerdCheckpoint,
  parseContainerdCheckpoint,
  type ContainerdCheckpointIndex,
} from '../archive/containerd-checkpoint-index';
import {
  annotationsOf,
  corrupt,
  descriptors,
  isObject,
  parseDescriptor,
  parseJson,
  type Descriptor,
} from '../archive/oci-descriptor';
import { checkpointAnnotations, MAX_OCI_JSON_BYTES } from '../archive/oci-manifest';
import { assertCanWrite } from '../checkpoint/archive-file';
import { readBlob, readBlobToBuffer } from '../checkpoint/content-blob';
import { checkedBlob, writeContainerdCheckpointArchive, type BlobSource } from '../checkpoint/image-archive';
import { writeChunks, writeOutputFile } from '../fs/output-file';
import { timestampToRfc3339Nano, type ImageRecord } from './messages';
import type { Rpc } from './rpc';

const INDEX = /^application\/vnd\.(oci\.image\.index\.v1\+json|docker\.distribution\.manifest\.list\.v2\+json)$/;
const MANIFEST = /^application\/vnd\.(oci\.image\.manifest\.v1\+json|docker\.distribution\.manifest\.v2\+json)$/;
const CALL_MS = 30_000;
/** A store with more images than this is listed in part, and says so. */
const MAX_IMAGES_READ = 2000;

type Target =
  | { format: 'containerd'; digest: string; parts: ContainerdCheckpointIndex }
  | { format: 'oci'; digest: string; layer: Descriptor; annotations: Record<string, string> }
  | null;

function socketBlobs(rpc: Rpc, namespace: string, signal?: AbortSignal): BlobSource {
  return {
    where: `containerd ${namespace}`,
    stream: (d) => readBlob(rpc, namespace, d.digest, d.size, { timeoutMs: CALL_MS, ...(signal ? { signal } : {}) }),
  };
}

async function readJson(rpc: Rpc, namespace: string, d: Descriptor, signal?: AbortSignal): Promise<unknown> {
  const where = `containerd ${namespace}: blob ${d.digest}`;
  if (d.size > MAX_OCI_JSON_BYTES)
    throw new AppError('LIMIT_EXCEEDED', `${where}: ${d.size} bytes, above the ${MAX_OCI_JSON_BYTES}-byte limit`);
  const bytes = await readBlobToBuffer(rpc, namespace, d.digest, d.size, {
    timeoutMs: CALL_MS,
    maxBytes: MAX_OCI_JSON_BYTES,
    ...(signal ? { signal } : {}),
  });
  const hex = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== d.size || hex !== d.hex) throw corrupt(where, 'its bytes do not match its digest');
  return parseJson(bytes, where);
}

/** An index with containerd's checkpoint annotations and no entries at all (containerd 1.7's ctr does make these). */
function isEmptyContainerdCheckpoint(body: unknown): boolean {
  if (!isObject(body) || !isObject(body.annotations)) return false;
  const empty = body.manifests === null || (Array.isArray(body.manifests) && body.manifests.length === 0);
  return empty && Object.keys(body.annotations).some((k) => k.startsWith('io.containerd.checkpoint.'));
}

/** What an image's target makes it: a containerd checkpoint, an OCI checkpoint image, or neither (null). */
async function targetOf(rpc: Rpc, namespace: string, image: ImageRecord, signal?: AbortSignal): Promise<Target> {
  if (!image.target) return null;
  const where = `containerd ${namespace}: image ${image.name}`;
  const target = parseDescriptor(
    { mediaType: image.target.media_type, digest: image.target.digest, size: Number(image.target.size) },
    where,
  );
  if (INDEX.test(target.mediaType)) {
    const body = await readJson(rpc, namespace, target, signal);
    if (isEmptyContainerdCheckpoint(body)) {
      throw corrupt(
        where,
        'a containerd checkpoint image without entries: containerd stored no CRIU images in it (its task checkpoint gave none)',
      );
    }
    if (!isContainerdCheckpoint(descriptors(body, 'manifests', where))) return null;
    return { format: 'containerd', digest: target.digest, parts: parseContainerdCheckpoint(body, where) };
  }
  if (!MANIFEST.test(target.mediaType)) return null;
  const body = await readJson(rpc, namespace, target, signal);
  if (!isObject(body)) throw corrupt(where, 'its manifest is not an object');
  const annotations = checkpointAnnotations(annotationsOf(body.annotations, where));
  if (Object.keys(annotations).length === 0) return null;
  const layers = descriptors(body, 'layers', where);
  if (layers.length !== 1)
    throw new AppError('ARCHIVE_UNSUPPORTED', `${where}: ${layers.length} layers; a checkpoint image has exactly one`);
  return { format: 'oci', digest: target.digest, layer: layers[0]!, annotations };
}

function rowOf(namespace: string, image: ImageRecord, t: NonNullable<Target>): CheckpointImageRow {
  const common = { namespace, name: image.name, digest: t.digest, createdAt: timestampToRfc3339Nano(image.created_at) };
  if (t.format === 'oci') {
    const base = Object.entries(t.annotations).find(([k]) => /rootfs-?image-?name$/i.test(k))?.[1] ?? null;
    return { ...common, format: 'oci', baseImage: base, runtime: null, bytes: t.layer.size, hasRootfsDiff: null };
  }
  const p = t.parts;
  return {
    ...common,
    format: 'containerd',
    baseImage: p.imageName,
    runtime: p.runtime,
    bytes: p.criuTar.size + (p.config?.size ?? 0) + (p.rwLayer?.size ?? 0),
    hasRootfsDiff: p.rwLayer !== null,
  };
}

function problemOf(where: string, error: unknown): ProblemInfo {
  return {
    where,
    code: isAppError(error) ? error.code : 'INTERNAL',
    message: error instanceof Error ? error.message : String(error),
  };
}

/** Every checkpoint image of the namespaces; an image or a namespace that cannot be read is a problem, never a silent gap. */
export async function listCheckpointImages(rpc: Rpc, namespaces: string[]): Promise<CheckpointImageList> {
  const images: CheckpointImageRow[] = [];
  const problems: ProblemInfo[] = [];
  for (const namespace of namespaces) {
    let list: ImageRecord[];
    try {
      list = (await rpc.unary<{ images: ImageRecord[] }>('images', 'List', {}, { namespace, timeoutMs: CALL_MS }))
        .images;
    } catch (error) {
      problems.push(problemOf(`namespace ${namespace}`, error));
      continue;
    }
    if (list.length > MAX_IMAGES_READ) {
      problems.push({
        where: `namespace ${namespace}`,
        code: 'LIMIT_EXCEEDED',
        message: `${list.length} images; the first ${MAX_IMAGES_READ} were looked at`,
      });
    }
    for (const image of list.slice(0, MAX_IMAGES_READ)) {
      try {
        const t = await targetOf(rpc, namespace, image);
        if (t) images.push(rowOf(namespace, image, t));
      } catch (error) {
        problems.push(problemOf(`${namespace}/${image.name}`, error));
      }
    }
  }
  images.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || a.name.localeCompare(b.name));
  return { images, problems };
}

/**
 * Writes the archive of checkpoint image `name` at outputPath (a file of our
 * cache): made from the parts (containerd's), or the one layer copied (OCI).
 */
export async function writeCheckpointImage(
  rpc: Rpc,
  namespace: string,
  name: string,
  outputPath: string,
  signal?: AbortSignal,
): Promise<{ image: CheckpointImageInfo; problems: ProblemInfo[] }> {
  const got = await rpc.unary<{ image: ImageRecord | null }>(
    'images',
    'Get',
    { name },
    { namespace, timeoutMs: CALL_MS },
  );
  if (!got.image) throw new AppError('NOT_FOUND', `no image ${name} in namespace ${namespace}`);
  const t = await targetOf(rpc, namespace, got.image, signal);
  if (!t)
    throw new AppError('ARCHIVE_UNSUPPORTED', `image ${name} in namespace ${namespace} is not a checkpoint image`);
  const blobs = socketBlobs(rpc, namespace, signal);
  const info = { layout: 'containerd', namespace, refName: name, manifestDigest: t.digest } as const;
  if (t.format === 'containerd') {
    const createdAt = got.image.created_at ? new Date(timestampToRfc3339Nano(got.image.created_at) ?? 0) : null;
    await writeContainerdCheckpointArchive(blobs, t.parts, outputPath, { name, createdAt });
    const c = t.parts.criuTar;
    const image = {
      ...info,
      format: 'containerd',
      layerDigest: c.digest,
      layerMediaType: c.mediaType,
      layerSize: c.size,
      annotations: t.parts.annotations,
    } as const;
    return { image, problems: t.parts.problems.map((p) => ({ ...p })) };
  }
  await assertCanWrite(outputPath, t.layer.size, 'the checkpoint image needs');
  await writeOutputFile(outputPath, (handle) => writeChunks(handle, checkedBlob(blobs, t.layer)), { replace: false });
  const l = t.layer;
  const image = {
    ...info,
    format: 'oci',
    layerDigest: l.digest,
    layerMediaType: l.mediaType,
    layerSize: l.size,
    annotations: t.annotations,
  } as const;
  return { image, problems: [] };
}
