// The output folder as the checkpoint dialog shows it before anything starts:
// there or missing (and whether we could make it), a folder, writable, with
// room; and making a missing one. The checks a start makes again are in
// checkpoint/index.ts (validate): this only tells the user early.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CheckpointPlan } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import { freeBytes } from '../archive/disk-space';
import { MIN_FREE_BYTES } from '../checkpoint';

const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

export type FolderFacts = Pick<CheckpointPlan, 'folder' | 'folderState' | 'folderProblem' | 'canCreate' | 'freeBytes'>;

const writable = (dir: string): Promise<boolean> =>
  access(dir, constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  );

/** The nearest folder at or above p that exists (null: something not a folder is in the way). */
async function nearestExisting(p: string): Promise<string | null> {
  for (let dir = p; ; dir = path.dirname(dir)) {
    const s = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
    if (!(s instanceof Error)) return s.isDirectory() ? dir : null;
    if (s.code !== 'ENOENT') return null;
    if (path.dirname(dir) === dir) return null;
  }
}

const free = (dir: string): Promise<number | null> => freeBytes(dir).catch(() => null);

export async function checkFolder(folder: string): Promise<FolderFacts> {
  const facts = (f: Omit<FolderFacts, 'folder'>): FolderFacts => ({ folder, ...f });
  if (!path.isAbsolute(folder))
    return facts({
      folderState: 'invalid',
      folderProblem: `${folder} is not an absolute path: give the whole path, such as /root/checkpoints`,
      canCreate: false,
      freeBytes: null,
    });
  const dir = path.resolve(folder);
  const s = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
  if (s instanceof Error && s.code === 'ENOENT') {
    const parent = await nearestExisting(path.dirname(dir));
    const canCreate = parent !== null && (await writable(parent));
    return facts({
      folderState: 'missing',
      folderProblem: canCreate
        ? `${dir} does not exist yet: create it here, or choose another folder`
        : parent === null
          ? `${dir} does not exist, and something that is not a folder is in its path: choose another folder`
          : `${dir} does not exist, and ${parent} is not writable by this app: create it yourself, or choose another folder`,
      canCreate,
      freeBytes: parent ? await free(parent) : null,
    });
  }
  if (s instanceof Error)
    return facts({
      folderState: 'not-writable',
      folderProblem: `${dir} cannot be looked at (${s.code ?? s.message}): choose another folder`,
      canCreate: false,
      freeBytes: null,
    });
  if (!s.isDirectory())
    return facts({
      folderState: 'not-a-folder',
      folderProblem: `${dir} is a file, not a folder: choose a folder`,
      canCreate: false,
      freeBytes: null,
    });
  const room = await free(dir);
  if (!(await writable(dir)))
    return facts({
      folderState: 'not-writable',
      folderProblem: `${dir} is not writable by this app (read-only, or not permitted): choose another folder`,
      canCreate: false,
      freeBytes: room,
    });
  if (room !== null && room < MIN_FREE_BYTES)
    return facts({
      folderState: 'full',
      folderProblem: `only ${mib(room)} are free in ${dir}; a checkpoint starts only with ${mib(MIN_FREE_BYTES)}: free space, or choose another folder`,
      canCreate: false,
      freeBytes: room,
    });
  return facts({ folderState: 'ready', folderProblem: null, canCreate: false, freeBytes: room });
}

/** Makes a missing folder (and its missing parents) private to us; an existing folder is left as it is. */
export async function createFolder(folder: string): Promise<{ folder: string; created: boolean }> {
  if (!path.isAbsolute(folder)) throw new AppError('INVALID_ARGUMENT', `${folder} is not an absolute path`);
  const dir = path.resolve(folder);
  const s = await stat(dir).catch(() => null);
  if (s?.isDirectory()) return { folder: dir, created: false };
  if (s)
    throw new AppError('CONFLICT', `${dir} exists and is not a folder`, {
      folder: dir,
      advice: 'Choose a folder, not a file.',
    });
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const code =
      e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS'
        ? 'PERMISSION_DENIED'
        : e.code === 'ENOSPC' || e.code === 'EDQUOT'
          ? 'DISK_FULL'
          : e.code === 'ENOTDIR' || e.code === 'EEXIST'
            ? 'CONFLICT'
            : 'INTERNAL';
    throw new AppError(code, `${dir} could not be created (${e.code ?? e.message})`, {
      folder: dir,
      advice: 'Create the folder yourself, or choose one this app may write to.',
    });
  }
  return { folder: dir, created: true };
}
