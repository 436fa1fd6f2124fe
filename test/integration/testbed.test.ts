// The real containerd testbed (test/testbed/): containerd and CRI answer over
// the unix socket, the workloads show the facts recorded in the state file,
// CRI checkpoints work and crit decodes them, and down.sh leaves nothing behind.
// The last test stops the testbed and starts it again, so the integration
// tests that run after this file still find it running.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { critDecode, critPs } from '../testbed/crit.js';
import { containerdVersionClient, criRuntimeClient } from '../testbed/grpc.js';
import {
  criCheckpoint,
  ensureTestbed,
  readTestbedState,
  startMemoryWorkload,
  stopTestbed,
  testbedGate,
  type TestbedState,
} from '../testbed/testbed.js';

const skip = testbedGate();
const fixture = path.resolve(__dirname, '../fixtures/containerd-cri-web.tar');
const fixtureManifest = path.resolve(__dirname, '../fixtures/containerd-cri-web.manifest.json');

function extract(archive: string, members: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'testbed-test-'));
  execFileSync('tar', ['-xf', archive, '-C', dir, ...members]);
  return dir;
}

async function containerdVersion(socket: string): Promise<string> {
  const client = containerdVersionClient(socket);
  try {
    return (await client.call<{ version: string }>('Version')).version;
  } finally {
    client.close();
  }
}

/** Pids whose environment carries the testbed's marker (holder, containerd, shims). */
function markedPids(runDir: string): number[] {
  const mark = Buffer.from(`CHECKPOINT_INSPECTOR_TESTBED_MARK=${runDir}\0`);
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`).includes(mark)) pids.push(Number(name));
    } catch {
      // gone, or a kernel thread
    }
  }
  return pids;
}

describe.skipIf(skip)('containerd testbed', () => {
  let tb: TestbedState;
  const scratch: string[] = [];

  beforeAll(async () => {
    tb = await ensureTestbed();
  }, 600_000);

  afterAll(() => {
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  it('answers containerd Version and CRI Version over the unix socket', async () => {
    expect(await containerdVersion(tb.socket)).toMatch(/^2\./);
    const cri = criRuntimeClient(tb.socket);
    try {
      const v = await cri.call<{ runtimeName: string; runtimeApiVersion: string }>('Version', {
        version: 'v1',
      });
      expect(v.runtimeName).toBe('containerd');
      expect(v.runtimeApiVersion).toBe('v1');
    } finally {
      cri.close();
    }
  });

  it('runs the web pod with a shell, a listener and a held-open file', () => {
    const web = tb.workloads.web;
    const byComm = new Map(web.processes.map((p) => [p.comm, p]));
    expect(web.processes.length).toBeGreaterThanOrEqual(3);
    expect(byComm.get('sh')?.pid).toBe(1);
    expect(byComm.get('httpd')?.ppid).toBe(1);
    expect(Object.values(byComm.get('tail')?.fds ?? {})).toContain('/data/log.txt');
    expect(web.listeningPorts).toContain(web.port);
    const environ = readFileSync(`/proc/${web.hostPid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`${web.secretEnv.key}=${web.secretEnv.value}`);
  });

  it('runs the plain ctr container in the default namespace', () => {
    expect(tb.workloads.plain.namespace).toBe('default');
    expect(existsSync(`/proc/${tb.workloads.plain.hostPid}`)).toBe(true);
  });

  it('starts a memory workload whose planted strings sit at the recorded addresses', async () => {
    const mem = await startMemoryWorkload(16);
    expect(mem.layout.size).toBe(16 << 20);
    const straddle = mem.layout.markers.find((m) => m.name === 'straddle');
    expect(straddle).toBeDefined();
    const pageOffset = Number(BigInt(straddle?.address ?? '0') % 4096n);
    expect(pageOffset + (straddle?.text.length ?? 0)).toBeGreaterThan(4096);
    const memFile = await open(`/proc/${mem.hostPid}/mem`, 'r');
    try {
      for (const m of mem.layout.markers) {
        const buf = Buffer.alloc(m.text.length);
        await memFile.read(buf, 0, buf.length, Number(BigInt(m.address)));
        expect(buf.toString('latin1')).toBe(m.text);
      }
    } finally {
      await memFile.close();
    }
  });

  it('checkpoints web through CRI; crit decodes inventory and pstree', async () => {
    const location = path.join(tb.archiveDir, 'integration-web.tar');
    rmSync(location, { force: true });
    await criCheckpoint(tb, tb.workloads.web.containerId, location);
    const dir = extract(location, ['checkpoint']);
    scratch.push(dir);
    rmSync(location, { force: true });
    const inventory = (await critDecode(path.join(dir, 'checkpoint/inventory.img'))) as {
      magic: string;
    };
    expect(inventory.magic).toBe('INVENTORY');
    const pstree = (await critDecode(path.join(dir, 'checkpoint/pstree.img'))) as {
      entries: { pid: number; ppid: number }[];
    };
    const live = tb.workloads.web.processes.map((p) => [p.pid, p.ppid]);
    expect(pstree.entries.map((e) => [e.pid, e.ppid])).toEqual(live);
    const ps = await critPs(path.join(dir, 'checkpoint'));
    expect(ps.map((r) => r.comm).sort()).toEqual(['httpd', 'sh', 'tail']);
  });

  it('has a committed CRI fixture whose pstree crit agrees with its manifest', async () => {
    const manifest = JSON.parse(readFileSync(fixtureManifest, 'utf8')) as {
      processes: { pid: number; ppid: number }[];
      sizeBytes: number;
    };
    expect(readFileSync(fixture).length).toBe(manifest.sizeBytes);
    const dir = extract(fixture, ['checkpoint/pstree.img', 'checkpoint/inventory.img']);
    scratch.push(dir);
    const pstree = (await critDecode(path.join(dir, 'checkpoint/pstree.img'))) as {
      magic: string;
      entries: { pid: number; ppid: number }[];
    };
    expect(pstree.magic).toBe('PSTREE');
    expect(pstree.entries.map((e) => [e.pid, e.ppid])).toEqual(manifest.processes.map((p) => [p.pid, p.ppid]));
  });

  it('down leaves no containerd, shim, mount or cgroup behind; up brings it back', async () => {
    const before = readTestbedState();
    expect(before).toBeDefined();
    const runDir = path.dirname(before?.socket ?? '/nonexistent');
    const markRunDir = path.dirname(runDir);
    expect(markedPids(markRunDir).length).toBeGreaterThanOrEqual(3); // holder, containerd, shims

    await stopTestbed();
    await stopTestbed(); // twice is harmless

    expect(markedPids(markRunDir)).toEqual([]);
    for (const pid of [before?.pids.holder, before?.pids.containerd]) {
      expect(existsSync(`/proc/${pid}`)).toBe(false);
    }
    for (const w of [before?.workloads.web.hostPid, before?.workloads.plain.hostPid]) {
      expect(existsSync(`/proc/${w}`)).toBe(false);
    }
    const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
    expect(mountinfo).not.toContain(before?.rootfs ?? '/nonexistent');
    expect(mountinfo).not.toContain(runDir);
    expect(existsSync('/sys/fs/cgroup/memory/checkpoint-inspector-testbed')).toBe(false);
    expect(existsSync(before?.socket ?? '/nonexistent')).toBe(false);
    expect(readTestbedState()).toBeUndefined();

    tb = await ensureTestbed();
    expect(tb.pids.containerd).not.toBe(before?.pids.containerd);
    expect(await containerdVersion(tb.socket)).toMatch(/^2\./);
  }, 600_000);
});
