// What tests import to use the real containerd testbed.
//
//   const skip = testbedGate();            // one line why, or throws in CI
//   describe.skipIf(skip)('...', () => {
//     let tb: TestbedState;
//     beforeAll(async () => { tb = await ensureTestbed(); }, 300_000);
//     ...
//   });
//
// The state file's shape is TestbedState in ./state.ts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { criRuntimeClient } from './grpc.js';
import { STATE_FILE, readStateFile, writeStateFile, type MemoryWorkload, type TestbedState } from './state.js';
import { killContainerd, startContainerd } from './containerd-restart.js';
import { startMemory, startPlain, waitCriReady } from './workloads.js';

export type { MemoryWorkload, TestbedState, WebWorkload, PlainWorkload, ProcessFact } from './state.js';
export { STATE_FILE } from './state.js';

const testbedDir = path.dirname(fileURLToPath(import.meta.url));

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The state file, or undefined when the testbed was never started. */
export function readTestbedState(): TestbedState | undefined {
  return existsSync(STATE_FILE) ? readStateFile() : undefined;
}

function alive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

export function testbedRunning(state = readTestbedState()): state is TestbedState {
  return state !== undefined && alive(state.pids.holder) && alive(state.pids.containerd) && existsSync(state.socket);
}

/**
 * Why tests needing the testbed cannot run here, or undefined when they can.
 * Prints that reason on one line; under CI=true it throws instead, since CI
 * must skip nothing.
 */
export function testbedGate(): string | undefined {
  let reason: string | undefined;
  if (process.platform !== 'linux') reason = 'the containerd testbed needs Linux';
  else if (!isRoot()) reason = 'the containerd testbed needs root (containerd, runc, CRIU)';
  if (reason === undefined) return undefined;
  if (process.env.CI === 'true') throw new Error(`testbed tests cannot run in CI: ${reason}`);
  if (!gateReported) console.warn(`[testbed] skipped: ${reason}`);
  gateReported = true;
  return reason;
}
let gateReported = false;

function script(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(testbedDir, name)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`test/testbed/${name} exited with ${code}`)),
    );
  });
}

/** Starts the testbed (provisioning it if needed) unless it runs already. */
export async function ensureTestbed(): Promise<TestbedState> {
  if (!testbedRunning()) await script('up.sh');
  const state = readTestbedState();
  if (!testbedRunning(state)) throw new Error(`testbed did not start; see ${STATE_FILE}`);
  return state;
}

/** Stops the testbed (test/testbed/down.sh). */
export function stopTestbed(): Promise<void> {
  return script('down.sh');
}

/**
 * Starts (or restarts) the memhog pod `mem-<mib>`: `mib` MiB filled with a
 * known pattern and planted strings whose addresses come back in `layout`.
 */
export async function startMemoryWorkload(mib = Number(process.env.TESTBED_MEM_MIB ?? 64)): Promise<MemoryWorkload> {
  const s = await ensureTestbed();
  return startMemory(s.socket, s.image, s.memhogBinary, s.memDir, mib);
}

/**
 * CRI CheckpointContainer. `location` must lie under state.archiveDir (or
 * elsewhere under state.shareDir), which is the same path for containerd.
 */
export async function criCheckpoint(
  state: TestbedState,
  containerId: string,
  location: string,
  timeoutSeconds = 600,
): Promise<void> {
  const cri = criRuntimeClient(state.socket);
  try {
    await cri.call(
      'CheckpointContainer',
      { containerId, location, timeout: timeoutSeconds },
      (timeoutSeconds + 30) * 1000,
    );
  } finally {
    cri.close();
  }
}

/**
 * Kills containerd (SIGKILL, by pid) and starts it again in the testbed's
 * mount namespace, with the same config and state; waits until it and CRI
 * answer. Workloads keep running (their shims outlive containerd). The state
 * file gets the new pid. `downMs`: how long containerd stays away.
 */
export async function restartContainerd(opts: { downMs?: number } = {}): Promise<TestbedState> {
  const s = await ensureTestbed();
  await killContainerd(s);
  if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs));
  const next = await startContainerd(s);
  await waitCriReady(next.socket);
  return next;
}

/** Restarts the plain ctr container (e.g. after its command changed) and records it in the state file. */
export async function restartPlainWorkload(): Promise<TestbedState> {
  const s = await ensureTestbed();
  const plain = await startPlain(s.pids.containerd, s.image);
  const next: TestbedState = { ...s, workloads: { ...s.workloads, plain } };
  writeStateFile(next);
  return next;
}
