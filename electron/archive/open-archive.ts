import { randomUUID } from 'node:crypto';
import { constants as fsConstants, type Stats } from 'node:fs';
import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import { fileKind } from '../fs/file-kind';
import { readAt, TarArchiveIndex, type IndexFields } from './archive-index';
import type { TarSource } from './block-reader';
import { readyCacheDir } from './cache-root';
import { decompressToFile } from './decompress';
import { assertRoomFor, decompressedSizeHint } from './disk-space';
import { packFolder } from './folder-pack';
import type { ArchiveIndex, ArchiveProblem, OpenArchiveOptions, TarMember } from './index';
import { resolveLimits, type ArchiveLimits } from './limits';
import { sniffCompression } from './sniff';
import { indexTar } from './tar-indexer';

/**
 * O_NONBLOCK: opening a FIFO someone passed (or swapped in) as an "archive"
 * must not block a thread forever; O_NOCTTY: a terminal device named as one
 * must not become our controlling terminal. What was opened is then checked
 * on the descriptor (fstat), never by the path again.
 */
const READ_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOCTTY;

function notRegular(where: string, stat: Stats): AppError {
  return new AppError('ARCHIVE_UNSUPPORTED', `${where} is ${fileKind(stat)}; an archive must be a regular file`, {
    kind: fileKind(stat),
  });
}

async function openRegular(
  path: string,
  where: string,
): Promise<{ handle: FileHandle; size: number; dev: number; ino: number }> {
  // A first look by path spares opening a device at all; the check that counts is on the descriptor.
  const named = await stat(path).catch(() => null);
  if (named !== null && !named.isFile()) throw notRegular(where, named);
  let handle: FileHandle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${where}: no such file`);
    if (code === 'ENXIO')
      throw new AppError('ARCHIVE_UNSUPPORTED', `${where} is a socket or a device with nothing behind it`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('PERMISSION_DENIED', `${where}: permission denied`);
    throw new AppError('INTERNAL', `${where}: cannot open (${code ?? String(error)})`);
  }
  const opened = await handle.stat();
  if (!opened.isFile()) {
    await handle.close();
    throw notRegular(where, opened);
  }
  return { handle, size: opened.size, dev: opened.dev, ino: opened.ino };
}

function fileSource(handle: FileHandle, base: number, size: number): TarSource {
  return { size, read: (pos, length) => readAt(handle, base + pos, Math.max(0, Math.min(length, size - pos))) };
}

function checkSize(size: number, limits: ArchiveLimits, where: string): void {
  if (size > limits.maxArchiveBytes) {
    throw new AppError('LIMIT_EXCEEDED', `${where} is ${size} bytes, above the ${limits.maxArchiveBytes}-byte limit`);
  }
}

async function closeQuietly(handle: FileHandle): Promise<void> {
  await handle.close().catch(() => undefined);
}

/** Decompress `input` into the cache, index the copy; the copy is removed on failure or on close(). */
async function openCompressed(
  input: Readable,
  sizeHint: number | null,
  kind: 'gzip' | 'zstd',
  sourcePath: string,
  source: IndexFields['source'],
  opts: OpenArchiveOptions,
  limits: ArchiveLimits,
): Promise<ArchiveIndex> {
  const archiveSize = source.size;
  await readyCacheDir(opts.cacheDir);
  const free = await assertRoomFor(opts.cacheDir, sizeHint, sourcePath);
  const cacheFile = join(opts.cacheDir, `${randomUUID()}.tar`);
  let handle: FileHandle | null = null;
  try {
    const result = await decompressToFile(input, kind, cacheFile, {
      limits,
      where: sourcePath,
      inputSize: archiveSize,
      disk: { dir: opts.cacheDir, freeBytes: free, sizeHint },
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    const opened = await openRegular(cacheFile, 'decompressed copy');
    handle = opened.handle;
    checkSize(opened.size, limits, `${sourcePath} (decompressed)`);
    const index = await indexTar(fileSource(handle, 0, opened.size), { base: 0, limits, ...signalAndProgress(opts) });
    const problems: ArchiveProblem[] = result.truncated
      ? [
          {
            where: sourcePath,
            code: 'TRUNCATED',
            message: `the ${kind} data ends early; only the members decoded before that are listed`,
          },
          ...index.problems,
        ]
      : index.problems;
    return new TarArchiveIndex({
      sourcePath,
      indexedPath: cacheFile,
      compression: kind,
      archiveSize,
      members: index.members,
      problems,
      handle,
      source,
      cacheFile,
      limits,
    });
  } catch (error) {
    if (handle !== null) await closeQuietly(handle);
    await unlink(cacheFile).catch(() => undefined);
    throw error;
  }
}

function signalAndProgress(opts: OpenArchiveOptions): Pick<OpenArchiveOptions, 'signal' | 'onProgress'> {
  return {
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  };
}

function rangeStream(handle: FileHandle, size: number): Readable {
  const chunk = 1024 * 1024;
  return Readable.from(
    (async function* () {
      for (let pos = 0; pos < size; pos += chunk) {
        const data = await readAt(handle, pos, Math.min(chunk, size - pos));
        if (data.length === 0) return;
        yield data;
      }
    })(),
  );
}

/**
 * The path the user named may be a link (`latest.tar -> checkpoint-....tar`):
 * it is resolved once, here, and every later read (index, members, sha256,
 * decompression, nested tars) goes through the descriptor opened now, never
 * through the path again.
 */
export async function openArchiveFile(path: string, opts: OpenArchiveOptions): Promise<ArchiveIndex> {
  const limits = resolveLimits(opts.limits);
  if (opts.signal?.aborted) throw new AppError('CANCELLED', 'opening the archive was cancelled');
  if ((await stat(path).catch(() => null))?.isDirectory()) return openFolder(path, opts, limits);
  const { handle, size } = await openRegular(path, path);
  let keep = false;
  try {
    if (size === 0) throw new AppError('ARCHIVE_CORRUPT', `${path} is empty`);
    checkSize(size, limits, path);
    const compression = sniffCompression(await readAt(handle, 0, Math.min(size, 8)), path);
    const source = { handle, base: 0, size, owned: true };
    if (compression !== 'none') {
      const hint = decompressedSizeHint(
        compression,
        await readAt(handle, 0, Math.min(size, 18)),
        await readAt(handle, Math.max(0, size - 4), Math.min(size, 4)),
        size,
      );
      const index = await openCompressed(rangeStream(handle, size), hint, compression, path, source, opts, limits);
      keep = true;
      return index;
    }
    const index = await indexTar(fileSource(handle, 0, size), { base: 0, limits, ...signalAndProgress(opts) });
    keep = true;
    return new TarArchiveIndex({
      sourcePath: path,
      indexedPath: path,
      compression: 'none',
      archiveSize: size,
      ...index,
      handle,
      source,
      cacheFile: null,
      limits,
    });
  } finally {
    if (!keep) await closeQuietly(handle);
  }
}

/** A folder: packed into the cache (see folder-pack.ts), then indexed as a tar; the copy goes on close. */
async function openFolder(path: string, opts: OpenArchiveOptions, limits: ArchiveLimits): Promise<ArchiveIndex> {
  const packed = await packFolder(path, opts.cacheDir, limits, opts.signal);
  let handle: FileHandle | null = null;
  try {
    const opened = await openRegular(packed.tarPath, 'packed copy of the folder');
    handle = opened.handle;
    const index = await indexTar(fileSource(handle, 0, opened.size), { base: 0, limits, ...signalAndProgress(opts) });
    return new TarArchiveIndex({
      sourcePath: path,
      indexedPath: packed.tarPath,
      compression: 'none',
      layout: packed.layout,
      archiveSize: opened.size,
      members: index.members,
      problems: [...packed.problems, ...index.problems],
      handle,
      source: { handle, base: 0, size: opened.size, owned: true },
      cacheFile: packed.tarPath,
      limits,
    });
  } catch (error) {
    if (handle !== null) await closeQuietly(handle);
    await unlink(packed.tarPath).catch(() => undefined);
    throw error;
  }
}

/**
 * A tar inside a member (rootfs-diff.tar). A plain nested tar is indexed in
 * place (offsets into the parent's file, its own descriptor on that file); a
 * compressed one is decompressed into the cache first.
 */
export async function openNestedTar(
  parent: ArchiveIndex,
  member: TarMember,
  opts: OpenArchiveOptions,
): Promise<ArchiveIndex> {
  if (!(parent instanceof TarArchiveIndex))
    throw new AppError('INTERNAL', 'parent is not an index made by openArchive');
  parent.assertMember(member);
  const limits = resolveLimits(opts.limits);
  const where = `${parent.sourcePath}:${member.name}`;
  if (member.type !== 'file') throw new AppError('ARCHIVE_UNSUPPORTED', `${where} is a ${member.type}, not a file`);
  if (member.size === 0) throw new AppError('ARCHIVE_CORRUPT', `${where} is empty`);
  const compression = sniffCompression(await parent.read(member, 0, 8), where);
  // Its own descriptor on the parent's open file, not on the parent's path (which may name another file by now).
  const handle = await parent.reopen();
  const source = { handle, base: member.dataOffset, size: member.size, owned: true };
  let keep = false;
  try {
    if (compression !== 'none') {
      const hint = decompressedSizeHint(
        compression,
        await parent.read(member, 0, 18),
        await parent.read(member, Math.max(0, member.size - 4), 4),
        member.size,
      );
      const nested = await openCompressed(
        Readable.from(parent.stream(member)),
        hint,
        compression,
        where,
        source,
        opts,
        limits,
      );
      keep = true;
      return nested;
    }
    const index = await indexTar(fileSource(handle, member.dataOffset, member.size), {
      base: member.dataOffset,
      limits,
      ...signalAndProgress(opts),
    });
    keep = true;
    return new TarArchiveIndex({
      sourcePath: where,
      indexedPath: parent.indexedPath,
      compression: 'none',
      archiveSize: member.size,
      ...index,
      handle,
      source,
      cacheFile: null,
      limits,
    });
  } finally {
    if (!keep) await closeQuietly(handle);
  }
}
