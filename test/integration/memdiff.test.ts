// The memory diff of two checkpoints of a real workload (issue 14): the pod of
// test/testbed/memdiff-target.c, a parent that writes known bytes into three
// known pages when told and an idle child, checkpointed twice with our CLI
// (left running) with the write in between. The diff lists exactly those
// three pages of the parent, by address, and nothing of the child.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MemoryDiff } from '../../shared/dto/memory-diff';
import { MEMDIFF, startMemdiff, type MemdiffWorkload } from '../testbed/memdiff-workload';
import type { TestbedState } from '../testbed/testbed';
import { checkpointArgs } from './support/cli-args';
import { bundleCli } from './support/checkpoint-cli-run';
import { execCli } from './support/cli-exec';
import { describeSuites } from './support/suites';

describeSuites('memory diff of two checkpoints (testbed)', (suite) => {
  let tb: TestbedState;
  let scratch: string;
  let cli: string;
  let w: MemdiffWorkload | undefined;
  let archives: { a: string; b: string };
  const run = (args: string[]) => execCli(cli, args);

  beforeAll(async () => {
    tb = suite.state;
    scratch = await mkdtemp(path.join(tb.archiveDir, 'h-memdiff-'));
    cli = await bundleCli('h-memdiff');
    w = await startMemdiff(tb, `h-memdiff-${suite.name}`);
    archives = { a: path.join(scratch, 'before.tar'), b: path.join(scratch, 'after.tar') };
    const before = await run(checkpointArgs(tb, w, 'native', archives.a));
    expect(before.code, before.stderr).toBe(0);
    await w.write();
    const after = await run(checkpointArgs(tb, w, 'native', archives.b));
    expect(after.code, after.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await w?.remove();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (cli) await rm(path.dirname(cli), { recursive: true, force: true });
  }, 120_000);

  it('lists exactly the pages the parent wrote, by address, and none of the idle child', async () => {
    const r = await run(['diff', archives.a, archives.b, '--memory', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const d = (JSON.parse(r.stdout) as { memory_diff: MemoryDiff }).memory_diff;
    const parent = d.processes.find((p) => p.pid === w!.parent)!;
    const child = d.processes.find((p) => p.pid === w!.child)!;
    expect(parent).toMatchObject({ match: 'both', complete: true });
    expect(child).toMatchObject({ match: 'both', complete: true, added: 0, removed: 0, changed: 0, pages: [] });
    const written = MEMDIFF.write.map((i) => MEMDIFF.base + i * MEMDIFF.page);
    expect(parent.pages.map((p) => [p.kind, `0x${p.address.toString(16)}`])).toEqual(
      written.map((x) => ['changed', `0x${x.toString(16)}`]),
    );
    expect({ added: parent.added, removed: parent.removed, changed: parent.changed }).toEqual({
      added: 0,
      removed: 0,
      changed: 3,
    });
    // The three pages are in the fixed mapping, which is the same VMA in both.
    expect(parent.vmas).toEqual([
      expect.objectContaining({
        match: 'same',
        changed: 3,
        a: expect.objectContaining({ start: MEMDIFF.base, end: MEMDIFF.base + MEMDIFF.pages * MEMDIFF.page }),
      }),
    ]);
    // Every other page the two processes have is the same in both checkpoints, the 64 mapped pages included.
    expect(parent.same + child.same).toBeGreaterThanOrEqual(2 * MEMDIFF.pages - 3);
    // Both checkpoints left the container running.
    expect(existsSync(`/proc/${w!.hostPid}`)).toBe(true);
  });

  it('the text output sums it up in a few lines', async () => {
    const r = await run(['diff', archives.a, archives.b, '--memory']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Memory diff (each 4 KiB page by content): 3 changed, 0 added, 0 removed');
    expect(r.stdout).toMatch(new RegExp(`PID ${w!.parent} memdiff-target: 3 changed, 0 added, 0 removed`));
    expect(r.stdout).not.toMatch(new RegExp(`PID ${w!.child} `));
  });
});
