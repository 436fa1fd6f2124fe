// Both checkpoint paths against the real testbed: web through CRI and through
// the native path agree on processes, command lines, files and sockets (crit
// as the oracle); the plain container goes native; a folder containerd cannot
// see goes native, streamed, and --via cri refuses it before pausing; every
// archive has stats-dump and dump.log and passes checkpointctl's and our
// `inspect --all`; everything keeps running and containerd keeps no
// checkpoint leftovers.
import { existsSync } from 'node:fs';
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerdSideWork, expectInspectAll, unsharedFolder } from './support/archive-checks';
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
  let streamedArchive = '';
  const dirs: string[] = [];
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
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('checkpoints web through CRI', async () => {
    const web = tb.workloads.web;
    const { result, phases, updates } = await runCheckpoint(client, {
      containerId: web.containerId,
      namespace: 'k8s.io',
      via: 'cri',
      outputPath: (criArchive = out('web-cri')),
    });
    expect(result.via).toBe('cri');
    expect(result.how).toBe('cri');
    expect(result.after).toMatchObject({ expected: 'running', state: 'running', ok: true });
    expect(result.after.message).toMatch(/^still running \(pid \d+\)$/);
    expect(updates[0]?.message).toMatch(/^path: CRI \(CRI was asked for; containerd sees /);
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
    expect(result.how).toBe('native-shared');
    expect(result.notes).toEqual([]);
    expect(phases).toEqual([
      'preparing',
      'pausing',
      'dumping',
      'rootfs-diff',
      'resuming',
      'writing',
      'finishing',
      'checking the container',
    ]);
    // Left running, and checked: containerd says the task still runs after the checkpoint.
    expect(result.after).toMatchObject({ expected: 'running', state: 'running', ok: true });
    expect(await taskStatus(client, 'k8s.io', web.containerId)).toBe('RUNNING');
    expect(
      updates.some((u) =>
        /CRIU writes its images beside the archive, in a folder containerd sees/.test(u.message ?? ''),
      ),
    ).toBe(true);
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
      'checkpoint-inspector.json',
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

  it("auto into a folder containerd cannot see: native, streamed, with dump.log and stats-dump; nothing left on containerd's side", async () => {
    const dir = await unsharedFolder('h-paths');
    dirs.push(dir);
    const workBefore = await containerdSideWork(tb.pids.containerd);
    streamedArchive = path.join(dir, 'web.tar');
    const { result, updates } = await runCheckpoint(client, {
      containerId: tb.workloads.web.containerId,
      namespace: 'k8s.io',
      via: 'auto',
      outputPath: streamedArchive,
    });
    expect(result).toMatchObject({ via: 'native', how: 'native-streamed', notes: [] });
    expect(result.reason).toContain(`${dir} does not exist where containerd (pid ${tb.pids.containerd}) runs`);
    // The progress says which path and why, first.
    expect(updates[0]?.message).toBe(`path: native (${result.reason})`);
    expect(updates.some((u) => /CRIU's images stream through containerd's content store/.test(u.message ?? ''))).toBe(
      true,
    );
    const members = await tarMembers(result.outputPath);
    expect(members).toEqual(
      expect.arrayContaining([
        'config.dump',
        'spec.dump',
        'checkpoint/pstree.img',
        'rootfs-diff.tar',
        'dump.log',
        'stats-dump',
        'checkpoint-inspector.json',
      ]),
    );
    expect(await readdir(dir)).toEqual(['web.tar']);
    // runc would have made a work folder at our path in containerd's mount namespace; ours in its /tmp is gone.
    expect(existsSync(`/proc/${tb.pids.containerd}/root${dir}`)).toBe(false);
    expect(await containerdSideWork(tb.pids.containerd)).toEqual(workBefore);
  });

  it('--via cri into a folder containerd cannot see fails before anything is paused, saying why and what to do', async () => {
    const dir = await unsharedFolder('h-paths');
    dirs.push(dir);
    const updates: string[] = [];
    const error = await runCheckpoint(
      client,
      {
        containerId: tb.workloads.web.containerId,
        namespace: 'k8s.io',
        via: 'cri',
        outputPath: path.join(dir, 'web.tar'),
      },
      { onProgress: (p) => updates.push(p.phase) },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', details: { folder: dir } });
    const message = (error as Error).message;
    expect(message).toContain(`CRI cannot write the archive into ${dir}: ${dir} does not exist where containerd`);
    expect(message).toContain('--via native or --via auto');
    expect(message).toContain('a folder containerd sees at the same path');
    expect(updates).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    expect(await taskStatus(client, 'k8s.io', tb.workloads.web.containerId)).toBe('RUNNING');
  });

  it('every archive written (CRI, native shared, native streamed) has stats-dump and passes checkpointctl and our inspect --all', async () => {
    for (const archive of [criArchive, nativeArchive, streamedArchive]) {
      expect(await tarMembers(archive)).toEqual(expect.arrayContaining(['stats-dump', 'dump.log']));
      await expectInspectAll(archive);
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
