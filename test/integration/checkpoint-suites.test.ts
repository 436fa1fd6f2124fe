// The checkpoint paths on every testbed suite (containerd 2.1 and 1.7): auto
// into a shared folder takes CRI where the runtime has it (2.1) and native
// shared where it answers Unimplemented (1.7), saying so; auto into a folder
// containerd cannot see streams natively; every archive has stats-dump and
// dump.log and passes checkpointctl's and our `inspect --all`. On 1.7 the web
// pod's listening socket is a real CRIU failure: its dump.log line is shown.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import type { TestbedState } from '../testbed/testbed';
import { containerdSideWork, expectInspectAll, unsharedFolder } from './support/archive-checks';
import { ourLeases, runCheckpoint, tarMembers, taskStatus } from './support/checkpoint-helpers';
import { byContainerd, describeSuites, dumpableCriWorkload } from './support/suites';

describeSuites('checkpoint paths on each runtime (testbed)', (suite) => {
  let tb: TestbedState;
  let client: ContainerdClient;
  let unshared: string;
  const written: string[] = [];

  beforeAll(async () => {
    tb = suite.state;
    client = createContainerdClient({ socketPath: tb.socket });
    unshared = await unsharedFolder('h-paths-suites');
  });

  afterAll(async () => {
    client?.close();
    for (const f of written) await rm(f, { force: true });
    if (unshared) await rm(unshared, { recursive: true, force: true });
  });

  const checkpoint = (outputPath: string) => {
    written.push(outputPath);
    const w = dumpableCriWorkload(tb);
    return runCheckpoint(client, { containerId: w.containerId, namespace: 'k8s.io', via: 'auto', outputPath });
  };

  it('auto into a folder containerd sees: CRI where implemented, else native shared, and the progress says why', async () => {
    const { result, updates } = await checkpoint(path.join(tb.archiveDir, `h-paths-suites-${process.pid}.tar`));
    const messages = updates.map((u) => u.message ?? '');
    expect(result.how).toBe(byContainerd(tb, { '2.1': 'cri', '1.7': 'native-shared' }));
    if (result.how === 'native-shared') {
      expect(messages).toContain(
        `path: native (CRI CheckpointContainer is not implemented by containerd ${tb.versions.containerd})`,
      );
    } else {
      expect(messages[0]).toMatch(/^path: CRI \(containerd sees .* and the container was made through CRI\)$/);
    }
    expect(await tarMembers(result.outputPath)).toEqual(expect.arrayContaining(['stats-dump', 'dump.log']));
    await expectInspectAll(result.outputPath);
  });

  it('auto into a folder containerd cannot see: native, streamed, with stats-dump and dump.log', async () => {
    const before = await containerdSideWork(tb.pids.containerd);
    const { result } = await checkpoint(path.join(unshared, 'streamed.tar'));
    expect(result).toMatchObject({ via: 'native', how: 'native-streamed', notes: [] });
    expect(await tarMembers(result.outputPath)).toEqual(
      expect.arrayContaining(['stats-dump', 'dump.log', 'checkpoint-inspector.json', 'checkpoint/pstree.img']),
    );
    await expectInspectAll(result.outputPath);
    expect(await containerdSideWork(tb.pids.containerd)).toEqual(before);
    expect(await readdir(unshared)).toEqual(['streamed.tar']);
  });

  it('where CRIU cannot dump web (1.7: its listening socket), the error carries that dump.log line', async () => {
    if (tb.facts.webDumpable) {
      // 2.1 dumps it: the CRIU failure there is checkpoint-criu-failure.test.ts's (an established TCP connection).
      expect(tb.facts.webDumpError).toBeNull();
      return;
    }
    const error = await runCheckpoint(client, {
      containerId: tb.workloads.web.containerId,
      namespace: 'k8s.io',
      via: 'native',
      outputPath: path.join(unshared, 'web.tar'),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHECKPOINT_FAILED' });
    const e = error as Error & { details: { logLines: string[]; criuVersion: string } };
    expect(e.message).toContain(tb.facts.webDumpError!);
    expect(e.message).toContain(`CRIU ${tb.versions.criu}`);
    expect(e.details.logLines.some((l) => l.includes(tb.facts.webDumpError!))).toBe(true);
    expect(await taskStatus(client, 'k8s.io', tb.workloads.web.containerId)).toBe('RUNNING');
    expect(await ourLeases(client, 'k8s.io')).toEqual([]);
    expect(await readdir(unshared)).not.toContain('web.tar');
  });
});
