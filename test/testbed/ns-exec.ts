// Runs commands inside containerd's private mount namespace (where the root fs
// tools and the container snapshots live), by nsenter into containerd's pid.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

export async function nsExec(containerdPid: number, argv: string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run('nsenter', ['-t', String(containerdPid), '-m', '--', ...argv], {
    env: { ...process.env, PATH },
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  return stdout;
}

export function ctr(containerdPid: number, namespace: string, args: string[]): Promise<string> {
  return nsExec(containerdPid, ['ctr', '--address', '/run/containerd/containerd.sock', '-n', namespace, ...args]);
}
