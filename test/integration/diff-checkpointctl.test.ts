// `diff` beside the real checkpointctl on two CRI checkpoints of the testbed's
// `web` pod taken before and after a change (a new process, a new file):
// the same exit class, JSON on every key checkpointctl has and text lines,
// for each set of flags, both ways. The change is undone afterwards. Needs
// root, the containerd testbed and ../shared/peers/checkpointctl.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CtlDiff } from '../../electron/inspect/diff/ctl-types';
import { runCliCaptured } from '../support/run-cli-captured';
import { criCheckpoint, ensureTestbed, testbedGate, type TestbedState } from '../testbed/testbed';
import { execSync } from '../testbed/workloads';
import { compareBoth, FLAG_SETS } from '../unit/cli/diff-compare';

const skip = testbedGate();
const NEW_FILE = '/data/h-diff-ctl.txt';
/** An argv nothing else in the pod has (forensics-diff.test.ts uses 31337), so it can be found and killed. */
const SLEEP = '/bin/sleep 31338';

describe.skipIf(skip !== undefined)(`diff beside checkpointctl on two checkpoints of web ${skip ?? ''}`, () => {
  let state: TestbedState;
  let before: string;
  let after: string;

  const undo = async () => {
    await execSync(state.socket, state.workloads.web.containerId, [
      '/bin/sh',
      '-c',
      `pkill -f 'sleep 31338'; rm -f ${NEW_FILE}; true`,
    ]).catch(() => undefined);
  };

  beforeAll(async () => {
    state = await ensureTestbed();
    await undo();
    before = path.join(state.archiveDir, 'h-diff-ctl-before.tar');
    after = path.join(state.archiveDir, 'h-diff-ctl-after.tar');
    for (const f of [before, after]) await rm(f, { force: true });
    const id = state.workloads.web.containerId;
    await criCheckpoint(state, id, before);
    const res = await execSync(state.socket, id, [
      '/bin/sh',
      '-c',
      `echo h-diff > ${NEW_FILE}; ${SLEEP} </dev/null >/dev/null 2>&1 & true`,
    ]);
    expect(res.exitCode).toBe(0);
    await criCheckpoint(state, id, after);
  });

  afterAll(async () => {
    if (state) await undo();
    for (const f of [before, after]) if (f && existsSync(f)) await rm(f, { force: true });
  });

  it('the same facts as checkpointctl, each set of flags, both ways', async () => {
    for (const flags of FLAG_SETS) {
      await compareBoth(before, after, flags);
      await compareBoth(after, before, flags);
    }
  });

  it('shows the new sleep as the one added process, its file in the rootfs changes', async () => {
    const r = await runCliCaptured(['diff', before, after, '--ps-tree-cmd', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const d = JSON.parse(r.out) as CtlDiff;
    expect(d.process_changes.added?.map((p) => [p.command, p.cmdline])).toEqual([['sleep', `${SLEEP} `]]);
    expect(d.process_changes.removed).toBeUndefined();
    expect(d.process_changes.modified).toBeUndefined();
    expect(d.rootfs_changes.added.map((e) => e.path)).toEqual([NEW_FILE]);
    expect(d.summary).toContain('Processes: +1 -0 ~0');
  });
});
