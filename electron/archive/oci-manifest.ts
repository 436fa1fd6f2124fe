import { createHash } from 'node:crypto';
import type { CheckpointImageInfo } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { ArchiveProblem } from './index';

/**
 * The JSON half of reading a checkpoint OCI image (index.json -> manifest ->
 * its one layer), over any blob store: an OCI layout folder or tar. Every
 * blob is bounded and its digest checked before it is parsed; nothing in the
 * JSON is trusted for a path (a digest must be `sha256:` and 64 hex digits).
 */

/** index.json and manifests are a few KiB; 4 MiB is far above any real one. */
export const MAX_OCI_JSON_BYTES = 4 * 1024 * 1024;
const MAX_DESCRIPTORS = 256;
const MAX_NESTED_INDEXES = 2;
const MAX_ANNOTATIONS = 256;
const MAX_ANNOTATION_CHARS = 64 * 1024;

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);
const MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);
/** containerd's own checkpoint images (`ctr c checkpoint`) put these blobs in the index, not in a manifest. */
const CONTAINERD_CHECKPOINT_PREFIX = 'application/vnd.containerd.container.';
/** Annotation names that mark a manifest as a checkpoint (checkpointctl build, Podman, CRI-O). */
const CHECKPOINT_ANNOTATION =
  /^(org\.criu\.checkpoint\.|io\.kubernetes\.cri-o\.annotations\.checkpoint\.|io\.podman\.annotations\.checkpoint\.)/;

export interface OciBlobStore {
  /** Where the layout is, for messages. */
  readonly where: string;
  readonly layout: CheckpointImageInfo['layout'];
  /** A top-level file of the layout (oci-layout, index.json), at most maxBytes. */
  readFile(name: string, maxBytes: number): Promise<Buffer>;
  /** Blob `blobs/sha256/<hex>`, at most maxBytes. */
  readBlob(hex: string, maxBytes: number): Promise<Buffer>;
}

export interface Descriptor {
  mediaType: string;
  hex: string;
  digest: string;
  size: number;
  annotations: Record<string, string>;
}

export interface ChosenLayer {
  image: CheckpointImageInfo;
  layerHex: string;
  problems: ArchiveProblem[];
}

function corrupt(where: string, message: string): AppError {
  return new AppError('ARCHIVE_CORRUPT', `${where}: ${message}`);
}

function parseJson(bytes: Buffer, where: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw corrupt(where, 'not valid JSON');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function annotationsOf(v: unknown, where: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObject(v)) throw corrupt(where, 'annotations is not an object');
  const entries = Object.entries(v);
  if (entries.length > MAX_ANNOTATIONS)
    throw corrupt(where, `${entries.length} annotations (at most ${MAX_ANNOTATIONS})`);
  const out: Record<string, string> = {};
  for (const [k, value] of entries) {
    if (typeof value !== 'string') throw corrupt(where, `annotation ${JSON.stringify(k.slice(0, 80))} is not a string`);
    if (k.length + value.length > MAX_ANNOTATION_CHARS) throw corrupt(where, 'an annotation is too long');
    out[k] = value;
  }
  return out;
}

export function parseDescriptor(v: unknown, where: string): Descriptor {
  if (!isObject(v)) throw corrupt(where, 'a descriptor is not an object');
  const { mediaType, digest, size } = v;
  if (typeof mediaType !== 'string' || mediaType.length === 0 || mediaType.length > 256)
    throw corrupt(where, 'a descriptor has no mediaType');
  if (typeof digest !== 'string') throw corrupt(where, 'a descriptor has no digest');
  const m = /^sha256:([a-f0-9]{64})$/.exec(digest);
  if (!m) {
    const shown = JSON.stringify(digest.slice(0, 100));
    throw new AppError('ARCHIVE_UNSUPPORTED', `${where}: digest ${shown} is not sha256:<64 hex digits>`);
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw corrupt(where, `descriptor ${digest} has no valid size`);
  return { mediaType, hex: m[1]!, digest, size, annotations: annotationsOf(v.annotations, where) };
}

function descriptors(v: unknown, key: string, where: string): Descriptor[] {
  if (!isObject(v)) throw corrupt(where, 'not a JSON object');
  const list = v[key];
  if (!Array.isArray(list)) throw corrupt(where, `no ${key} list`);
  if (list.length > MAX_DESCRIPTORS) throw corrupt(where, `${list.length} ${key} (at most ${MAX_DESCRIPTORS})`);
  return list.map((d) => parseDescriptor(d, where));
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

async function collectManifests(store: OciBlobStore, list: Descriptor[], depth: number, out: Candidate[]) {
  for (const d of list) {
    if (d.mediaType.startsWith(CONTAINERD_CHECKPOINT_PREFIX)) {
      throw new AppError(
        'ARCHIVE_UNSUPPORTED',
        `${store.where}: a containerd native checkpoint image (${d.mediaType}); only single-layer checkpoint images (checkpointctl build, podman --create-image) are read`,
      );
    }
    if (INDEX_TYPES.has(d.mediaType)) {
      if (depth >= MAX_NESTED_INDEXES) throw corrupt(store.where, 'image indexes nested too deep');
      const nested = await readJsonBlob(store, d);
      await collectManifests(store, descriptors(nested, 'manifests', store.where), depth + 1, out);
      continue;
    }
    if (!MANIFEST_TYPES.has(d.mediaType)) continue;
    const body = await readJsonBlob(store, d);
    if (!isObject(body)) throw corrupt(store.where, `manifest ${d.digest} is not an object`);
    const refName = d.annotations['org.opencontainers.image.ref.name'] ?? null;
    out.push({ manifest: d, refName, body, annotations: annotationsOf(body.annotations, d.digest) });
  }
}

function checkpointAnnotations(all: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(all).filter(([k]) => CHECKPOINT_ANNOTATION.test(k)));
}

/** index.json -> the checkpoint manifest -> its one layer; JSON blobs digest-checked, the layer left to the caller. */
export async function chooseCheckpointLayer(store: OciBlobStore): Promise<ChosenLayer> {
  const layoutFile = parseJson(await store.readFile('oci-layout', 4096), `${store.where}:oci-layout`);
  if (!isObject(layoutFile) || typeof layoutFile.imageLayoutVersion !== 'string')
    throw corrupt(store.where, 'oci-layout has no imageLayoutVersion');
  const index = parseJson(await store.readFile('index.json', MAX_OCI_JSON_BYTES), `${store.where}:index.json`);
  const found: Candidate[] = [];
  await collectManifests(store, descriptors(index, 'manifests', `${store.where}:index.json`), 0, found);
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
      refName: chosen.refName,
      manifestDigest: chosen.manifest.digest,
      layerDigest: layer.digest,
      layerMediaType: layer.mediaType,
      layerSize: layer.size,
      annotations: checkpointAnnotations(chosen.annotations),
    },
  };
}
