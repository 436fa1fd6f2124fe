// A folder opened as an archive: an unpacked checkpoint archive (config.dump,
// spec.dump, checkpoint/...) or a bare CRIU images folder (`criu dump -D DIR`:
// inventory.img and the other images at its top). It is packed once into a
// tar in the private cache, its images under `checkpoint/` for a bare CRIU
// folder, so every view, nested tar and worker reads it as it reads a tar.
//
// The folder is hostile like any archive: links are packed as links, never
// followed (every name is looked up through its parent's descriptor with
// O_NOFOLLOW, so a folder swapped for a link on the way is refused), fifos and
// devices are not opened, depth, count, name length and size are bounded, and
// the free space of the cache is checked against the folder's size first.
import { randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { fileKind } from '../fs/file-kind';
import { readyCacheDir } from './cache-root';
import { freeBytes } from './disk-space';
import type { ArchiveProblem } from './index';
import type { ArchiveLimits } from './limits';
import { BLOCK } from './tar-header';
import { END_OF_ARCHIVE, headerBlocks, payloadPadding } from './tar-write';

/** How the folder was laid out: an unpacked archive, or CRIU's images alone. */
export type FolderLayout = 'folder' | 'criu-folder';

export interface PackedFolder {
  tarPath: string;
  layout: FolderLayout;
  problems: ArchiveProblem[];
}

const MAX_DEPTH = 32;
const COPY_CHUNK = 1024 * 1024;
const NOFOLLOW = fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK | fsConstants.O_NOCTTY;

/** Where a name in an open folder is, resolved through the folder's descriptor, not its path. */
const under = (dir: FileHandle, name: string): string => `/proc/self/fd/${dir.fd}/${name}`;

interface Walk {
  limits: ArchiveLimits;
  signal: AbortSignal | undefined;
  problems: ArchiveProblem[];
  members: number;
  bytes: number;
  out: FileHandle | null;
  outPos: number;
}

async function write(w: Walk, data: Buffer): Promise<void> {
  if (w.out === null || data.length === 0) return;
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await w.out.write(data, done, data.length - done, w.outPos + done);
    done += bytesWritten;
  }
  w.outPos += data.length;
}

function count(w: Walk, where: string, size: number): void {
  if (w.signal?.aborted) throw new AppError('CANCELLED', 'opening the folder was cancelled');
  w.members += 1;
  w.bytes += size;
  if (w.members > w.limits.maxMembers)
    throw new AppError('LIMIT_EXCEEDED', `${where}: more than ${w.limits.maxMembers} entries in the folder`);
  if (w.bytes > w.limits.maxArchiveBytes)
    throw new AppError('LIMIT_EXCEEDED', `the folder holds more than ${w.limits.maxArchiveBytes} bytes`);
}

async function openDir(path: string, where: string): Promise<FileHandle> {
  try {
    return await open(path, NOFOLLOW | fsConstants.O_DIRECTORY);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new AppError('NOT_FOUND', `${where}: no such folder`);
    if (code === 'EACCES' || code === 'EPERM') throw new AppError('PERMISSION_DENIED', `${where}: permission denied`);
    throw new AppError('ARCHIVE_CORRUPT', `${where}: cannot open the folder (${code ?? String(error)})`);
  }
}

/** Copies exactly `size` bytes (the size seen when listed); a file that shrank is padded and said so. */
async function copyFile(w: Walk, dir: FileHandle, name: string, member: string, size: number, ino: number) {
  const file = await open(under(dir, name), NOFOLLOW);
  try {
    const s = await file.stat();
    if (!s.isFile() || s.ino !== ino) throw new AppError('ARCHIVE_CORRUPT', `${member} was replaced while read`);
    const buffer = Buffer.allocUnsafe(Math.min(COPY_CHUNK, Math.max(size, 1)));
    for (let pos = 0; pos < size;) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, size - pos), pos);
      if (bytesRead === 0) {
        w.problems.push({
          where: member,
          code: 'TRUNCATED',
          message: `the file shrank while it was read: ${size - pos} of its ${size} bytes are zeros`,
        });
        await write(w, Buffer.alloc(size - pos));
        break;
      }
      await write(w, buffer.subarray(0, bytesRead));
      pos += bytesRead;
    }
  } finally {
    await file.close();
  }
}

async function packDir(w: Walk, dir: FileHandle, prefix: string, depth: number): Promise<void> {
  const names = (await readdir(`/proc/self/fd/${dir.fd}`)).sort();
  for (const name of names) {
    const member = prefix === '' ? name : `${prefix}/${name}`;
    if (Buffer.byteLength(member) > w.limits.maxNameBytes) {
      w.problems.push({ where: member.slice(0, 200), code: 'LIMIT_EXCEEDED', message: 'name too long: not read' });
      continue;
    }
    const s = await lstat(under(dir, name));
    const common = { name: member, mode: s.mode, uid: s.uid, gid: s.gid, mtimeSeconds: Math.floor(s.mtimeMs / 1000) };
    if (s.isDirectory()) {
      if (depth >= MAX_DEPTH)
        throw new AppError('LIMIT_EXCEEDED', `${member}: folders nested deeper than ${MAX_DEPTH}`);
      count(w, member, 0);
      const child = await openDir(under(dir, name), member);
      try {
        await write(w, headerBlocks({ ...common, type: 'directory', size: 0 }));
        await packDir(w, child, member, depth + 1);
      } finally {
        await child.close();
      }
    } else if (s.isFile()) {
      count(w, member, s.size);
      await write(w, headerBlocks({ ...common, type: 'file', size: s.size }));
      if (w.out !== null) await copyFile(w, dir, name, member, s.size, s.ino);
      await write(w, payloadPadding(s.size));
    } else if (s.isSymbolicLink()) {
      count(w, member, 0);
      const target = await readlink(under(dir, name));
      await write(w, headerBlocks({ ...common, type: 'symlink', size: 0, linkname: target }));
    } else {
      w.problems.push({ where: member, code: 'ARCHIVE_UNSUPPORTED', message: `${fileKind(s)}: not read` });
    }
  }
}

async function layoutOf(dir: FileHandle, where: string): Promise<FolderLayout> {
  const isA = async (name: string, kind: 'dir' | 'file') => {
    const s = await lstat(under(dir, name)).catch(() => null);
    return s !== null && (kind === 'dir' ? s.isDirectory() : s.isFile());
  };
  if ((await isA('checkpoint', 'dir')) || (await isA('config.dump', 'file'))) return 'folder';
  if (await isA('inventory.img', 'file')) return 'criu-folder';
  throw new AppError(
    'ARCHIVE_UNSUPPORTED',
    `${where} is a folder without checkpoint/, config.dump, inventory.img or oci-layout: not a checkpoint nor an OCI image layout (name its archives one by one)`,
  );
}

/** A folder that is one checkpoint (checkpoint/, config.dump or CRIU's inventory.img at its top), not a folder of archives. */
export async function isCheckpointFolder(path: string): Promise<boolean> {
  const dir = await openDir(await realpath(path).catch(() => path), path).catch(() => null);
  if (dir === null) return false;
  try {
    const top = async (name: string) => (await lstat(under(dir, name)).catch(() => null)) !== null;
    return (await top('checkpoint')) || (await top('config.dump')) || (await top('inventory.img'));
  } finally {
    await dir.close();
  }
}

/** Walks the folder at `dir`, writing the tar to `out` (null: only counts entries and bytes). */
async function walk(dir: FileHandle, layout: FolderLayout, w: Walk): Promise<void> {
  if (layout === 'criu-folder') {
    count(w, 'checkpoint', 0);
    const s = await dir.stat();
    await write(
      w,
      headerBlocks({
        name: 'checkpoint',
        type: 'directory',
        size: 0,
        mode: s.mode,
        uid: s.uid,
        gid: s.gid,
        mtimeSeconds: Math.floor(s.mtimeMs / 1000),
      }),
    );
  }
  await packDir(w, dir, layout === 'criu-folder' ? 'checkpoint' : '', 0);
}

/** Packs the folder at `path` into a new tar in `cacheDir`; the caller removes it (on close, or when indexing fails). */
export async function packFolder(
  path: string,
  cacheDir: string,
  limits: ArchiveLimits,
  signal?: AbortSignal,
): Promise<PackedFolder> {
  // The folder the user named may be a link to it (as an archive may): resolved once, then never by path again.
  const dir = await openDir(await realpath(path).catch(() => path), path);
  try {
    const layout = await layoutOf(dir, path);
    const fresh = (): Walk => ({ limits, signal, problems: [], members: 0, bytes: 0, out: null, outPos: 0 });
    const measured = fresh();
    await walk(dir, layout, measured);
    const need = measured.bytes + (measured.members + 2) * 2 * BLOCK;
    await readyCacheDir(cacheDir);
    const free = await freeBytes(cacheDir);
    if (free < need) {
      throw new AppError(
        'DISK_FULL',
        `the folder needs ${need} bytes in the cache folder ${cacheDir} to be read; ${free} are free there`,
        { needBytes: need, freeBytes: free },
      );
    }
    const tarPath = join(cacheDir, `${randomUUID()}.tar`);
    const out = await open(tarPath, 'wx', 0o600);
    const w = { ...fresh(), out };
    try {
      await walk(dir, layout, w);
      await write(w, END_OF_ARCHIVE);
      await out.close();
    } catch (error) {
      await out.close().catch(() => undefined);
      await unlink(tarPath).catch(() => undefined);
      if ((error as { code?: string }).code === 'ENOSPC')
        throw new AppError(
          'DISK_FULL',
          `the cache folder ${cacheDir} filled up while the folder (${need} bytes) was read`,
          {
            needBytes: need,
          },
        );
      throw error;
    }
    return { tarPath, layout, problems: w.problems };
  } finally {
    await dir.close();
  }
}
