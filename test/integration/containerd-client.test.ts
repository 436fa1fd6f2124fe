// The containerd client against the real testbed: list, namespaces, live events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient, type ContainerdEvent } from '../../electron/containerd';
import { ensureTestbed, startMemoryWorkload, testbedGate, type TestbedState } from '../testbed/testbed';

const skip = testbedGate();

describe.skipIf(skip)('containerd client (testbed)', () => {
  let tb: TestbedState;
  let client: ContainerdClient;

  beforeAll(async () => {
    tb = await ensureTestbed();
    client = createContainerdClient({ socketPath: tb.socket });
  }, 600_000);

  afterAll(() => client?.close());

  it('reports the version', async () => {
    const v = await client.version();
    expect(v.version).toMatch(/^2\./);
  });

  it('lists namespaces, the web pod with pod and namespace, and the plain container', async () => {
    expect(await client.namespaces()).toEqual(expect.arrayContaining(['default', 'k8s.io']));
    const list = await client.listContainers();
    const web = list.find((c) => c.id === tb.workloads.web.containerId);
    expect(web).toMatchObject({
      namespace: 'k8s.io',
      name: 'web',
      containerName: 'web',
      podName: 'web',
      podNamespace: 'testbed',
      status: 'running',
      cri: true,
    });
    expect(web?.pid).toBeGreaterThan(0);
    expect(web?.runtime).toBe('io.containerd.runc.v2');
    expect(web?.createdAt).toMatch(/^20\d\d-/);
    const sandbox = list.find((c) => c.id === tb.workloads.web.podSandboxId);
    expect(sandbox).toMatchObject({
      podName: 'web',
      cri: false,
      labels: expect.objectContaining({ 'io.cri-containerd.kind': 'sandbox' }),
    });
    const plain = list.find((c) => c.id === tb.workloads.plain.containerId);
    expect(plain).toMatchObject({ namespace: 'default', status: 'running', cri: false, podName: null });
    expect(plain?.image).toBe(tb.workloads.plain.image);
  });

  it('lists only the chosen namespaces', async () => {
    const list = await client.listContainers(['default']);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((c) => c.namespace === 'default')).toBe(true);
  });

  it('a stopped container shows up in a live subscriber within 2 s, and the refetched list says stopped', async () => {
    const victim = await startMemoryWorkload(16);
    const seen: (ContainerdEvent & { at: number })[] = [];
    let connected = false;
    const stop = client.watch(
      (e) => seen.push({ ...e, at: Date.now() }),
      (s) => (connected ||= s.state === 'connected'),
    );
    try {
      await expect.poll(() => connected, { timeout: 5000 }).toBe(true);
      const killedAt = Date.now();
      process.kill(victim.hostPid, 'SIGKILL');
      await expect
        .poll(() => seen.some((e) => e.topic === '/tasks/exit' && e.namespace === 'k8s.io'), {
          timeout: 2000,
          interval: 20,
        })
        .toBe(true);
      const exit = seen.find((e) => e.topic === '/tasks/exit');
      expect(exit!.at - killedAt).toBeLessThan(2000);
      const after = (await client.listContainers(['k8s.io'])).find((c) => c.id === victim.containerId);
      expect(after?.status).toBe('stopped');
    } finally {
      stop();
    }
  });
});
