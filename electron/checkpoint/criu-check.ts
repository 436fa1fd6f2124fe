// Looks for CRIU where containerd runs (its mount namespace, through
// /proc/PID when we may), so a missing or old CRIU is reported before the
// container is paused. When it cannot be checked, says so and goes on.
import { execFile } from 'node:child_process';
import { readlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';

const run = promisify(execFile);
export const MIN_CRIU = { major: 3, minor: 16 } as const;

export type CriuCheck = { state: 'ok'; version: string } | { state: 'unchecked'; reason: string };

/** "Version: 4.2" (criu --version) to [4, 2, 0]; null when absent. */
export function parseCriuVersion(text: string): [number, number, number] | null {
  const m = /Version:\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function criuTooOld(v: [number, number, number]): boolean {
  return v[0] < MIN_CRIU.major || (v[0] === MIN_CRIU.major && v[1] < MIN_CRIU.minor);
}

export interface CriuRunner {
  /** Runs `criu --version` where containerd runs; rejects with ENOENT when criu is absent. */
  (containerdPid: number | null, sameMountNamespace: boolean): Promise<string>;
}

const SEARCH_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const defaultCriuRunner: CriuRunner = async (pid, same) => {
  const opts = { timeout: 5000, env: { PATH: SEARCH_PATH, LANG: 'C' } };
  if (same || pid === null) return (await run('criu', ['--version'], opts)).stdout;
  // criu lives in containerd's mount namespace; exit code 127 from env means "not found".
  try {
    return (
      await run('nsenter', ['-t', String(pid), '-m', '--', 'env', `PATH=${SEARCH_PATH}`, 'criu', '--version'], opts)
    ).stdout;
  } catch (error) {
    if ((error as { code?: unknown }).code === 127)
      throw Object.assign(new Error('criu not found'), { code: 'ENOENT' });
    throw error;
  }
};

async function sameMountNamespace(pid: number): Promise<boolean | null> {
  try {
    const [mine, theirs] = await Promise.all([readlink('/proc/self/ns/mnt'), readlink(`/proc/${pid}/ns/mnt`)]);
    return mine === theirs;
  } catch {
    return null;
  }
}

export async function checkCriu(
  containerdPid: number | null,
  runner: CriuRunner = defaultCriuRunner,
): Promise<CriuCheck> {
  let same = true;
  if (containerdPid !== null) {
    const s = await sameMountNamespace(containerdPid);
    if (s === null) {
      return {
        state: 'unchecked',
        reason: `cannot see containerd's mount namespace (pid ${containerdPid}); CRIU not checked`,
      };
    }
    same = s;
    if (!same && process.getuid?.() !== 0) {
      return {
        state: 'unchecked',
        reason: 'containerd runs in another mount namespace and we are not root; CRIU not checked',
      };
    }
  }
  let out: string;
  try {
    out = await runner(containerdPid, same);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') {
      if (containerdPid === null && !same) return { state: 'unchecked', reason: 'containerd pid unknown' };
      if (containerdPid === null) {
        return {
          state: 'unchecked',
          reason: 'criu is not on this PATH and containerd did not say where it runs (containerd < 1.7)',
        };
      }
      throw new AppError(
        'CRIU_MISSING',
        `CRIU is not installed where containerd runs (pid ${containerdPid}); install CRIU ${MIN_CRIU.major}.${MIN_CRIU.minor} or newer`,
      );
    }
    return {
      state: 'unchecked',
      reason: `criu --version failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const v = parseCriuVersion(out);
  if (!v) return { state: 'unchecked', reason: `unrecognised criu --version output: ${out.slice(0, 80)}` };
  const version = v.join('.');
  if (criuTooOld(v)) {
    throw new AppError(
      'CRIU_TOO_OLD',
      `CRIU ${version} is older than ${MIN_CRIU.major}.${MIN_CRIU.minor}; checkpoints need ${MIN_CRIU.major}.${MIN_CRIU.minor} or newer`,
      { version },
    );
  }
  return { state: 'ok', version };
}
