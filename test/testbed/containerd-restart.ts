// Kills the testbed's containerd (SIGKILL, as a crash) and starts it again in
// the same private mount namespace (entered through the holder's pid), with
// the same config and marker. The containers live on: their shims do not
// depend on containerd, and the new containerd reconnects to them.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { containerdVersionClient } from './grpc.js';
import { writeStateFile, type TestbedState } from './state.js';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Alive and not a zombie (the holder, `sleep infinity`, never reaps the containerd it started). */
export function pidLive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return false;
  }
}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export async function killContainerd(state: TestbedState): Promise<void> {
  const pid = state.pids.containerd;
  if (pidLive(pid)) process.kill(pid, 'SIGKILL');
  await waitFor(`containerd ${pid} to die`, 10_000, () => !pidLive(pid));
}

export async function startContainerd(state: TestbedState, timeoutMs = 120_000): Promise<TestbedState> {
  const { runDir } = state;
  if (!pidLive(state.pids.holder)) throw new Error(`the testbed's namespace holder ${state.pids.holder} is gone`);
  const log = openSync(path.join(runDir, 'containerd.log'), 'a');
  let pid: number | undefined;
  try {
    // nsenter -m (no -p) execs in place: the child's pid is containerd's.
    const child = spawn(
      'nsenter',
      [
        '-t',
        String(state.pids.holder),
        '-m',
        '--',
        'env',
        `PATH=${PATH}`,
        'containerd',
        '--config',
        '/etc/containerd/config.toml',
      ],
      {
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, ...state.containerdEnv, CHECKPOINT_INSPECTOR_TESTBED_MARK: runDir, PATH },
      },
    );
    child.on('error', () => undefined);
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(log);
  }
  if (!pid) throw new Error('could not start containerd');
  const next: TestbedState = { ...state, pids: { ...state.pids, containerd: pid } };
  writeFileSync(path.join(runDir, 'containerd.pid'), `${pid}\n`);
  writeStateFile(next, path.join(runDir, 'state.json'));
  await waitFor('containerd to answer after its restart', timeoutMs, async () => {
    if (!pidLive(pid)) throw new Error(`containerd exited at start; see ${runDir}/containerd.log`);
    if (!existsSync(state.socket)) return false;
    const v = containerdVersionClient(state.socket);
    try {
      await v.call('Version', {}, 2000);
      return true;
    } catch {
      return false;
    } finally {
      v.close();
    }
  });
  return next;
}
