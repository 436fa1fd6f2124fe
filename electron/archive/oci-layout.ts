import { randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { fileKind } from '../fs/file-kind';
import { readAt, TarArchiveIndex } from './archive-index';
import type { ArchiveIndex, OpenArchiveOptions } from './index';
import { writeContainerdCheckpointArchive, type BlobSource } from '../checkpoint/image-archive';
import { readyCacheDir } from './cache-root';
import type { Descriptor } from './oci-descriptor';
import { chooseCheckpointLayer, type ChosenContainerd, type ChosenLayer, type OciBlobStore } from './oci-manifest';
import { openArchiveFile, openNestedTar } from './open-archive';

/**
 * Checkpoint OCI images (checkpointctl build, podman container checkpoint
 * --create-image): an OCI layout folder or tar whose one image has one layer,
 * the checkpoint archive. Opened as that layer, its digest and size checked
 * against the manifest; the index says which image it came from.
 * containerd's own checkpoint images (`ctr images export` of a `ctr c
 * checkpoint` image) are made into a CRI-layout archive in the cache first.
 */

function tooBig(where: string, size: number, maxBytes: number): AppError {
  return new AppError('LIMIT_EXCEEDED', `${where}: ${size} bytes, above the ${maxBytes}-byte limit`);
}

/** A regular file of the layout folder, opened never through a symlink nor a FIFO; its handle and size. */
async function openLayoutFile(path: string, where: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
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
    return { handle, size: s.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A regular file of the layout folder, at most maxBytes. */
async function readLayoutFile(path: string, where: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openLayoutFile(path, where);
  try {
    if (size > maxBytes) throw tooBig(where, size, maxBytes);
    return await readAt(handle, 0, size);
  } finally {
    await handle.close();
  }
}

/** A blob file of the layout folder, streamed. */
async function* streamLayoutFile(path: string, where: string): AsyncIterable<Buffer> {
  const { handle } = await openLayoutFile(path, where);
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false, highWaterMark: 1024 * 1024 }))
      yield chunk as Buffer;
  } finally {
    await handle.close();
  }
}

function dirBlobs(dir: string): BlobSource {
  return {
    where: dir,
    stream: (d: Descriptor) => streamLayoutFile(join(dir, 'blobs', 'sha256', d.hex), `${dir}/blobs/sha256/${d.hex}`),
  };
}

function tarBlobs(outer: TarArchiveIndex): BlobSource {
  return {
    where: outer.sourcePath,
    stream: (d: Descriptor) => {
      const name = `blobs/sha256/${d.hex}`;
      const m = outer.get(name);
      if (!m || m.type !== 'file')
        throw new AppError('NOT_FOUND', `${outer.sourcePath}: blob ${d.digest} is not in the OCI layout`);
      return outer.stream(m) as AsyncIterable<Buffer>;
    },
  };
}

/** The containerd checkpoint's parts made into an archive in the cache, opened and marked with the image it came from. */
async function openContainerdImage(
  chosen: ChosenContainerd,
  blobs: BlobSource,
  opts: OpenArchiveOptions,
): Promise<ArchiveIndex> {
  await readyCacheDir(opts.cacheDir);
  const made = join(opts.cacheDir, `containerd-checkpoint-${randomUUID()}.tar`);
  const name = chosen.image.refName ?? chosen.image.manifestDigest;
  await writeContainerdCheckpointArchive(blobs, chosen.parts, made, { name, createdAt: null });
  let index: ArchiveIndex;
  try {
    index = await openArchiveFile(made, opts);
  } catch (error) {
    await unlink(made).catch(() => undefined);
    throw error;
  }
  if (!(index instanceof TarArchiveIndex)) {
    await index.close();
    throw new AppError('INTERNAL', 'the made archive is not a tar index');
  }
  index.markCheckpointImage(chosen.image, chosen.problems);
  return index;
}

function isContainerdChoice(chosen: ChosenLayer | ChosenContainerd): chosen is ChosenContainerd {
  return 'parts' in chosen;
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
  if (isContainerdChoice(chosen)) return openContainerdImage(chosen, dirBlobs(dir), opts);
  const blob = join(dir, 'blobs', 'sha256', chosen.layerHex);
  const named = await stat(blob).catch(() => null);
  if (named === null) throw new AppError('NOT_FOUND', `${dir}: layer blob ${chosen.image.layerDigest} is missing`);
  const layer = await openArchiveFile(blob, opts);
  return checkLayer(layer, chosen, layer.compression === 'none' ? layer.archiveSize : named.size, opts);
}

async function openOciTar(outer: TarArchiveIndex, opts: OpenArchiveOptions): Promise<ArchiveIndex> {
  try {
    const chosen = await chooseCheckpointLayer(tarStore(outer));
    if (isContainerdChoice(chosen)) return await openContainerdImage(chosen, tarBlobs(outer), opts);
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
  if (opts.madeFrom && index instanceof TarArchiveIndex) {
    index.markCheckpointImage(opts.madeFrom.image, opts.madeFrom.problems);
    return index;
  }
  if (!isOciLayout(index) || !(index instanceof TarArchiveIndex)) return index;
  return openOciTar(index, opts);
}
