// Paths Docker and containerd report (the Engine API's GraphDriver.Data, the
// spec's mount sources) are paths in their mount namespace. Read through
// /proc/<containerd pid>/root they are the files containerd sees, wherever we
// run; the path as given is the fallback when that root cannot be entered
// (containerd < 1.7 says no pid; not root).
import { lstat } from 'node:fs/promises';

export async function readablePath(p: string, containerdPid: number | null, proc = '/proc'): Promise<string | null> {
  const candidates = containerdPid !== null ? [`${proc}/${containerdPid}/root${p}`, p] : [p];
  for (const c of candidates) {
    if (
      await lstat(c).then(
        () => true,
        () => false,
      )
    )
      return c;
  }
  return null;
}
