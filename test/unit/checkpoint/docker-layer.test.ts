import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateDockerLayer, type LocateInput } from '../../../electron/checkpoint/docker-layer';
import type { DockerAnswer, DockerContainerJson } from '../../../electron/containerd/docker-engine';
import type { ContainerRecord } from '../../../electron/containerd/messages';
import type { Rpc } from '../../../electron/containerd/rpc';
import { dockerRecord } from '../containerd/docker-record';

const dir = mkdtempSync(path.join(os.tmpdir(), 'h-docker-layer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ID = 'd'.repeat(64);
const home = path.join(dir, 'overlay2');
for (const layer of ['L', 'L-init', 'IMG']) mkdirSync(path.join(home, layer, 'diff'), { recursive: true });
mkdirSync(path.join(home, 'L', 'merged'));
mkdirSync(path.join(home, 'l'));
symlinkSync('../L-init/diff', path.join(home, 'l', 'INIT'));
symlinkSync('../IMG/diff', path.join(home, 'l', 'IMAGE'));
symlinkSync('/etc', path.join(home, 'l', 'ABSOLUTE')); // not overlay2's: skipped
writeFileSync(path.join(home, 'L', 'lower'), 'l/INIT:l/IMAGE:l/ABSOLUTE:../../etc');

function container(rootPath: string | null): ContainerRecord {
  return dockerRecord(ID, rootPath ? { root: { path: rootPath } } : null, { runtime: null });
}

/** What both ways of finding the overlay2 layer above give. */
const IMAGE_LAYER = {
  kind: 'overlay',
  upper: `${home}/L/diff`,
  lowers: [`${home}/L-init/diff`, `${home}/IMG/diff`],
  merged: `${home}/L/merged`,
};

/** containerd's snapshots service, as far as locating asks it: which snapshots exist. */
function rpcWith(snapshots: Record<string, string[]>): Rpc & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    unary: async (service: string, method: string, req: { snapshotter: string; key: string }) => {
      asked.push({ service, method, ...req });
      if (service !== 'snapshots' || method !== 'Stat') throw new Error(`unexpected ${service}.${method}`);
      if (!snapshots[req.snapshotter]?.includes(req.key)) throw new Error('not found');
      return { info: { name: req.key, parent: `${req.key}-init`, kind: 'ACTIVE', labels: {} } };
    },
  } as unknown as Rpc & { asked: unknown[] };
}

const inspected = (over: Partial<DockerContainerJson>): DockerAnswer<DockerContainerJson> => ({
  ok: true,
  socket: '/s',
  value: { id: ID, name: 'web', imageName: null, imageId: null, driver: null, graphDriver: null, ...over },
});
const unanswered: DockerAnswer<DockerContainerJson> = { ok: false, reason: "Docker's Engine API did not answer (x)" };

const input = (over: Partial<LocateInput>): LocateInput => ({
  rpc: rpcWith({}),
  namespace: 'moby',
  container: container(null),
  inspect: unanswered,
  containerdPid: null,
  ...over,
});

describe("locating a Docker container's writable layer", () => {
  it("takes overlay2's folders from the Engine API's GraphDriver.Data", async () => {
    const data = {
      UpperDir: `${home}/L/diff`,
      LowerDir: `${home}/L-init/diff:${home}/IMG/diff`,
      MergedDir: `${home}/L/merged`,
    };
    const layer = await locateDockerLayer(
      input({ inspect: inspected({ driver: 'overlay2', graphDriver: { name: 'overlay2', data } }) }),
    );
    expect(layer).toEqual(IMAGE_LAYER);
  });

  it("reads them through containerd's root when containerd says its pid", async () => {
    const data = { UpperDir: `${home}/L/diff`, LowerDir: '', MergedDir: `${home}/L/merged` };
    const layer = await locateDockerLayer(
      input({ inspect: inspected({ graphDriver: { name: 'overlay2', data } }), containerdPid: process.pid }),
    );
    expect(layer).toMatchObject({ kind: 'overlay', upper: `/proc/${process.pid}/root${home}/L/diff`, lowers: [] });
  });

  it("without the Engine API, derives them from the spec's root …/overlay2/ID/merged and the layer's lower file", async () => {
    const layer = await locateDockerLayer(input({ container: container(`${home}/L/merged`) }));
    expect(layer).toEqual(IMAGE_LAYER);
  });

  it("uses containerd's snapshot named by the container's id when Docker uses the containerd image store", async () => {
    const rpc = rpcWith({ overlayfs: [ID] });
    expect(await locateDockerLayer(input({ rpc, inspect: inspected({ driver: 'overlayfs' }) }))).toEqual({
      kind: 'snapshot',
      snapshotter: 'overlayfs',
      key: ID,
    });
    const viaSpec = await locateDockerLayer(
      input({ rpc: rpcWith({ native: [ID] }), container: container(`/var/lib/docker/rootfs/native/${ID}`) }),
    );
    expect(viaSpec).toEqual({ kind: 'snapshot', snapshotter: 'native', key: ID });
  });

  it('says why when there is none: another graph driver, or nothing to go by', async () => {
    const vfs = await locateDockerLayer(
      input({ inspect: inspected({ driver: 'vfs', graphDriver: { name: 'vfs', data: {} } }) }),
    );
    expect(vfs).toEqual({ kind: 'none', reason: expect.stringContaining('"vfs"') });
    const nothing = await locateDockerLayer(input({ container: container('/somewhere/rootfs') }));
    expect(nothing).toEqual({
      kind: 'none',
      reason: expect.stringMatching(
        /Engine API did not answer.*\/somewhere\/rootfs.*neither an overlay2 layer nor a containerd snapshot/,
      ),
    });
    const gone = await locateDockerLayer(
      input({ inspect: inspected({ graphDriver: { name: 'overlay2', data: { UpperDir: `${home}/GONE/diff` } } }) }),
    );
    expect(gone).toEqual({ kind: 'none', reason: expect.stringContaining(`${home}/GONE/diff is not readable here`) });
  });
});
