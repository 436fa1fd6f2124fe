// The browser host's stop (its signals) and the app core's dispose (every app
// host's last step) wait for a checkpoint in flight to undo what it did, and
// keep containerd open for it until then. A fake containerd port whose
// checkpoint, once cancelled, takes a while to "resume its container".
import { mkdtemp, rm } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CheckpointsInFlight, installShutdown } from '../../../electron/app/checkpoint-shutdown';
import { createAppCore, type AppCore } from '../../../electron/ipc/app-core';
import { createArchivesPort } from '../../../electron/inspect/archive-registry';
import { SettingsStore } from '../../../electron/settings/settings-store';
import type { ContainerdPort } from '../../../electron/app/ports';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'h-paused-hoststop-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function coreWithSlowCheckpoint(checkpoints?: CheckpointsInFlight) {
  const log: string[] = [];
  let undo: () => void = () => undefined;
  const port: ContainerdPort = {
    status: () => ({ state: 'connected', socketPath: '/x.sock', version: '2.1', error: null }),
    connect: async () => port.status(),
    containers: async () => [],
    checkpoint: (_req, ctx) =>
      new Promise((_resolve, reject) => {
        log.push('dumping');
        ctx.signal.addEventListener('abort', () => {
          log.push('cancelled');
          // The container is resumed only after CRIU ends: some time after the cancel.
          undo = () => {
            log.push('resumed');
            reject(new Error('checkpoint cancelled'));
          };
        });
      }),
    close: () => log.push('containerd closed'),
  };
  const settings = await SettingsStore.load(path.join(dir, 'ud'));
  await settings.update({ outputFolder: dir });
  const core: AppCore = await createAppCore({
    host: { kind: 'browser', samplePath: null },
    settings,
    allowCheckpoint: true,
    archives: await createArchivesPort(),
    containerd: () => port,
    ...(checkpoints ? { checkpoints } : {}),
  });
  const started = await core.dispatch('checkpoint.start', { containerId: 'c1', namespace: 'default' });
  expect(started.ok).toBe(true);
  await vi.waitFor(() => expect(log).toContain('dumping'));
  return { core, log, undo: () => undo() };
}

describe('stopping a host mid-checkpoint', () => {
  it("the core's dispose cancels the checkpoint and closes containerd only after it resumed the container", async () => {
    const { core, log, undo } = await coreWithSlowCheckpoint();
    expect(core.checkpoints.count).toBe(1);
    let disposed = false;
    const disposing = core.dispose().then(() => (disposed = true));
    await vi.waitFor(() => expect(log).toContain('cancelled'));
    await new Promise((r) => setImmediate(r));
    expect(disposed).toBe(false);
    expect(log).not.toContain('containerd closed');
    undo();
    await disposing;
    expect(log).toEqual(['dumping', 'cancelled', 'resumed', 'containerd closed']);
  });

  it("the browser host's SIGTERM: says so, waits for the cleanup, and only then lets the host close", async () => {
    const checkpoints = new CheckpointsInFlight();
    const proc = Object.assign(new EventEmitter(), { exit: vi.fn() });
    const said: string[] = [];
    const shutdown = installShutdown({ inFlight: checkpoints, say: (l) => said.push(l), proc, stop: () => undefined });
    const { core, log, undo } = await coreWithSlowCheckpoint(checkpoints);
    proc.emit('SIGTERM');
    expect(said[0]).toMatch(/^SIGTERM: stopping the checkpoint/);
    await vi.waitFor(() => expect(log).toContain('cancelled'));
    let stopped = false;
    void shutdown.stopped.then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    undo();
    expect(await shutdown.stopped).toBe(143);
    await core.dispose();
    expect(log).toEqual(['dumping', 'cancelled', 'resumed', 'containerd closed']);
    expect(proc.exit).not.toHaveBeenCalled();
    shutdown.dispose();
  });
});
