// The one way we write a file at a path a user named (a report, a saved
// rootfs file, a checkpoint archive). Other local users may share the folder
// and plant names in it, so:
// - the temp file has an unpredictable name and is created with
//   O_CREAT|O_EXCL|O_NOFOLLOW, so it can never be an existing file or a link;
// - everything is written through that one descriptor and fsynced;
// - the destination must be a regular file or a new name: a symlink, FIFO,
//   device, socket or folder there is refused (rename would replace the
//   device node itself: `--output /dev/null` as root would destroy it);
// - `replace: false` commits with link(2), which never replaces anything;
//   `replace: true` (a save dialog that asked, `report --output`) renames,
//   which replaces the directory entry and never writes through it;
// - on any failure the temp name is removed and the destination untouched.
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../shared/errors';
import { fileKind } from './file-kind';

const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export interface OutputOptions {
  /** Replace an existing regular file (true), or refuse any existing name with CONFLICT (false). */
  replace: boolean;
  /** Mode of the new file (before umask). */
  mode?: number;
}

const isCode = (error: unknown, code: string): boolean => (error as { code?: unknown } | null)?.code === code;

/**
 * Turns the errors of a path we cannot use into ours, one message per cause
 * (read-only, full, missing, not permitted), each naming the folder and what
 * to do. Others are returned as they are.
 */
export function fsError(error: unknown, target: string): unknown {
  if (isAppError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const folder = path.dirname(target);
  // `advice` replaces the code's general advice (PERMISSION_DENIED's is about containerd's socket).
  const details = (reason: string) => ({
    path: target,
    folder,
    reason,
    errno: code,
    advice: 'Choose another folder, or fix this one (its permissions, its free space).',
  });
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return new AppError(
        'DISK_FULL',
        `no space left in ${folder} to write ${path.basename(target)} (${code}): free some space there or choose another folder`,
        details('full'),
      );
    case 'EROFS':
      return new AppError(
        'PERMISSION_DENIED',
        `${folder} is on a read-only file system: choose a folder on a writable one`,
        details('read-only'),
      );
    case 'EACCES':
    case 'EPERM':
      return new AppError(
        'PERMISSION_DENIED',
        `not permitted to write in ${folder} (${code}): choose a folder you may write to, or change its permissions`,
        details('not-permitted'),
      );
    case 'ENOENT':
      return new AppError(
        'INVALID_ARGUMENT',
        `the folder ${folder} does not exist: create it or choose another folder`,
        details('missing'),
      );
    case 'ENOTDIR':
    case 'ELOOP':
    case 'EISDIR':
      return new AppError(
        'INVALID_ARGUMENT',
        `cannot write ${target}: a part of its path is not a folder (${code})`,
        details('not-a-folder'),
      );
    default:
      return error;
  }
}

export function conflictError(target: string): AppError {
  return new AppError(
    'CONFLICT',
    `${path.basename(target)} already exists in ${path.dirname(target)}; choose another name (it was not replaced)`,
    { path: target },
  );
}

/**
 * Refuses a destination that exists and is not a regular file (or, without
 * `replace`, exists at all). Checked again right before the commit.
 */
export async function assertOutputTarget(target: string, replace: boolean): Promise<void> {
  let s: Stats;
  try {
    s = await lstat(target);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw fsError(error, target);
  }
  if (!replace) throw conflictError(target);
  if (!s.isFile()) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `${target} is ${fileKind(s)}; files are written only to a regular file or a new name (it was left as it is)`,
      { path: target, kind: fileKind(s) },
    );
  }
}

/** An unpredictable name in the destination's folder (so the commit is a rename within one file system). */
export function tempPathBeside(target: string, tag = 'partial'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}-${randomBytes(12).toString('hex')}`);
}

/** Creates the temp file beside `target`: a new inode, never a link or an existing file. */
export async function createTempBeside(
  target: string,
  mode = 0o600,
  tag?: string,
): Promise<{ handle: FileHandle; tempPath: string }> {
  const tempPath = tempPathBeside(target, tag);
  const handle = await open(tempPath, TEMP_FLAGS, mode);
  return { handle, tempPath };
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Gives the complete temp file its final name, then drops the temp name. On
 * any failure the temp is removed too and an existing target is untouched.
 */
export async function commitTemp(tempPath: string, target: string, replace: boolean): Promise<void> {
  try {
    if (replace) {
      await assertOutputTarget(target, true);
      await rename(tempPath, target);
      return;
    }
    try {
      await link(tempPath, target);
    } catch (error) {
      if (isCode(error, 'EEXIST')) throw conflictError(target);
      throw error;
    }
    await unlink(tempPath).catch(() => undefined);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes a file at `target` by the rules above: `write` gets the temp file's
 * descriptor and writes everything through it. Returns the bytes written.
 */
export async function writeOutputFile(
  target: string,
  write: (handle: FileHandle) => Promise<void>,
  opts: OutputOptions,
): Promise<number> {
  await assertOutputTarget(target, opts.replace);
  const { handle, tempPath } = await createTempBeside(target, opts.mode ?? 0o600, 'tmp').catch((error: unknown) => {
    throw fsError(error, target);
  });
  let closed = false;
  try {
    await write(handle);
    await handle.sync();
    const { size } = await handle.stat();
    await handle.close();
    closed = true;
    await commitTemp(tempPath, target, opts.replace);
    await fsyncDir(path.dirname(target)).catch(() => undefined);
    return size;
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await unlink(tempPath).catch(() => undefined);
    throw fsError(error, target);
  }
}

/** Writes `source` chunk by chunk through the handle (a stream that fails fails the write). */
export async function writeChunks(handle: FileHandle, source: AsyncIterable<Buffer | Uint8Array>): Promise<void> {
  for await (const chunk of source) {
    let done = 0;
    while (done < chunk.length) {
      const { bytesWritten } = await handle.write(chunk, done, chunk.length - done);
      done += bytesWritten;
    }
  }
}
