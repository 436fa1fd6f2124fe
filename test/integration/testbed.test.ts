// The real containerd testbeds (test/testbed/, both suites): containerd and
// CRI answer over the unix socket, the workloads show the facts recorded in
// the state file, CRI checkpoints work where the runtime has them (containerd
// 2.1; 1.7 answers Unimplemented) and crit decodes them, CRIU dumps what the
// state file says it can and fails on web where it says it cannot, Docker
// (trixie) answers on its socket, and down.sh leaves nothing behind while the
// other suite runs on. The last test of each suite stops its testbed and
// starts it again, so the integration tests that run after this file still
// find it running.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { critDecode, critPs } from '../testbed/crit.js';
import { containerdVersionClient, criRuntimeClient } from '../testbed/grpc.js';
import { ctr } from '../testbed/ns-exec.js';
import {
  criCheckpoint,
  ensureTestbed,
  readTestbedState,
  startMemoryWorkload,
  stopTestbed,
  SUITES,
  testbedGate,
  testbedRunning,
  type TestbedState,
} from '../testbed/testbed.js';
import { byContainerd, describeSuites, dumpableCriWorkload } from './support/suites';

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

/** Pids whose environment carries the testbed's marker (holder, containerd, dockerd, shims). */
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

/** GET on Docker's API over its unix socket, from the host. */
function dockerGet(socket: string, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: socket, path: urlPath, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`docker ${urlPath}: no answer in 10 s`)));
    req.on('error', reject);
  });
}

/**
 * `ctr tasks checkpoint` (runc + CRIU, leave-running) of one container into
 * a fresh folder under the share folder; CRIU's dump.log is kept there.
 */
async function ctrDump(
  tb: TestbedState,
  namespace: string,
  containerId: string,
): Promise<{ ok: boolean; error: string; images: string[]; dumpLog: string; dir: string }> {
  const dir = mkdtempSync(path.join(tb.shareDir, 'work', 'testbed-test-dump-'));
  const images = path.join(dir, 'images');
  const work = path.join(dir, 'work');
  let error = '';
  try {
    await ctr(tb.pids.containerd, namespace, [
      'tasks',
      'checkpoint',
      '--image-path',
      images,
      '--work-path',
      work,
      containerId,
    ]);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const dumpLog = existsSync(path.join(work, 'dump.log')) ? readFileSync(path.join(work, 'dump.log'), 'utf8') : '';
  return { ok: error === '', error, images: existsSync(images) ? readdirSync(images) : [], dumpLog, dir };
}

describe.skipIf(skip)('committed CRI fixture', () => {
  it('has a committed CRI fixture whose pstree crit agrees with its manifest', async () => {
    await ensureTestbed('forky'); // crit runs in the forky root fs
    const manifest = JSON.parse(readFileSync(fixtureManifest, 'utf8')) as {
      processes: { pid: number; ppid: number }[];
      sizeBytes: number;
    };
    expect(readFileSync(fixture).length).toBe(manifest.sizeBytes);
    const dir = extract(fixture, ['checkpoint/pstree.img', 'checkpoint/inventory.img']);
    try {
      const pstree = (await critDecode(path.join(dir, 'checkpoint/pstree.img'))) as {
        magic: string;
        entries: { pid: number; ppid: number }[];
      };
      expect(pstree.magic).toBe('PSTREE');
      expect(pstree.entries.map((e) => [e.pid, e.ppid])).toEqual(manifest.processes.map((p) => [p.pid, p.ppid]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeSuites('containerd testbed', (suite) => {
  let tb: TestbedState;
  const scratch: string[] = [];

  beforeAll(() => {
    tb = suite.state;
  });

  afterAll(() => {
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  it('answers containerd Version and CRI Version over the unix socket', async () => {
    expect(await containerdVersion(tb.socket)).toMatch(byContainerd(tb, { '2.1': /^2\.1\./, '1.7': /^1\.7\./ }));
    expect(tb.suite).toBe(suite.name);
    expect(tb.versions.criu).toMatch(byContainerd(tb, { '2.1': /^4\.2\./, '1.7': /^4\.1\./ }));
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
    const mem = await startMemoryWorkload(16, suite.name);
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

  it('CRI CheckpointContainer: web checkpointed and decoded by crit on 2.1, Unimplemented on 1.7', async () => {
    expect(tb.facts.criCheckpoint).toBe(byContainerd(tb, { '2.1': 'supported', '1.7': 'unimplemented' }));
    const location = path.join(tb.archiveDir, 'integration-web.tar');
    rmSync(location, { force: true });
    if (tb.facts.criCheckpoint === 'unimplemented') {
      await expect(criCheckpoint(tb, tb.workloads.web.containerId, location)).rejects.toMatchObject({
        code: 12, // UNIMPLEMENTED
      });
      expect(existsSync(location)).toBe(false);
      return;
    }
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

  it('CRIU dumps the dumpable CRI pod and the plain container natively; both keep running', async () => {
    const pod = dumpableCriWorkload(tb);
    for (const [namespace, id, hostPid] of [
      ['k8s.io', pod.containerId, pod.hostPid],
      ['default', tb.workloads.plain.containerId, tb.workloads.plain.hostPid],
    ] as const) {
      const dump = await ctrDump(tb, namespace, id);
      scratch.push(dump.dir);
      expect(dump.ok, `${id}: ${dump.error}\n${dump.dumpLog.slice(-2000)}`).toBe(true);
      expect(dump.images).toEqual(expect.arrayContaining(['inventory.img', 'pstree.img']));
      expect(dump.dumpLog).toContain('Dumping finished successfully');
      expect(existsSync(`/proc/${hostPid}`)).toBe(true);
    }
  });

  it('web: CRIU dumps it where the state file says it can, else fails with the recorded dump.log line', async () => {
    expect(tb.facts.webDumpable).toBe(byContainerd(tb, { '2.1': true, '1.7': false }));
    const dump = await ctrDump(tb, 'k8s.io', tb.workloads.web.containerId);
    scratch.push(dump.dir);
    if (tb.facts.webDumpable) {
      expect(dump.ok, dump.error).toBe(true);
    } else {
      expect(dump.ok).toBe(false);
      expect(dump.dumpLog).toContain(tb.facts.webDumpError ?? '(no webDumpError recorded)');
    }
    expect(existsSync(`/proc/${tb.workloads.web.hostPid}`)).toBe(true);
  });

  it('Docker: dockerd answers on the host socket and runs testbed-docker with the file written after start (trixie)', async () => {
    const docker = tb.docker;
    const workload = tb.workloads.docker;
    if (!docker || !workload) {
      // Only trixie installs docker.io; forky records none.
      expect(suite.name).toBe('forky');
      expect(tb.versions.docker).toBeUndefined();
      return;
    }
    expect(tb.versions.docker).toMatch(/^26\./);
    const version = await dockerGet(docker.socket, '/version');
    expect(version.status).toBe(200);
    expect((JSON.parse(version.body) as { Version: string }).Version).toBe(tb.versions.docker);
    const inspect = await dockerGet(docker.socket, `/containers/${workload.name}/json`);
    expect(inspect.status).toBe(200);
    const info = JSON.parse(inspect.body) as {
      Id: string;
      Name: string;
      State: { Running: boolean; Pid: number };
      GraphDriver: { Name: string; Data: { UpperDir: string } };
    };
    expect(info).toMatchObject({ Id: workload.containerId, Name: `/${workload.name}`, State: { Running: true } });
    expect(info.State.Pid).toBe(workload.hostPid);
    expect(info.GraphDriver.Name).toBe(docker.graphDriver);
    // The upper directory is a path in containerd's (and dockerd's) mount namespace: under the root fs from here.
    const upper = path.join(tb.rootfs, info.GraphDriver.Data.UpperDir);
    expect(upper.startsWith(docker.dataRoot)).toBe(true);
    const written = workload.fileWrittenAfterStart;
    expect(readFileSync(path.join(upper, written.path), 'utf8')).toBe(written.content);
    // containerd sees the same container in Docker's namespace.
    const tasks = await ctr(tb.pids.containerd, docker.namespace, ['tasks', 'ls']);
    expect(tasks).toMatch(new RegExp(`^${workload.containerId}\\s+${workload.hostPid}\\s+RUNNING`, 'm'));
  });

  it('down leaves no containerd, dockerd, shim, mount or cgroup behind, the other suite runs on; up brings it back', async () => {
    const before = readTestbedState(suite.name);
    if (!before) throw new Error(`no ${suite.name} state file`);
    // holder, containerd, shims (and dockerd)
    expect(markedPids(before.runDir).length).toBeGreaterThanOrEqual(before.docker ? 4 : 3);
    const others = SUITES.filter((s) => s !== suite.name)
      .map((s) => readTestbedState(s))
      .filter(testbedRunning);

    await stopTestbed(suite.name);
    try {
      await stopTestbed(suite.name); // twice is harmless
      await expectGone(suite.name, before, others);
    } finally {
      // Whatever failed above, the files after this one need the testbed back.
      tb = await ensureTestbed(suite.name);
      suite.refresh();
    }
    expect(tb.pids.containerd).not.toBe(before.pids.containerd);
    expect(await containerdVersion(tb.socket)).toBe(before.versions.containerd);
  }, 600_000);
});

/** After a suite's down: none of its processes, mounts, cgroups, bridge or socket; the other suites untouched. */
async function expectGone(name: TestbedState['suite'], before: TestbedState, others: TestbedState[]): Promise<void> {
  expect(markedPids(before.runDir)).toEqual([]);
  for (const pid of [before.pids.holder, before.pids.containerd, before.docker?.pid]) {
    if (pid !== undefined) expect(existsSync(`/proc/${pid}`)).toBe(false);
  }
  for (const w of Object.values(before.workloads)) expect(existsSync(`/proc/${w.hostPid}`)).toBe(false);
  const mountinfo = readFileSync('/proc/self/mountinfo', 'utf8');
  expect(mountinfo).not.toContain(before.rootfs);
  expect(mountinfo).not.toContain(before.runDir);
  expect(existsSync(`/sys/fs/cgroup/memory/${before.cgroupParent}`)).toBe(false);
  expect(existsSync(`/sys/class/net/${before.cni.bridge}`)).toBe(false);
  expect(existsSync(before.socket)).toBe(false);
  expect(readTestbedState(name)).toBeUndefined();
  // The other suite's testbed was not touched.
  for (const other of others) {
    expect(testbedRunning(other), `${other.suite} still running`).toBe(true);
    expect(await containerdVersion(other.socket)).toBe(other.versions.containerd);
  }
}
