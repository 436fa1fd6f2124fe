// Whether containerd (and so the runc shim and CRIU it starts) sees a folder
// of ours at the same path. Only then may CRIU's work and image folders be
// put there: a path containerd resolves elsewhere (another mount namespace)
// would make runc create the folder on containerd's side and leave it there.
import { stat } from 'node:fs/promises';

/**
 * `known`: the folder is shown to be another (or absent) where containerd
 * runs; false when it could not be checked (no pid, no permission), which
 * callers treat as "not shared", the safe side.
 */
export type FolderView = { same: true } | { same: false; known: boolean; reason: string };

/** A path of containerd's mount namespace, as we reach it (through its /proc root). */
export function containerdSidePath(containerdPid: number, p: string, proc = '/proc'): string {
  return `${proc}/${containerdPid}/root${p}`;
}

/**
 * Compares the folder's device and inode here and through
 * /proc/PID/root (containerd's root, resolved in its mount namespace).
 * Needs containerd's pid and permission to look into its root (root, or
 * the same user); otherwise answers "not the same", which is the safe side.
 */
export async function containerdSeesFolder(
  containerdPid: number | null,
  dir: string,
  proc = '/proc',
): Promise<FolderView> {
  if (containerdPid === null)
    return { same: false, known: false, reason: 'containerd did not say its pid (containerd < 1.7)' };
  const [mine, theirs] = await Promise.all([
    stat(dir).catch(() => null),
    stat(containerdSidePath(containerdPid, dir, proc)).catch((error: unknown) => error as NodeJS.ErrnoException),
  ]);
  if (!mine) return { same: false, known: true, reason: `${dir} does not exist here` };
  if (theirs instanceof Error) {
    if (theirs.code === 'ENOENT') {
      // Absent there, or containerd's root itself is out of reach (it went away).
      const rootSeen = await stat(containerdSidePath(containerdPid, '/', proc)).then(
        () => true,
        () => false,
      );
      if (rootSeen)
        return {
          same: false,
          known: true,
          reason: `${dir} does not exist where containerd (pid ${containerdPid}) runs`,
        };
    }
    return {
      same: false,
      known: false,
      reason: `whether containerd (pid ${containerdPid}) sees ${dir} cannot be checked (${theirs.code ?? theirs.message})`,
    };
  }
  if (theirs.dev !== mine.dev || theirs.ino !== mine.ino) {
    return {
      same: false,
      known: true,
      reason: `${dir} is another folder where containerd (pid ${containerdPid}) runs`,
    };
  }
  return { same: true };
}
