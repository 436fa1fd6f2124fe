import { constants as fsConstants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { fileKind } from '../fs/file-kind';
import { readAt, TarArchiveIndex } from './archive-index';
import type { ArchiveIndex, OpenArchiveOptions } from './index';
import { chooseCheckpointLayer, type ChosenLayer, type OciBlobStore } from './oci-manifest';
import { openArchiveFile, openNestedTar } from './open-archive';

/**
 * Checkpoint OCI images (checkpointctl build, podman container checkpoint
 * --create-image): an OCI layout folder or tar whose one image has one layer,
 * the checkpoint archive. Opened as that layer, its digest and size checked
 * against the manifest; the index says which image it came from.
 */

function tooBig(where: string, size: number, maxBytes: number): AppError {
  return new AppError('LIMIT_EXCEEDED', `${where}: ${size} bytes, above the ${maxBytes}-byte limit`);
}

/** A regular file in the layout folder, never through a symlink or a FIFO, at most maxBytes. */
async function readLayoutFile(path: string, where: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${where}: no such file in the OCI layout`);
    if (code === 'ELOOP') throw new AppError('ARCHIVE_UNSUPPORTED', `${where} is a symlink; it is not followed`);
    throw new AppError('PERMISSION_DENIED', `${where}: cannot open (${code ?? String(error)})`);
  }
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw new AppError('ARCHIVE_UNSUPPORTED', `${where} is ${fileKind(s)}, not a regular file`);
    if (s.size > maxBytes) throw tooBig(where, s.size, maxBytes);
    return await readAt(handle, 0, s.size);
  } finally {
    await handle.close();
  }
}

function dirStore(dir: string): OciBlobStore {
  return {
    where: dir,
    layout: 'directory',
    readFile: (name, max) => readLayoutFile(join(dir, name), `${dir}/${name}`, max),
    readBlob: (hex, max) => readLayoutFile(join(dir, 'blobs', 'sha256', hex), `${dir}/blobs/sha256/${hex}`, max),
  };
}

function tarStore(outer: TarArchiveIndex): OciBlobStore {
  const member = (name: string) => {
    const m = outer.get(name);
    if (!m) throw new AppError('NOT_FOUND', `${outer.sourcePath}:${name}: not in the OCI layout`);
    if (m.type !== 'file') throw new AppError('ARCHIVE_UNSUPPORTED', `${outer.sourcePath}:${name} is a ${m.type}`);
    return m;
  };
  const read = async (name: string, max: number) => {
    const m = member(name);
    if (m.size > max) throw tooBig(`${outer.sourcePath}:${name}`, m.size, max);
    return outer.readAll(m, max);
  };
  return {
    where: outer.sourcePath,
    layout: 'tar',
    readFile: read,
    readBlob: (hex, max) => read(`blobs/sha256/${hex}`, max),
  };
}

/** The layer's size and sha256 against the manifest's descriptor; the layer index is closed when they differ. */
async function checkLayer(layer: ArchiveIndex, chosen: ChosenLayer, size: number, opts: OpenArchiveOptions) {
  try {
    const want = chosen.image;
    const where = `layer ${want.layerDigest}`;
    if (size !== want.layerSize)
      throw new AppError('ARCHIVE_CORRUPT', `${where}: ${size} bytes, the manifest says ${want.layerSize}`);
    const hex = await layer.sha256(opts.signal);
    if (`sha256:${hex}` !== want.layerDigest)
      throw new AppError('ARCHIVE_CORRUPT', `${where}: its sha256 is ${hex}, not what the manifest says`);
    if (!(layer instanceof TarArchiveIndex)) throw new AppError('INTERNAL', 'the layer is not a tar index');
    layer.markCheckpointImage(want, chosen.problems);
    return layer;
  } catch (error) {
    await layer.close();
    throw error;
  }
}

async function openOciDir(dir: string, opts: OpenArchiveOptions): Promise<ArchiveIndex> {
  const chosen = await chooseCheckpointLayer(dirStore(dir));
  const blob = join(dir, 'blobs', 'sha256', chosen.layerHex);
  const named = await stat(blob).catch(() => null);
  if (named === null) throw new AppError('NOT_FOUND', `${dir}: layer blob ${chosen.image.layerDigest} is missing`);
  const layer = await openArchiveFile(blob, opts);
  return checkLayer(layer, chosen, layer.compression === 'none' ? layer.archiveSize : named.size, opts);
}

async function openOciTar(outer: TarArchiveIndex, opts: OpenArchiveOptions): Promise<ArchiveIndex> {
  try {
    const chosen = await chooseCheckpointLayer(tarStore(outer));
    const name = `blobs/sha256/${chosen.layerHex}`;
    const member = outer.get(name);
    if (!member || member.type !== 'file')
      throw new AppError('NOT_FOUND', `${outer.sourcePath}: layer blob ${chosen.image.layerDigest} is missing`);
    const layer = await openNestedTar(outer, member, opts);
    return await checkLayer(layer, chosen, member.size, opts);
  } finally {
    // The layer has its own descriptor (or its own decompressed copy); the outer tar's index is no longer needed.
    await outer.close();
  }
}

function isOciLayout(index: ArchiveIndex): boolean {
  return index.get('oci-layout')?.type === 'file' && index.get('index.json')?.type === 'file';
}

/** A folder holding an oci-layout file: opened as one checkpoint image, not as a folder of archives. */
export async function isOciLayoutDir(path: string): Promise<boolean> {
  const named = await stat(path).catch(() => null);
  if (!named?.isDirectory()) return false;
  return (await stat(join(path, 'oci-layout')).catch(() => null)) !== null;
}

/**
 * Opens a checkpoint archive: a tar (plain, gzip, zstd), or a checkpoint OCI
 * image as a layout folder or tar. Any other folder is refused here.
 */
export async function openArchive(path: string, opts: OpenArchiveOptions): Promise<ArchiveIndex> {
  const named = await stat(path).catch(() => null);
  // A folder: an OCI image layout here; any other (an unpacked checkpoint, a bare CRIU folder) is openArchiveFile's.
  if (named?.isDirectory() && (await isOciLayoutDir(path))) return openOciDir(path, opts);
  const index = await openArchiveFile(path, opts);
  if (!isOciLayout(index) || !(index instanceof TarArchiveIndex)) return index;
  return openOciTar(index, opts);
}
