// planCheckpointPath over a stand-in client (getContainer, serverPid): the folder
// check through /proc/PID/root is real (our own pid: a containerd that sees it).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planCheckpointPath, type PlanRequest } from '../../../electron/checkpoint/plan';
import type { ContainerdClient } from '../../../electron/containerd/client';
import type { ContainerRecord } from '../../../electron/containerd/messages';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ckpt-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(labels: Record<string, string>, runtime = 'io.containerd.runc.v2'): ContainerRecord {
  return {
    id: 'c'.repeat(64),
    labels,
    image: 'img',
    runtime: { name: runtime, options: null },
    spec: null,
    snapshotter: 'overlayfs',
    snapshot_key: 'k',
    created_at: null,
    updated_at: null,
    extensions: {},
    sandbox: '',
  };
}

function client(rec: ContainerRecord, pid: number | null): ContainerdClient {
  return { getContainer: async () => rec, serverPid: async () => pid } as unknown as ContainerdClient;
}

const ask = (over: Partial<PlanRequest> = {}): PlanRequest => ({
  containerId: 'c'.repeat(64),
  namespace: 'k8s.io',
  via: 'auto',
  leaveRunning: true,
  tcpEstablished: false,
  folder: dir,
  ...over,
});

const CRI = { 'io.cri-containerd.kind': 'container' };

describe('the path a checkpoint would take, asked before it starts', () => {
  it('is CRI for a CRI container into a folder containerd sees', async () => {
    const plan = await planCheckpointPath(client(record(CRI), process.pid), ask());
    expect(plan.containerdSees?.state).toBe('same');
    expect(plan.path).toMatchObject({ via: 'cri', how: 'cri' });
    expect(plan.pathError).toBeNull();
  });

  it('is native, sharing the folder with CRIU, for runc when native is asked for and containerd sees it', async () => {
    const plan = await planCheckpointPath(client(record({}), process.pid), ask({ via: 'native' }));
    expect(plan.path).toMatchObject({ via: 'native', how: 'native-shared' });
  });

  it('streams when containerd cannot be shown to see the folder, and says why', async () => {
    const plan = await planCheckpointPath(client(record(CRI), null), ask());
    expect(plan.containerdSees).toMatchObject({ state: 'unknown', reason: expect.stringContaining('pid') });
    expect(plan.path).toMatchObject({ via: 'native', how: 'native-streamed' });
    expect((await planCheckpointPath(client(record({}, 'io.containerd.kata.v2'), process.pid), ask())).path?.how).toBe(
      'native-streamed',
    );
  });

  it("is the refusal a start would meet: a pod's sandbox, CRI with established TCP connections", async () => {
    const sandbox = await planCheckpointPath(
      client(record({ 'io.cri-containerd.kind': 'sandbox' }), process.pid),
      ask(),
    );
    expect(sandbox).toMatchObject({ path: null, pathError: { code: 'SANDBOX_NOT_CHECKPOINTABLE' } });
    const tcp = await planCheckpointPath(client(record(CRI), process.pid), ask({ via: 'cri', tcpEstablished: true }));
    expect(tcp).toMatchObject({ path: null, pathError: { code: 'UNSUPPORTED' } });
    expect(tcp.containerdSees?.state).toBe('same');
  });
});
