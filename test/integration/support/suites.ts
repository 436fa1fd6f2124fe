// Runs a test file's cases once per testbed suite (forky: containerd 2.x;
// trixie: containerd 1.7 and Docker), each against its own running testbed:
//
//   describeSuites('containerd client', (suite) => {
//     let client: ContainerdClient;
//     beforeAll(() => { client = createContainerdClient({ socketPath: suite.state.socket }); });
//     it('reports the version', async () => {
//       expect((await client.version()).version).toMatch(byContainerd(suite.state, { '2.1': /^2\.1\./, '1.7': /^1\.7\./ }));
//     });
//   });
//
// The suites run: $TESTBED_SUITES (comma-separated), else all of them. What
// differs between runtimes is asserted per version (byContainerd) or from the
// state file's facts; a version no table knows fails naming it.
import { beforeAll, describe } from 'vitest';
import {
  ensureTestbed,
  readTestbedState,
  SUITES,
  testbedGate,
  type SuiteName,
  type TestbedState,
} from '../../testbed/testbed';
import type { WebWorkload, WorkerWorkload } from '../../testbed/state';

export interface SuiteHandle {
  readonly name: SuiteName;
  /** the suite's state file as read in beforeAll (or by refresh()) */
  readonly state: TestbedState;
  /** reads the state file again (after a restart that changed pids or workloads) */
  refresh(): TestbedState;
}

/** The suites to run: $TESTBED_SUITES, else all. An unknown name throws, naming it. */
export function selectedSuites(): SuiteName[] {
  const list = process.env.TESTBED_SUITES;
  if (!list) return [...SUITES];
  return list.split(',').map((raw) => {
    const name = raw.trim();
    if (!(SUITES as readonly string[]).includes(name)) {
      throw new Error(`TESTBED_SUITES names "${name}", not a testbed suite (known: ${SUITES.join(', ')})`);
    }
    return name as SuiteName;
  });
}

/**
 * `describe` once per selected suite, titled "TITLE (suite)"; a beforeAll
 * brings the suite's testbed up before the body's own hooks run. Skipped with
 * one line where the testbed cannot run (not root), a failure under CI.
 */
export function describeSuites(title: string, body: (suite: SuiteHandle) => void): void {
  const skip = testbedGate();
  for (const name of selectedSuites()) {
    describe.skipIf(skip)(`${title} (${name})`, () => {
      let current: TestbedState | undefined;
      const handle: SuiteHandle = {
        name,
        get state(): TestbedState {
          if (!current) throw new Error(`the ${name} testbed's state is read in beforeAll; use it in a hook or test`);
          return current;
        },
        refresh(): TestbedState {
          const next = readTestbedState(name);
          if (!next) throw new Error(`the ${name} testbed has no state file`);
          current = next;
          return next;
        },
      };
      beforeAll(async () => {
        current = await ensureTestbed(name);
      }, 600_000);
      body(handle);
    });
  }
}

/** The containerd release lines the tests know. */
export type ContainerdLine = '1.7' | '2.1';
const CONTAINERD_LINES: readonly ContainerdLine[] = ['1.7', '2.1'];

/** The suite's containerd line, or an error naming a version no test knows yet. */
export function containerdLine(state: TestbedState): ContainerdLine {
  const v = state.versions.containerd;
  const line = CONTAINERD_LINES.find((l) => v.startsWith(`${l}.`));
  if (!line) {
    throw new Error(
      `containerd ${v} (suite ${state.suite}) is a version these tests do not know (known: ${CONTAINERD_LINES.join(', ')}); ` +
        'find out what it does and add it to test/integration/support/suites.ts',
    );
  }
  return line;
}

/** The entry of `table` for the suite's containerd line. */
export function byContainerd<T>(state: TestbedState, table: Record<ContainerdLine, T>): T {
  return table[containerdLine(state)];
}

/** A CRI workload CRIU can dump on this suite: `web`, or `worker` where web's listener cannot be dumped. */
export function dumpableCriWorkload(state: TestbedState): WebWorkload | WorkerWorkload {
  if (state.facts.webDumpable) return state.workloads.web;
  if (!state.workloads.worker) throw new Error(`the ${state.suite} testbed has no worker pod; restart it`);
  return state.workloads.worker;
}
