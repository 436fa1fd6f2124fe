// A dump outlives a cancelled or broken Tasks.Checkpoint call: runc and CRIU
// go on in the shim, and CRIU re-freezes the cgroup when it finishes. So
// before resuming we wait for `runc ... checkpoint ... ID` to be gone, when
// we can see containerd's processes (same pid namespace, readable /proc).
import { readdir, readFile } from 'node:fs/promises';

export async function runcCheckpointRunning(containerId: string, proc = '/proc'): Promise<boolean | null> {
  let entries: string[];
  try {
    entries = await readdir(proc);
  } catch {
    return null;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const raw = await readFile(`${proc}/${name}/cmdline`).catch(() => null);
    if (!raw || raw.length === 0) continue;
    const argv = raw.toString('utf8').split('\0').filter(Boolean);
    const exe = argv[0]?.split('/').pop() ?? '';
    if (exe === 'runc' && argv.includes('checkpoint') && argv[argv.length - 1] === containerId) return true;
  }
  return false;
}

export async function waitForRuncCheckpoint(containerId: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const running = await runcCheckpointRunning(containerId);
    if (running !== true) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}
