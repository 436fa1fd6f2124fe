// Whether containerd (and so the runc shim and CRIU it starts) sees a folder
// of ours at the same path. Only then may CRIU's work and image folders be
// put there: a path containerd resolves elsewhere (another mount namespace)
// would make runc create the folder on containerd's side and leave it there.
import { stat } from 'node:fs/promises';

export type FolderView = { same: true } | { same: false; reason: string };

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
  if (containerdPid === null) return { same: false, reason: 'containerd did not say its pid (containerd < 1.7)' };
  const [mine, theirs] = await Promise.all([
    stat(dir).catch(() => null),
    stat(`${proc}/${containerdPid}/root${dir}`).catch((error: unknown) => error as NodeJS.ErrnoException),
  ]);
  if (!mine) return { same: false, reason: `${dir} does not exist here` };
  if (theirs instanceof Error) {
    const why = theirs.code === 'ENOENT' ? 'does not exist' : `cannot be checked (${theirs.code ?? theirs.message})`;
    return { same: false, reason: `${dir} ${why} where containerd (pid ${containerdPid}) runs` };
  }
  if (theirs.dev !== mine.dev || theirs.ino !== mine.ino) {
    return { same: false, reason: `${dir} is another folder where containerd (pid ${containerdPid}) runs` };
  }
  return { same: true };
}
