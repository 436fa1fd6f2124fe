// Where CRIU works and writes its images during a native checkpoint.
//
// When containerd sees a folder of ours at the same path (checked, not
// assumed), runc gets a work path there (dump.log, stats-dump for the
// archive) and an image path there: CRIU writes the images straight into a
// folder we read, as containerd's CRI does into its own folder, instead of
// containerd tarring them into its content store for us to read back over
// gRPC.
//
// Otherwise the images stream through the content store, and the work path
// is a fresh folder in containerd's own /tmp, made and read through
// /proc/PID/root (we may look into containerd's mount namespace when we run
// as root on its machine): CRIU's dump.log and stats-dump then reach the
// archive on this path too. Without that view (no pid, no permission,
// containerd on another machine) the shim uses and removes its own work
// folder, and `workUnreadable` says why the archive lacks those two files.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fsError } from '../fs/output-file';
import { containerdSeesFolder, containerdSidePath } from './shared-folder';

/** The runtimes whose options take CRIU work and image paths (runc v1 and v2 shims). */
export const RUNC_RUNTIMES = /^io\.containerd\.runc\.v[12]$/;

/**
 * The one rule for where CRIU's images go on the native path (the start and
 * the dialog's plan both ask it): into our folder when runc runs the container
 * and containerd sees the folder at our path; else through the content store.
 */
export const criuWritesHere = (runtime: string, containerdSeesFolder: boolean): boolean =>
  RUNC_RUNTIMES.test(runtime) && containerdSeesFolder;

/** In containerd's mount namespace: where the work folder goes when ours is not shared. */
const CONTAINERD_TMP = '/tmp';
const WORK_PREFIX = 'checkpoint-inspector-criu-';

export interface CriuFolders {
  /** runc's work path (dump.log, stats-dump) as containerd sees it, or null: the shim's own. */
  workDir: string | null;
  /** The same folder as we reach it (differs from workDir when it is on containerd's side). */
  workDirHere: string | null;
  /** runc's image path, or null: images go to the content store. */
  imageDir: string | null;
  /** Why the images go through the content store (our folder is not containerd's), when they do. */
  notShared: string | null;
  /** Why the archive will have no dump.log / stats-dump, when it will not. */
  workUnreadable: string | null;
  /** What we made, as we reach it (for the journal: removed by cleanup, or by the next start). */
  made: string[];
  /** Removes what we made (our work folder, or our image folder inside the caller's). */
  cleanup(): Promise<void>;
}

function fail(error: unknown, where: string): never {
  throw fsError(error, where);
}

const removeAll = (dirs: string[]) => async () => {
  for (const d of dirs.reverse()) await rm(d, { recursive: true, force: true }).catch(() => undefined);
};

/** A fresh work folder in containerd's /tmp, or why there can be none. */
async function containerdSideWorkDir(
  containerdPid: number | null,
): Promise<{ workDir: string; workDirHere: string } | { reason: string }> {
  if (containerdPid === null) return { reason: 'containerd did not say its pid (containerd < 1.7)' };
  try {
    const workDirHere = await mkdtemp(path.join(containerdSidePath(containerdPid, CONTAINERD_TMP), WORK_PREFIX));
    return { workDirHere, workDir: path.join(CONTAINERD_TMP, path.basename(workDirHere)) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      reason: `containerd's /tmp (pid ${containerdPid}) cannot be written from here (${String(code ?? error)}); run as root on containerd's machine`,
    };
  }
}

export async function prepareCriuFolders(
  requested: string | null | undefined,
  outputPath: string,
  containerdPid: number | null,
  runtime: string,
): Promise<CriuFolders> {
  const none = (notShared: string | null, workUnreadable: string): CriuFolders => ({
    workDir: null,
    workDirHere: null,
    imageDir: null,
    notShared,
    workUnreadable,
    made: [],
    cleanup: async () => undefined,
  });
  if (requested === null) return none(null, 'the runtime was asked to keep its own work folder');
  if (!RUNC_RUNTIMES.test(runtime)) return none('the runtime is not runc', 'the runtime is not runc');
  const own = requested === undefined;
  if (!own) await mkdir(requested, { recursive: true, mode: 0o700 }).catch((e: unknown) => fail(e, outputPath));
  const view = await containerdSeesFolder(containerdPid, requested ?? path.dirname(outputPath));
  if (criuWritesHere(runtime, view.same)) {
    const workDir =
      requested ??
      (await mkdtemp(path.join(path.dirname(outputPath), '.criu-work-')).catch((e: unknown) => fail(e, outputPath)));
    const imageDir = await mkdtemp(path.join(workDir, 'images-')).catch(async (error: unknown) => {
      if (own) await removeAll([workDir])();
      return fail(error, outputPath);
    });
    const made = own ? [workDir] : [imageDir];
    return {
      workDir,
      workDirHere: workDir,
      imageDir,
      notShared: null,
      workUnreadable: null,
      made,
      cleanup: removeAll([...made]),
    };
  }
  const notShared = view.same ? 'the runtime is not runc' : view.reason;
  const side = await containerdSideWorkDir(containerdPid);
  if ('reason' in side) return none(notShared, side.reason);
  return {
    ...side,
    imageDir: null,
    notShared,
    workUnreadable: null,
    made: [side.workDirHere],
    cleanup: removeAll([side.workDirHere]),
  };
}
