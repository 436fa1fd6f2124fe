// Docker on the trixie suite (containerd 1.7, dockerd on it, overlay2): a
// Docker container of ours is listed under its Docker name, with and without
// the Engine API; the built CLI's `checkpoint NAME` writes an archive whose
// rootfs diff holds what the container wrote and deleted after start (from
// overlay2's upper folder, read through containerd's root), which
// checkpointctl's and our `inspect --all` read; the container runs on, and
// the checkpoint leaves no lease. A container with no diff to be had (a root
// path, no snapshot) gets an archive and a result that say so.
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import { LEASE_LABEL } from '../../electron/checkpoint/types';
import { runCliProcess } from '../support/run-cli-process';
import { docker } from '../testbed/docker';
import { ctr, nsExec } from '../testbed/ns-exec';
import { ensureTestbed, testbedGate, type TestbedState } from '../testbed/testbed';
import { tarMembers, type Member } from '../unit/checkpoint/docker-tar-members';
import { eventually, taskStatus } from './support/checkpoint-helpers';
import { CHECKPOINTCTL, assertCheckpointctl } from '../support/peers';

const skip = testbedGate();
const NAME = `h-docker-it-${process.pid}`;
const AFTER_START = { path: 'data/h-docker-after-start.txt', content: `written after start by ${NAME}\n` };
const CLI_MS = 180_000;

describe.skipIf(skip)('Docker containers (trixie testbed)', () => {
  let tb: TestbedState;
  let client: ContainerdClient;
  let id = '';
  let archive = '';
  let env: NodeJS.ProcessEnv;
  const sh = (script: string) => docker(tb.pids.containerd, ['exec', NAME, '/bin/sh', '-c', script]);

  beforeAll(async () => {
    tb = await ensureTestbed('trixie');
    if (!tb.docker) throw new Error(`the ${tb.suite} testbed runs no dockerd (state file ${tb.runDir}/state.json)`);
    client = createContainerdClient({ socketPath: tb.socket });
    env = { DOCKER_HOST: `unix://${tb.docker.socket}` };
    await docker(tb.pids.containerd, ['rm', '-f', NAME]).catch(() => '');
    id = (
      await docker(tb.pids.containerd, [
        'run',
        '-d',
        '--name',
        NAME,
        tb.image,
        '/bin/sh',
        '-c',
        'while :; do /bin/sleep 3600; done',
      ])
    ).trim();
    // After start: a new file, a file of the image deleted, a folder of the image deleted and made again.
    await sh(
      [
        `mkdir -p ${path.posix.dirname(AFTER_START.path)}`,
        `printf '%s' '${AFTER_START.content}' > /${AFTER_START.path}`,
        'rm /etc/testbed-delete-me.txt',
        'rm -rf /www',
        'mkdir /www',
        'echo new > /www/new.html',
      ].join(' && '),
    );
    archive = path.join(tb.archiveDir, `${NAME}.tar`);
  }, 600_000);

  afterAll(async () => {
    client?.close();
    if (tb) await docker(tb.pids.containerd, ['rm', '-f', NAME]).catch(() => '');
    if (archive) await rm(archive, { force: true });
  });

  it("lists the container under its Docker name, from the Engine API and from Docker's files without it", async () => {
    for (const DOCKER_HOST of [env.DOCKER_HOST, '']) {
      const r = await runCliProcess(['containers', '--address', tb.socket, '--namespace', 'moby', '--format', 'json'], {
        env: { DOCKER_HOST },
        timeoutMs: 60_000,
      });
      expect(r.stderr.toString(), `DOCKER_HOST=${DOCKER_HOST}`).toBe('');
      const listed = JSON.parse(r.stdout.toString()) as { id: string; name: string; image: string; status: string }[];
      expect(listed.find((c) => c.id === id)).toMatchObject({ name: NAME, image: tb.image, status: 'running' });
    }
  });

  it('checkpoints it by name with a rootfs diff of what it wrote and deleted after start', async () => {
    const r = await runCliProcess(
      ['checkpoint', NAME, '--address', tb.socket, '--output', archive, '--timeout', '120'],
      {
        env,
        timeoutMs: CLI_MS,
      },
    );
    const err = r.stderr.toString();
    expect(r.code, err).toBe(0);
    expect(r.stdout.toString().trim()).toBe(archive);
    expect(err).toMatch(/the rootfs diff comes from Docker's overlay2 upper folder \S+\/overlay2\/[^/]+\/diff/);

    const members = new Map((await tarMembers(await readFile(archive))).map((m) => [m.header.name, m.body]));
    const config = JSON.parse(members.get('config.dump')!.toString()) as {
      id: string;
      name: string;
      rootfsImageName: string;
    };
    expect(config).toMatchObject({ id, name: NAME, rootfsImageName: tb.image });
    const notes = JSON.parse(members.get('checkpoint-inspector.json')!.toString()) as { notes: { code: string }[] };
    expect(notes.notes.map((n) => n.code)).not.toContain('NO_ROOTFS_DIFF');

    const layer = members.get('rootfs-diff.tar')!;
    expect(layer.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip, as containerd's CRI writes it
    const diff: Member[] = await tarMembers(gunzipSync(layer));
    const byName = new Map(diff.map((m) => [m.header.name, m]));
    expect(byName.get(AFTER_START.path)?.body.toString()).toBe(AFTER_START.content);
    expect(byName.get('etc/.wh.testbed-delete-me.txt')?.header).toMatchObject({ size: 0, mode: 0 });
    expect(byName.get('www/new.html')?.body.toString()).toBe('new\n');
    expect(byName.has('www/.wh.index.html')).toBe(true); // /www was deleted and made again
    // Docker's init layer (its /etc/hosts, /.dockerenv) is beneath the upper folder, not in the diff.
    expect(byName.has('.dockerenv')).toBe(false);
  });

  it("writes an archive checkpointctl's inspect --all and ours read", async () => {
    assertCheckpointctl();
    const peer = await promisify(execFile)(CHECKPOINTCTL, ['inspect', '--all', archive], { maxBuffer: 64 << 20 });
    expect(peer.stdout).toContain(id);
    const ours = await runCliProcess(['inspect', '--all', archive], { timeoutMs: 60_000 });
    expect(ours.stderr.toString()).toBe('');
    expect(ours.code).toBe(0);
    expect(ours.stdout.toString()).toContain('Root FS diff size');
  });

  it('leaves the container running, and no lease of the checkpoint', async () => {
    expect(await eventually(async () => (await taskStatus(client, 'moby', id)) === 'RUNNING')).toBe(true);
    const state = (await docker(tb.pids.containerd, ['inspect', '-f', '{{.State.Status}}', NAME])).trim();
    expect(state).toBe('running');
    const leases = await client.rpc.unary<{ leases: { labels: Record<string, string> }[] }>(
      'leases',
      'List',
      {},
      {
        namespace: 'moby',
      },
    );
    expect(leases.leases.filter((l) => l.labels?.[LEASE_LABEL.container] === id)).toEqual([]);
  });

  it('says in the result and in the archive when no rootfs diff can be had', async () => {
    // A container made from a root path in containerd's /tmp: no snapshot, no Docker layer.
    const rootfs = `/tmp/${NAME}-rootfs`;
    const pid = tb.pids.containerd;
    const plain = `${NAME}-rootfs-path`;
    const out = path.join(tb.archiveDir, `${plain}.tar`);
    await nsExec(pid, [
      'sh',
      '-ec',
      `mkdir -p ${rootfs}/bin ${rootfs}/proc ${rootfs}/dev ${rootfs}/sys && cp "$(command -v busybox)" ${rootfs}/bin/busybox && ln -s busybox ${rootfs}/bin/sleep && ln -s busybox ${rootfs}/bin/sh`,
    ]);
    try {
      // A loop: a dump with leave-running ends a sleep early (test/testbed/workloads.ts startPlain).
      await ctr(pid, 'default', [
        ...['run', '-d', '--cgroup', `/${tb.cgroupParent}/${plain}`, '--rootfs', rootfs, plain],
        ...['/bin/sh', '-c', 'while :; do /bin/sleep 3600; done'],
      ]);
      const r = await runCliProcess(
        ['checkpoint', plain, '--address', tb.socket, '--namespace', 'default', '--output', out, '--timeout', '120'],
        { timeoutMs: CLI_MS },
      );
      expect(r.code, r.stderr.toString()).toBe(0);
      expect(r.stderr.toString()).toMatch(/^note: no rootfs diff: the container has no snapshot/m);
      const members = new Map((await tarMembers(await readFile(out))).map((m) => [m.header.name, m.body]));
      expect(members.has('rootfs-diff.tar')).toBe(false);
      const notes = JSON.parse(members.get('checkpoint-inspector.json')!.toString()) as { notes: unknown[] };
      expect(notes.notes).toContainEqual({
        code: 'NO_ROOTFS_DIFF',
        member: 'rootfs-diff.tar',
        message: expect.stringContaining('has no snapshot'),
      });
      await promisify(execFile)(CHECKPOINTCTL, ['inspect', '--all', out], { maxBuffer: 64 << 20 });
      expect(await taskStatus(client, 'default', plain)).toBe('RUNNING');
    } finally {
      await ctr(pid, 'default', ['task', 'kill', '-s', 'KILL', plain]).catch(() => '');
      await eventually(async () => (await taskStatus(client, 'default', plain).catch(() => null)) !== 'RUNNING');
      await ctr(pid, 'default', ['task', 'rm', plain]).catch(() => '');
      await ctr(pid, 'default', ['container', 'rm', plain]).catch(() => '');
      await nsExec(pid, ['rm', '-rf', rootfs]);
      await rm(out, { force: true });
    }
  });
});
