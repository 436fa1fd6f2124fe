// What tests import to use the real containerd testbed.
//
//   const skip = testbedGate();            // one line why, or throws in CI
//   describe.skipIf(skip)('...', () => {
//     let tb: TestbedState;
//     beforeAll(async () => { tb = await ensureTestbed(); }, 300_000);
//     ...
//   });
//
// Two suites (SuiteName): forky (containerd 2.x, the default) and trixie
// (containerd 1.7 + Docker). Every function takes the suite as its last
// argument, default $TESTBED_SUITE or forky; test/integration/support/suites.ts
// runs a describe block once per suite. The state file's shape is
// TestbedState in ./state.ts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { criRuntimeClient } from './grpc.js';
import {
  defaultSuite,
  readStateFile,
  suiteStateFile,
  writeStateFile,
  type MemoryWorkload,
  type SuiteName,
  type TestbedState,
} from './state.js';
import { killContainerd, startContainerd } from './containerd-restart.js';
import { startMemory, startPlain, waitCriReady } from './workloads.js';

export type {
  DockerFacts,
  DockerWorkload,
  MemoryWorkload,
  PlainWorkload,
  ProcessFact,
  SuiteFacts,
  SuiteName,
  TestbedState,
  WebWorkload,
  WorkerWorkload,
} from './state.js';
export { STATE_FILE, SUITES, suiteStateFile } from './state.js';

const testbedDir = path.dirname(fileURLToPath(import.meta.url));

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The suite's state file, or undefined when its testbed was never started. */
export function readTestbedState(suite: SuiteName = defaultSuite()): TestbedState | undefined {
  const file = suiteStateFile(suite);
  return existsSync(file) ? readStateFile(file) : undefined;
}

function alive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

/** Whether the testbed of this state file runs (undefined: never started, so not). */
export function testbedRunning(state: TestbedState | undefined): state is TestbedState {
  if (state === undefined || !alive(state.pids.holder) || !alive(state.pids.containerd)) return false;
  if (!existsSync(state.socket)) return false;
  return state.docker === undefined || (alive(state.docker.pid) && existsSync(state.docker.socket));
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

function script(name: string, suite: SuiteName): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(testbedDir, name)], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, TESTBED_SUITE: suite },
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`test/testbed/${name} (${suite}) exited with ${code}`)),
    );
  });
}

/** Starts the suite's testbed (provisioning it if needed) unless it runs already. */
export async function ensureTestbed(suite: SuiteName = defaultSuite()): Promise<TestbedState> {
  if (!testbedRunning(readTestbedState(suite))) await script('up.sh', suite);
  const state = readTestbedState(suite);
  if (!testbedRunning(state)) throw new Error(`the ${suite} testbed did not start; see ${suiteStateFile(suite)}`);
  return state;
}

/** Stops the suite's testbed (test/testbed/down.sh); the other suite runs on. */
export function stopTestbed(suite: SuiteName = defaultSuite()): Promise<void> {
  return script('down.sh', suite);
}

/**
 * Starts (or restarts) the memhog pod `mem-<mib>`: `mib` MiB filled with a
 * known pattern and planted strings whose addresses come back in `layout`.
 */
export async function startMemoryWorkload(
  mib = Number(process.env.TESTBED_MEM_MIB ?? 64),
  suite: SuiteName = defaultSuite(),
): Promise<MemoryWorkload> {
  return startMemory(await ensureTestbed(suite), mib);
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
export async function restartContainerd(opts: { downMs?: number; suite?: SuiteName } = {}): Promise<TestbedState> {
  const s = await ensureTestbed(opts.suite);
  await killContainerd(s);
  if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs));
  const next = await startContainerd(s);
  await waitCriReady(next.socket);
  return next;
}

/** Restarts the plain ctr container (e.g. after its command changed) and records it in the state file. */
export async function restartPlainWorkload(suite: SuiteName = defaultSuite()): Promise<TestbedState> {
  const s = await ensureTestbed(suite);
  const plain = await startPlain(s.pids.containerd, s);
  const next: TestbedState = { ...s, workloads: { ...s.workloads, plain } };
  writeStateFile(next, suiteStateFile(s.suite));
  return next;
}
