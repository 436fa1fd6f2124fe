// The containerd client against the real testbeds (containerd 2.1 and 1.7):
// list, namespaces, live events.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient, type ContainerdEvent } from '../../electron/containerd';
import { startMemoryWorkload, type TestbedState } from '../testbed/testbed';
import { byContainerd, describeSuites } from './support/suites';

describeSuites('containerd client (testbed)', (suite) => {
  let tb: TestbedState;
  let client: ContainerdClient;

  beforeAll(() => {
    tb = suite.state;
    client = createContainerdClient({ socketPath: tb.socket });
  });

  afterAll(() => client?.close());

  it('reports the version the state file records', async () => {
    const v = await client.version();
    expect(v.version).toBe(tb.versions.containerd);
    expect(v.version).toMatch(byContainerd(tb, { '2.1': /^2\.1\./, '1.7': /^1\.7\./ }));
  });

  it('lists namespaces, the web pod with pod and namespace, and the plain container', async () => {
    // Docker's containers live in `moby` (trixie runs dockerd)
    const namespaces = tb.docker ? ['default', 'k8s.io', tb.docker.namespace] : ['default', 'k8s.io'];
    expect(await client.namespaces()).toEqual(expect.arrayContaining(namespaces));
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

  /** Kills a fresh CRI container and waits for its /tasks/exit event in a live subscriber. */
  async function killAndSeeExit(): Promise<{ containerId: string }> {
    const victim = await startMemoryWorkload(16, suite.name);
    const seen: ContainerdEvent[] = [];
    let connected = false;
    const stop = client.watch(
      (e) => seen.push(e),
      (s) => (connected ||= s.state === 'connected'),
    );
    try {
      await expect.poll(() => connected, { timeout: 15_000 }).toBe(true);
      // A list before the kill says running (CRI and the task agree).
      const before = (await client.listContainers(['k8s.io'])).find((c) => c.id === victim.containerId);
      expect(before).toMatchObject({ status: 'running', statusSource: 'cri', exitCode: null });
      process.kill(victim.hostPid, 'SIGKILL');
      await expect
        .poll(() => seen.some((e) => e.topic === '/tasks/exit' && e.namespace === 'k8s.io'), {
          timeout: 30_000,
          interval: 20,
        })
        .toBe(true);
    } finally {
      stop();
    }
    return victim;
  }

  const stateOf = async (id: string) => (await client.listContainers(['k8s.io'])).find((c) => c.id === id);

  it('a killed CRI container shows up in a live subscriber, and the refetched list says exited (137)', async () => {
    const victim = await killAndSeeExit();
    // CRI handles the exit event on its own schedule: wait for the promised
    // state, whether or not containerd still holds the task.
    await expect.poll(async () => (await stateOf(victim.containerId))?.status, { timeout: 30_000 }).toBe('exited');
    const after = await stateOf(victim.containerId);
    expect(after).toMatchObject({ status: 'exited', exitCode: 137, statusSource: 'cri', pid: null });
    expect(Date.parse(after!.exitedAt!)).toBeGreaterThan(Date.parse(after!.createdAt!));
  });

  it('after containerd deletes the exited task, the container still reads exited (137)', async () => {
    const victim = await killAndSeeExit();
    // CRI deletes the task itself soon after the exit; delete it here too, so
    // the test does not depend on when it does. The two deletes race (ours can
    // fail with NOT_FOUND or "ttrpc: closed" when CRI's wins): what counts is
    // the state below, that the task is gone.
    await client.rpc
      .unary('tasks', 'Delete', { container_id: victim.containerId }, { namespace: 'k8s.io' })
      .catch(() => undefined);
    await expect.poll(() => client.getTask('k8s.io', victim.containerId), { timeout: 30_000 }).toBeNull();
    await expect.poll(async () => (await stateOf(victim.containerId))?.status, { timeout: 30_000 }).toBe('exited');
    expect(await stateOf(victim.containerId)).toMatchObject({ status: 'exited', exitCode: 137, pid: null });
  });
});
