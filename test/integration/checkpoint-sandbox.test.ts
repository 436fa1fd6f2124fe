// A pod's sandbox is never checkpointed, against the real testbeds: the web
// pod's sandbox id sent to `checkpoint.start` (as the GUI sends it, every
// path) is refused with SANDBOX_NOT_CHECKPOINTABLE and starts no job; the
// checkpoint core the CLI calls refuses it too; the refusal comes before CRIU
// or CRI is asked anything, so the pod is still running afterwards. The list
// marks the sandbox, so the GUI shows it as the pod.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeCore, type ComposedCore } from '../../electron/ipc/compose';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import type { ContainerInfo } from '../../shared/dto';
import type { TestbedState } from '../testbed/testbed';
import { runCheckpoint, taskStatus } from './support/checkpoint-helpers';
import { describeSuites } from './support/suites';

describeSuites('pod sandboxes are refused (testbed)', (suite) => {
  let tb: TestbedState;
  let client: ContainerdClient;
  let out: string;
  let composed: ComposedCore;

  beforeAll(async () => {
    tb = suite.state;
    client = createContainerdClient({ socketPath: tb.socket });
    out = await mkdtemp(path.join(tb.archiveDir, 'pods-sandbox-'));
    composed = await composeCore({
      host: { kind: 'browser', samplePath: null },
      userDataDir: await mkdtemp(path.join(os.tmpdir(), 'pods-sandbox-ud-')),
      allowCheckpoint: true,
      socketPath: tb.socket,
    });
    expect((await composed.core.dispatch('settings.update', { outputFolder: out })).ok).toBe(true);
    expect(await composed.core.dispatch('containerd.connect', {})).toMatchObject({ ok: true });
  }, 120_000);

  afterAll(async () => {
    await composed?.dispose();
    client?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('checkpoint.start with the sandbox id is refused on every path, naming the pod, and the pod keeps running', async () => {
    const web = tb.workloads.web;
    expect(await taskStatus(client, web.namespace, web.podSandboxId)).toBe('RUNNING');
    for (const via of ['auto', 'cri', 'native'] as const) {
      for (const leaveRunning of [true, false]) {
        const reply = await composed.core.dispatch('checkpoint.start', {
          containerId: web.podSandboxId,
          namespace: web.namespace,
          via,
          leaveRunning,
        });
        expect(reply, `${via} leaveRunning=${leaveRunning}`).toMatchObject({
          ok: false,
          error: { code: 'SANDBOX_NOT_CHECKPOINTABLE', details: { podName: web.pod.name } },
        });
        const message = (reply as { error: { message: string } }).error.message;
        expect(message).toContain(`sandbox of pod "${web.pod.namespace}/${web.pod.name}"`);
      }
    }
    expect(await composed.core.dispatch('job.list', {})).toEqual({ ok: true, value: [] });
    expect(await readdir(out)).toEqual([]);
    expect(await taskStatus(client, web.namespace, web.podSandboxId)).toBe('RUNNING');
    expect(await taskStatus(client, web.namespace, web.containerId)).toBe('RUNNING');
  }, 120_000);

  it("the checkpoint core (the CLI's) refuses the sandbox before any dump", async () => {
    const web = tb.workloads.web;
    const phases: string[] = [];
    await expect(
      runCheckpoint(
        client,
        {
          containerId: web.podSandboxId,
          namespace: web.namespace,
          via: 'native',
          outputPath: path.join(out, 'sb.tar'),
        },
        { onProgress: (p) => phases.push(p.phase) },
      ),
    ).rejects.toMatchObject({ code: 'SANDBOX_NOT_CHECKPOINTABLE' });
    expect(phases, 'no phase was reached').toEqual([]);
    expect(await readdir(out)).toEqual([]);
    expect(await taskStatus(client, web.namespace, web.podSandboxId)).toBe('RUNNING');
  }, 120_000);

  it('containerd.containers marks the sandbox (named as the pod) and not its container', async () => {
    const web = tb.workloads.web;
    const reply = await composed.core.dispatch('containerd.containers', { namespaces: [web.namespace] });
    expect(reply.ok).toBe(true);
    const list = (reply as { value: ContainerInfo[] }).value;
    expect(list.find((c) => c.id === web.podSandboxId)).toMatchObject({ sandbox: true, name: web.pod.name });
    expect(list.find((c) => c.id === web.containerId)).toMatchObject({ sandbox: false, podName: web.pod.name });
  }, 60_000);
});
