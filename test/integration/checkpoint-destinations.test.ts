// Destinations we cannot write, through the CLI: a read-only file system, a
// full one (too full to start; too small for the dump), a missing folder, and
// one we may not write (immutable: EPERM even for root). Each gets its own
// message naming the folder and what to do; never a raw errno text or a
// stack; the container keeps running, nothing is left behind.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import { ensureTestbed, startMemoryWorkload, testbedGate, type TestbedState } from '../testbed/testbed';
import { ourLeases, taskStatus } from './support/checkpoint-helpers';
import { bundleCli, runCliChild } from './support/checkpoint-cli-run';

const run = promisify(execFile);
const skip = testbedGate();
/** Ours: another helper's memhog pods have other sizes. */
const MEM_MIB = 11;

describe.skipIf(skip)('checkpoint destinations we cannot write (testbed)', () => {
  let tb: TestbedState;
  let client: ContainerdClient;
  let cli: string;
  let base: string;
  let memId: string;
  const mounts: string[] = [];
  const immutable: string[] = [];

  /** A folder of its own under `base`, with a tmpfs of `options` mounted on it. */
  async function tmpfs(name: string, options: string): Promise<string> {
    const dir = path.join(base, name);
    await mkdir(dir);
    await run('mount', ['-t', 'tmpfs', '-o', options, `h-paths-${name}`, dir]);
    mounts.push(dir);
    return dir;
  }

  async function checkpoint(containerId: string, namespace: string, output: string, via = 'auto') {
    const r = runCliChild(
      cli,
      ['checkpoint', containerId, '--namespace', namespace, '--address', tb.socket, '--via', via, '--output', output],
      { XDG_CONFIG_HOME: path.join(base, 'xdg') },
    );
    const { code } = await r.exited;
    return { code, err: r.stderr(), out: r.stdout() };
  }

  /** Said plainly, with no stack, no raw errno text, no INTERNAL. */
  function plain(err: string): void {
    expect(err).not.toMatch(/\n\s+at |INTERNAL|mkdtemp|open '|Error: [A-Z]+:/);
  }

  async function runningAndClean(folder: string | null, containerId: string, namespace: string): Promise<void> {
    expect(await taskStatus(client, namespace, containerId)).toBe('RUNNING');
    expect(await ourLeases(client, namespace)).toEqual([]);
    if (folder) expect(await readdir(folder)).toEqual([]);
  }

  beforeAll(async () => {
    tb = await ensureTestbed();
    client = createContainerdClient({ socketPath: tb.socket });
    cli = await bundleCli('h-paths-cli');
    base = await mkdtemp(path.join(os.tmpdir(), 'h-paths-dest-'));
    memId = (await startMemoryWorkload(MEM_MIB)).containerId;
  }, 600_000);

  afterAll(async () => {
    client?.close();
    for (const d of immutable) await run('chattr', ['-i', d]).catch(() => undefined);
    for (const d of mounts) await run('umount', [d]).catch(() => undefined);
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('read-only: says so before anything is paused', async () => {
    const dir = await tmpfs('ro', 'ro,size=1m');
    const web = tb.workloads.web.containerId;
    for (const via of ['auto', 'native']) {
      const r = await checkpoint(web, 'k8s.io', path.join(dir, 'web.tar'), via);
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        `PERMISSION_DENIED: ${dir} is on a read-only file system: choose a folder on a writable one`,
      );
      expect(r.err).not.toContain('pausing');
      plain(r.err);
    }
    await runningAndClean(dir, web, 'k8s.io');
  });

  it('too full to start: DISK_FULL before anything is paused', async () => {
    const dir = await tmpfs('tiny', 'size=256k');
    const r = await checkpoint(tb.workloads.web.containerId, 'k8s.io', path.join(dir, 'web.tar'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `DISK_FULL: no space left in ${dir} to write web\\.tar \\(ENOSPC\\): free some space there or choose another folder \\(a checkpoint starts only with 1\\.0 MiB, 0\\.\\d MiB are free\\)`,
      ),
    );
    expect(r.err).not.toContain('pausing');
    plain(r.err);
    await runningAndClean(dir, tb.workloads.web.containerId, 'k8s.io');
  });

  it('too small for the dump: DISK_FULL with both sizes once the size is known, the container resumed', async () => {
    const dir = await tmpfs('small', 'size=2m');
    const r = await checkpoint(memId, 'k8s.io', path.join(dir, 'mem.tar'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /DISK_FULL: no space left in .* to write mem\.tar \(ENOSPC\).*the archive needs 1\d\.\d MiB, [12]\.\d MiB are free/,
    );
    expect(r.err).toContain('resuming');
    plain(r.err);
    await runningAndClean(dir, memId, 'k8s.io');
  });

  it('a missing folder', async () => {
    const dir = path.join(base, 'no-such-folder');
    const r = await checkpoint(tb.workloads.web.containerId, 'k8s.io', path.join(dir, 'web.tar'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`NOT_FOUND: no folder ${dir} for the archive`);
    plain(r.err);
    await runningAndClean(null, tb.workloads.web.containerId, 'k8s.io');
  });

  it('not permitted (an immutable folder: EPERM, even for root)', async () => {
    const dir = path.join(base, 'immutable');
    await mkdir(dir);
    await run('chattr', ['+i', dir]);
    immutable.push(dir);
    const r = await checkpoint(tb.workloads.web.containerId, 'k8s.io', path.join(dir, 'web.tar'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `PERMISSION_DENIED: not permitted to write in ${dir} (EPERM): choose a folder you may write to, or change its permissions`,
    );
    expect(r.err).not.toContain('pausing');
    plain(r.err);
    await runningAndClean(dir, tb.workloads.web.containerId, 'k8s.io');
  });
});
