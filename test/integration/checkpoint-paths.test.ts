// Both checkpoint paths against the real testbed: web through CRI and through
// the native path agree on processes, command lines, files and sockets (crit
// as the oracle); the plain container goes native; everything keeps running
// and containerd keeps no checkpoint leftovers.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import { critAvailable, critPs, critX } from '../testbed/crit';
import { ensureTestbed, testbedGate, type TestbedState } from '../testbed/testbed';
import {
  checkpointImages,
  contentDigests,
  eventually,
  leaseIds,
  ourLeases,
  runCheckpoint,
  tarMembers,
  taskStatus,
  untar,
} from './support/checkpoint-helpers';

const skip = testbedGate();

describe.skipIf(skip)('checkpoint paths (testbed)', () => {
  let tb: TestbedState;
  let client: ContainerdClient;
  const made: string[] = [];
  const out = (name: string) => {
    const p = path.join(tb.archiveDir, `paths-${process.pid}-${name}.tar`);
    made.push(p);
    return p;
  };
  let criArchive = '';
  let nativeArchive = '';
  let contentBefore: Set<string>;
  const leasesBefore: Record<string, string[]> = {};

  beforeAll(async () => {
    tb = await ensureTestbed();
    client = createContainerdClient({ socketPath: tb.socket });
    contentBefore = await contentDigests(client, 'k8s.io');
    for (const ns of ['k8s.io', 'default']) leasesBefore[ns] = await leaseIds(client, ns);
  }, 600_000);

  afterAll(async () => {
    client?.close();
    for (const p of made) await rm(p, { force: true });
  });

  it('checkpoints web through CRI', async () => {
    const web = tb.workloads.web;
    const { result, phases } = await runCheckpoint(client, {
      containerId: web.containerId,
      namespace: 'k8s.io',
      via: 'cri',
      outputPath: (criArchive = out('web-cri')),
    });
    expect(result.via).toBe('cri');
    expect(phases).toContain('checkpointing');
    const st = await stat(criArchive);
    expect(st.size).toBe(result.bytes);
    expect(st.mode & 0o777).toBe(0o600);
    expect(await tarMembers(criArchive)).toEqual(
      expect.arrayContaining(['config.dump', 'spec.dump', 'rootfs-diff.tar']),
    );
  });

  it('checkpoints web through the native path with the same members as CRI', async () => {
    const web = tb.workloads.web;
    const { result, phases, updates } = await runCheckpoint(client, {
      containerId: web.containerId,
      namespace: 'k8s.io',
      via: 'native',
      outputPath: (nativeArchive = out('web-native')),
    });
    expect(result.via).toBe('native');
    expect(phases).toEqual(['preparing', 'pausing', 'dumping', 'rootfs-diff', 'resuming', 'writing', 'finishing']);
    const last = updates.filter((u) => u.phase === 'writing').at(-1);
    expect(last?.bytesDone).toBe(last?.bytesTotal);
    expect((await stat(nativeArchive)).mode & 0o777).toBe(0o600);

    const members = await tarMembers(nativeArchive);
    for (const m of [
      'config.dump',
      'spec.dump',
      'rootfs-diff.tar',
      'dump.log',
      'stats-dump',
      'checkpoint/inventory.img',
      'checkpoint/pstree.img',
    ]) {
      expect(members).toContain(m);
    }
    const criImages = (await tarMembers(criArchive)).filter((m) => m.startsWith('checkpoint/') && m.endsWith('.img'));
    const nativeImages = members.filter((m) => m.startsWith('checkpoint/') && m.endsWith('.img'));
    // Same kinds of CRIU images (ids in names like pages-N may differ run to run).
    const kinds = (l: string[]) => [...new Set(l.map((m) => m.replace(/-\d+(\.tar\.gz)?\.img$/, '')))].sort();
    expect(kinds(nativeImages)).toEqual(kinds(criImages));
  });

  it('writes config.dump with containerd CRI keys, the spec, and a real rootfs diff tar', async () => {
    const [criDir, nativeDir] = [await untar(criArchive), await untar(nativeArchive)];
    try {
      const criConfig = JSON.parse(await readFile(path.join(criDir, 'config.dump'), 'utf8')) as Record<string, unknown>;
      const nativeConfig = JSON.parse(await readFile(path.join(nativeDir, 'config.dump'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(Object.keys(nativeConfig).sort()).toEqual(Object.keys(criConfig).sort());
      for (const k of ['id', 'name', 'rootfsImage', 'rootfsImageName', 'rootfsImageRef', 'runtime']) {
        expect(nativeConfig[k], k).toEqual(criConfig[k]);
      }
      // createdTime: same instant (Go may print a local offset, we print Z).
      expect(Date.parse(String(nativeConfig.createdTime))).toBe(Date.parse(String(criConfig.createdTime)));
      const specOf = async (d: string) =>
        JSON.parse(await readFile(path.join(d, 'spec.dump'), 'utf8')) as { process: { args: string[] } };
      expect((await specOf(nativeDir)).process.args).toEqual((await specOf(criDir)).process.args);
      // ours is a plain tar (ustar magic at 257); CRI's is the raw gzip layer.
      const rootfs = await readFile(path.join(nativeDir, 'rootfs-diff.tar'));
      expect(rootfs.subarray(257, 262).toString()).toBe('ustar');
      const names = await tarMembers(path.join(nativeDir, 'rootfs-diff.tar'));
      expect(names).toEqual(expect.arrayContaining(['data/written-after-start.txt', 'www/index.html']));
    } finally {
      await rm(criDir, { recursive: true, force: true });
      await rm(nativeDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!critAvailable())(
    'agrees with CRI on process tree, command lines, open files and sockets (crit)',
    async () => {
      const [criDir, nativeDir] = [await untar(criArchive), await untar(nativeArchive)];
      try {
        const cri = path.join(criDir, 'checkpoint');
        const native = path.join(nativeDir, 'checkpoint');
        const ps = await critPs(native);
        expect(ps.map((p) => p.comm).sort()).toEqual(['httpd', 'sh', 'tail']);
        expect(ps).toEqual(await critPs(cri));
        expect(await critX(native, 'fds')).toBe(await critX(cri, 'fds'));
        // Command lines live in each process's memory; crit's mm summary names the exe and the mappings.
        expect(await critX(native, 'mems')).toBe(await critX(cri, 'mems'));
        expect(await readFile(path.join(native, 'pstree.img'))).toEqual(await readFile(path.join(cri, 'pstree.img')));
        const sockets = (d: string) =>
          readdir(d).then((l) => l.filter((n) => /^(inetsk|unixsk|netdev)/.test(n)).sort());
        expect(await sockets(native)).toEqual(await sockets(cri));
      } finally {
        await rm(criDir, { recursive: true, force: true });
        await rm(nativeDir, { recursive: true, force: true });
      }
    },
  );

  it('checkpoints the plain container (auto picks native)', async () => {
    const plain = tb.workloads.plain;
    expect(await taskStatus(client, 'default', plain.containerId)).toBe('RUNNING');
    const { result } = await runCheckpoint(client, {
      containerId: plain.containerId,
      namespace: 'default',
      via: 'auto',
      outputPath: out('plain'),
    });
    expect(result.via).toBe('native');
    const members = await tarMembers(result.outputPath);
    expect(members).toEqual(
      expect.arrayContaining(['config.dump', 'spec.dump', 'checkpoint/pstree.img', 'rootfs-diff.tar']),
    );
    // Still running afterwards: the same process, not paused, not restarted.
    expect(await taskStatus(client, 'default', plain.containerId)).toBe('RUNNING');
    expect((await client.getTask('default', plain.containerId))?.pid).toBe(plain.hostPid);
  });

  it("output folder containerd cannot see: an archive without dump.log, nothing left on containerd's side", async () => {
    // The host's tmp is not containerd's /tmp (a tmpfs in its mount namespace).
    const dir = await mkdtemp(path.join(os.tmpdir(), 'paths-unshared-'));
    try {
      const output = path.join(dir, 'web.tar');
      const { result, updates } = await runCheckpoint(client, {
        containerId: tb.workloads.web.containerId,
        namespace: 'k8s.io',
        via: 'native',
        outputPath: output,
      });
      expect(updates.some((u) => /no dump\.log\/stats-dump in the archive/.test(u.message ?? ''))).toBe(true);
      const members = await tarMembers(result.outputPath);
      expect(members).toEqual(
        expect.arrayContaining(['config.dump', 'spec.dump', 'checkpoint/pstree.img', 'rootfs-diff.tar']),
      );
      expect(members).not.toContain('dump.log');
      expect(await readdir(dir)).toEqual(['web.tar']);
      // runc would have made the work folder at this path in containerd's mount namespace.
      expect(existsSync(`/proc/${tb.pids.containerd}/root${dir}`)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves the containers running, not paused, and no checkpoint leftovers in containerd', async () => {
    expect(await taskStatus(client, 'k8s.io', tb.workloads.web.containerId)).toBe('RUNNING');
    expect(await taskStatus(client, 'default', tb.workloads.plain.containerId)).toBe('RUNNING');
    for (const ns of ['k8s.io', 'default']) {
      expect(await checkpointImages(client, ns)).toEqual([]);
      // CRI keeps leases of its own (one per sandbox); none may be added by a checkpoint.
      expect((await leaseIds(client, ns)).sort()).toEqual([...(leasesBefore[ns] ?? [])].sort());
      expect(await ourLeases(client, ns)).toEqual([]);
    }
    // containerd's own CRI path collects asynchronously: allow it a moment.
    const clean = await eventually(async () => {
      const now = await contentDigests(client, 'k8s.io');
      return [...now].every((d) => contentBefore.has(d));
    });
    expect(clean).toBe(true);
    // no temporary files beside the archives
    const leftovers = (await readdir(tb.archiveDir)).filter(
      (n) => n.startsWith('.') && n.includes(`paths-${process.pid}`),
    );
    expect(leftovers).toEqual([]);
  });
});
