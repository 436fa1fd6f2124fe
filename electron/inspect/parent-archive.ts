// The parent of an incremental checkpoint (Podman --with-previous: its
// --pre-checkpoint export), where PE_PARENT pages are read.
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { readyCacheDir } from '../archive';
import { ImageStore } from './image-store';
import type { ArchiveIndexLike, InspectDeps, TarMemberLike } from './ports';
import type { ParentImages } from './process-images';
import type { OpenOptions } from './session';

const PARENT_DIRS = ['pre-checkpoint/', 'checkpoint/'] as const;

export interface ParentArchive<M extends TarMemberLike = TarMemberLike> {
  index: ArchiveIndexLike<M>;
  path: string;
  /** The folder of its images: pre-checkpoint/, else checkpoint/. */
  dir: string;
}

const hasPagemaps = (index: ArchiveIndexLike, dir: string): boolean =>
  index.members.some((m) => m.type === 'file' && m.name.startsWith(`${dir}pagemap-`));

/** Opens the parent archive beside the checkpoint (its own cache folder); refused when it has no pagemaps. */
export async function openParentArchive<M extends TarMemberLike>(
  path: string,
  deps: InspectDeps<M>,
  opts: OpenOptions,
): Promise<ParentArchive<M>> {
  await readyCacheDir(opts.cacheDir);
  const cacheDir = join(opts.cacheDir, 'parent');
  await mkdir(cacheDir, { mode: 0o700 });
  const index = await deps.openArchive(path, { cacheDir, ...(opts.signal ? { signal: opts.signal } : {}) });
  const dir = PARENT_DIRS.find((d) => hasPagemaps(index, d));
  if (dir === undefined) {
    await index.close();
    throw new AppError(
      'INVALID_ARGUMENT',
      `${basename(path)} has no pre-checkpoint/ or checkpoint/ pagemaps: it is not the parent of an incremental checkpoint`,
    );
  }
  return { index, path, dir };
}

/**
 * Where PE_PARENT pages are read: the archive opened as the parent, else a
 * pre-checkpoint/ folder in this archive (what checkpoint/parent points to in
 * Podman's container folder); null when there is neither.
 */
export function parentImages<M extends TarMemberLike>(
  own: ImageStore<M>,
  index: ArchiveIndexLike<M>,
  parent: ParentArchive<M> | null,
  deps: InspectDeps<M>,
): ParentImages | null {
  if (parent) return { store: new ImageStore(parent.index, deps), dir: parent.dir, label: basename(parent.path) };
  return hasPagemaps(index, 'pre-checkpoint/') ? { store: own, dir: 'pre-checkpoint/', label: 'this archive' } : null;
}
