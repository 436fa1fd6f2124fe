import { AppError } from '../../shared/errors';

/**
 * The parts of OCI image JSON every reader of ours shares (index.json,
 * manifests, containerd's checkpoint index): descriptors and annotations,
 * bounded, a digest always `sha256:` and 64 hex digits, never trusted for a
 * path.
 */

const MAX_DESCRIPTORS = 256;
const MAX_ANNOTATIONS = 256;
const MAX_ANNOTATION_CHARS = 64 * 1024;

export interface Descriptor {
  mediaType: string;
  hex: string;
  digest: string;
  size: number;
  annotations: Record<string, string>;
}

export function corrupt(where: string, message: string): AppError {
  return new AppError('ARCHIVE_CORRUPT', `${where}: ${message}`);
}

export function parseJson(bytes: Buffer, where: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw corrupt(where, 'not valid JSON');
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function annotationsOf(v: unknown, where: string): Record<string, string> {
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

export function descriptors(v: unknown, key: string, where: string): Descriptor[] {
  if (!isObject(v)) throw corrupt(where, 'not a JSON object');
  const list = v[key];
  if (!Array.isArray(list)) throw corrupt(where, `no ${key} list`);
  if (list.length > MAX_DESCRIPTORS) throw corrupt(where, `${list.length} ${key} (at most ${MAX_DESCRIPTORS})`);
  return list.map((d) => parseDescriptor(d, where));
}
