import { createHash } from 'node:crypto';
import type { CheckpointImageInfo } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { ArchiveProblem } from './index';
import { annotationsOf, corrupt, descriptors, isObject, parseJson, type Descriptor } from './oci-descriptor';
import {
  isContainerdCheckpoint,
  parseContainerdCheckpoint,
  type ContainerdCheckpointIndex,
} from './containerd-checkpoint-index';

/**
 * The JSON half of reading a checkpoint OCI image (index.json -> manifest ->
 * its one layer), over any blob store: an OCI layout folder or tar. Every
 * blob is bounded and its digest checked before it is parsed; nothing in the
 * JSON is trusted for a path (a digest must be `sha256:` and 64 hex digits).
 */

/** index.json and manifests are a few KiB; 4 MiB is far above any real one. */
export const MAX_OCI_JSON_BYTES = 4 * 1024 * 1024;
const MAX_NESTED_INDEXES = 2;

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
const MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);
/** Annotation names that mark a manifest as a checkpoint (checkpointctl build, Podman, CRI-O). */
const CHECKPOINT_ANNOTATION =
  /^(org\.criu\.checkpoint\.|io\.kubernetes\.cri-o\.annotations\.checkpoint\.|io\.podman\.annotations\.checkpoint\.)/;

export interface OciBlobStore {
  /** Where the layout is, for messages. */
  readonly where: string;
  readonly layout: 'directory' | 'tar';
  /** A top-level file of the layout (oci-layout, index.json), at most maxBytes. */
  readFile(name: string, maxBytes: number): Promise<Buffer>;
  /** Blob `blobs/sha256/<hex>`, at most maxBytes. */
  readBlob(hex: string, maxBytes: number): Promise<Buffer>;
}

export interface ChosenLayer {
  image: CheckpointImageInfo;
  layerHex: string;
  problems: ArchiveProblem[];
}

/** A blob whose bytes match its descriptor's size and digest, parsed. */
async function readJsonBlob(store: OciBlobStore, d: Descriptor): Promise<unknown> {
  const where = `${store.where}:blobs/sha256/${d.hex}`;
  if (d.size > MAX_OCI_JSON_BYTES)
    throw new AppError('LIMIT_EXCEEDED', `${where}: ${d.size} bytes, above the ${MAX_OCI_JSON_BYTES}-byte limit`);
  const bytes = await store.readBlob(d.hex, MAX_OCI_JSON_BYTES);
  verifyBlob(bytes.length, createHash('sha256').update(bytes).digest('hex'), d, where);
  return parseJson(bytes, where);
}

export function verifyBlob(size: number, hex: string, d: Descriptor, where: string): void {
  if (size !== d.size) throw corrupt(where, `${size} bytes, the descriptor says ${d.size}`);
  if (hex !== d.hex) throw corrupt(where, `its sha256 is ${hex}, the descriptor says ${d.hex}`);
}

interface Candidate {
  manifest: Descriptor;
  refName: string | null;
  body: Record<string, unknown>;
  annotations: Record<string, string>;
}

/** A containerd checkpoint index found in the layout: its digest, its name in index.json, its JSON. */
interface ContainerdCandidate {
  digest: string;
  refName: string | null;
  body: unknown;
}

interface Found {
  manifests: Candidate[];
  containerd: ContainerdCandidate[];
}

async function collectManifests(store: OciBlobStore, list: Descriptor[], depth: number, out: Found) {
  for (const d of list) {
    if (INDEX_TYPES.has(d.mediaType)) {
      if (depth >= MAX_NESTED_INDEXES) throw corrupt(store.where, 'image indexes nested too deep');
      const nested = await readJsonBlob(store, d);
      const entries = descriptors(nested, 'manifests', store.where);
      if (isContainerdCheckpoint(entries)) {
        out.containerd.push({ digest: d.digest, refName: refNameOf(d), body: nested });
        continue;
      }
      await collectManifests(store, entries, depth + 1, out);
      continue;
    }
    if (!MANIFEST_TYPES.has(d.mediaType)) continue;
    const body = await readJsonBlob(store, d);
    if (!isObject(body)) throw corrupt(store.where, `manifest ${d.digest} is not an object`);
    out.manifests.push({
      manifest: d,
      refName: refNameOf(d),
      body,
      annotations: annotationsOf(body.annotations, d.digest),
    });
  }
}

/** containerd's export names the image in full (io.containerd.image.name); the OCI annotation holds only the tag. */
function refNameOf(d: Descriptor): string | null {
  return d.annotations['io.containerd.image.name'] ?? d.annotations['org.opencontainers.image.ref.name'] ?? null;
}

export function checkpointAnnotations(all: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter(([k]) => CHECKPOINT_ANNOTATION.test(k)));
}

/** A containerd checkpoint image in the layout: its parts, made into an archive by the caller. */
export interface ChosenContainerd {
  image: CheckpointImageInfo;
  parts: ContainerdCheckpointIndex;
  problems: ArchiveProblem[];
}

function chosenContainerd(store: OciBlobStore, all: ContainerdCandidate[]): ChosenContainerd {
  const first = all[0]!;
  const parts = parseContainerdCheckpoint(first.body, `${store.where}:blobs/sha256/${first.digest.slice(7)}`);
  const problems = [...parts.problems];
  if (all.length > 1) {
    problems.push({
      where: 'index.json',
      code: 'ARCHIVE_UNSUPPORTED',
      message: `${all.length} checkpoint images in one layout; read the first, ${first.digest}`,
    });
  }
  return {
    parts,
    problems,
    image: {
      layout: store.layout,
      format: 'containerd',
      refName: first.refName,
      manifestDigest: first.digest,
      layerDigest: parts.criuTar.digest,
      layerMediaType: parts.criuTar.mediaType,
      layerSize: parts.criuTar.size,
      annotations: parts.annotations,
    },
  };
}

/**
 * index.json -> the checkpoint manifest -> its one layer (JSON blobs
 * digest-checked, the layer left to the caller); or a containerd checkpoint
 * index, whose parts the caller makes into an archive.
 */
export async function chooseCheckpointLayer(store: OciBlobStore): Promise<ChosenLayer | ChosenContainerd> {
  const layoutFile = parseJson(await store.readFile('oci-layout', 4096), `${store.where}:oci-layout`);
  if (!isObject(layoutFile) || typeof layoutFile.imageLayoutVersion !== 'string')
    throw corrupt(store.where, 'oci-layout has no imageLayoutVersion');
  const indexBytes = await store.readFile('index.json', MAX_OCI_JSON_BYTES);
  const index = parseJson(indexBytes, `${store.where}:index.json`);
  const top = descriptors(index, 'manifests', `${store.where}:index.json`);
  if (isContainerdCheckpoint(top)) {
    const digest = `sha256:${createHash('sha256').update(indexBytes).digest('hex')}`;
    return chosenContainerd(store, [{ digest, refName: null, body: index }]);
  }
  const all: Found = { manifests: [], containerd: [] };
  await collectManifests(store, top, 0, all);
  if (all.containerd.length > 0) return chosenContainerd(store, all.containerd);
  const found = all.manifests;
  if (found.length === 0)
    throw new AppError('ARCHIVE_UNSUPPORTED', `${store.where}: the OCI layout holds no image manifest`);
  const marked = found.filter((c) => Object.keys(checkpointAnnotations(c.annotations)).length > 0);
  const problems: ArchiveProblem[] = [];
  const chosen = marked[0] ?? found[0]!;
  if (marked.length === 0) {
    problems.push({
      where: 'index.json',
      code: 'NOT_FOUND',
      message: `no manifest has a checkpoint annotation; read ${chosen.manifest.digest}${found.length > 1 ? ` (the first of ${found.length})` : ''}`,
    });
  } else if (marked.length > 1) {
    problems.push({
      where: 'index.json',
      code: 'ARCHIVE_UNSUPPORTED',
      message: `${marked.length} checkpoint images in one layout; read the first, ${chosen.manifest.digest}`,
    });
  }
  const layers = descriptors(chosen.body, 'layers', chosen.manifest.digest);
  if (layers.length !== 1) {
    throw new AppError(
      'ARCHIVE_UNSUPPORTED',
      `${store.where}: manifest ${chosen.manifest.digest} has ${layers.length} layers; a checkpoint image has exactly one`,
    );
  }
  const layer = layers[0]!;
  return {
    layerHex: layer.hex,
    problems,
    image: {
      layout: store.layout,
      format: 'oci',
      refName: chosen.refName,
      manifestDigest: chosen.manifest.digest,
      layerDigest: layer.digest,
      layerMediaType: layer.mediaType,
      layerSize: layer.size,
      annotations: checkpointAnnotations(chosen.annotations),
    },
  };
}
