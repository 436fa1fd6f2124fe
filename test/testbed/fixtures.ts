// Regenerates the real checkpoint archives committed under test/fixtures/ and
// their manifests (facts each archive must show). Run by fixtures.sh with the
// testbed up: `node --import tsx test/testbed/fixtures.ts`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { environ, processTree } from './procfs.js';
import { readStateFile, type ProcessFact, type TestbedState } from './state.js';
import { nsExec } from './ns-exec.js';
import { criCheckpoint } from './testbed.js';
import { WEB_AFTER_START, WEB_COMMAND } from './workloads.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixturesDir = path.join(repo, 'test/fixtures');
const sampleDir = path.join(repo, 'resources/sample');

/** Facts a fixture archive must show; the file is <archive name>.manifest.json. */
export interface FixtureManifest {
  schema: 1;
  archive: string;
  /** containerd-cri: containerd's CRI CheckpointContainer; podman: podman export */
  format: 'containerd-cri' | 'podman';
  compression: 'none' | 'gzip' | 'zstd';
  sizeBytes: number;
  sha256: string;
  generatedAt: string;
  versions: TestbedState['versions'];
  container: {
    id: string;
    name: string;
    image: string;
    pod?: { name: string; namespace: string; uid: string; labels: Record<string, string> };
    labels: Record<string, string>;
  };
  /** in the container's pid namespace, as CRIU's pstree has them */
  processes: { pid: number; ppid: number; comm: string; argv: string[] }[];
  env: { keys: string[]; secret: { key: string; value: string } };
  listening: { pid: number; port: number }[];
  /** absolute paths open per pid (readlink of /proc/PID/fd), not /dev or pipes/sockets */
  openFiles: Record<string, string[]>;
  rootfsDiff: {
    /** every non-directory member of rootfs-diff.tar, without a leading "/" */
    members: string[];
    added: string[];
    changed: string[];
    deleted: string[];
  };
  /** every member of the archive */
  members: string[];
}

/** Non-directory members; GNU tar detects gzip and zstd by itself. */
function tarList(file: string): string[] {
  const out = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('d'))
    .map((l) => l.split(/\s+/).slice(5).join(' '));
}

function socketPorts(hostPid: number): Map<string, number> {
  const byInode = new Map<string, number>();
  for (const f of ['tcp', 'tcp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/${hostPid}/net/${f}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const c = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = c;
      const port = local?.split(':')[1];
      if (state === '0A' && inode && port) byInode.set(inode, parseInt(port, 16));
    }
  }
  return byInode;
}

function processFacts(processes: ProcessFact[], hostPid: number) {
  const ports = socketPorts(hostPid);
  const listening: { pid: number; port: number }[] = [];
  const openFiles: Record<string, string[]> = {};
  for (const p of processes) {
    for (const target of Object.values(p.fds)) {
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const port = inode ? ports.get(inode) : undefined;
      if (port !== undefined) listening.push({ pid: p.pid, port });
      if (target.startsWith('/') && !target.startsWith('/dev/')) {
        (openFiles[String(p.pid)] ??= []).push(target);
      }
    }
  }
  return { listening, openFiles };
}

interface Observed {
  processes: ProcessFact[];
  env: Record<string, string>;
  hostPid: number;
}

function observe(hostPid: number): Observed {
  return { processes: processTree(hostPid), env: environ(hostPid), hostPid };
}

/**
 * Checks an archive against the web workload's facts and describes it.
 * containerd's rootfs-diff.tar is gzip with `.wh.` whiteouts; Podman's is a
 * plain tar of added files, with deletions listed in deleted.files.
 */
function describeArchive(
  state: TestbedState,
  location: string,
  seen: Observed,
  base: Pick<FixtureManifest, 'archive' | 'format' | 'compression' | 'container'>,
): FixtureManifest {
  const web = state.workloads.web;
  const members = tarList(location);
  const scratch = mkdtempSync(path.join(state.shareDir, 'work', 'fixture-'));
  try {
    const wanted = ['rootfs-diff.tar', 'deleted.files'].filter((m) => members.includes(m));
    execFileSync('tar', ['-xf', location, '-C', scratch, ...wanted]);
    const diffMembers = tarList(path.join(scratch, 'rootfs-diff.tar'));
    const strip = (p: string) => p.replace(/^\//, '');
    const whiteout = (f: string) => `${path.dirname(strip(f))}/.wh.${path.basename(f)}`;
    const deletedList = wanted.includes('deleted.files')
      ? (JSON.parse(readFileSync(path.join(scratch, 'deleted.files'), 'utf8')) as string[])
      : [];
    const added = web.filesAdded.filter((f) => diffMembers.includes(strip(f)));
    const changed = web.filesChanged.filter((f) => diffMembers.includes(strip(f)));
    const deleted = web.filesDeleted.filter((f) => diffMembers.includes(whiteout(f)) || deletedList.includes(f));
    if (added.length !== web.filesAdded.length) throw new Error(`${location}: added files missing`);
    if (deleted.length !== web.filesDeleted.length) throw new Error(`${location}: deletion missing`);

    const bytes = readFileSync(location);
    copyFileSync(location, path.join(fixturesDir, base.archive));
    chmodSync(path.join(fixturesDir, base.archive), 0o644);
    const { listening, openFiles } = processFacts(seen.processes, seen.hostPid);
    return {
      schema: 1,
      ...base,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      generatedAt: new Date().toISOString(),
      versions: state.versions,
      processes: seen.processes.map(({ pid, ppid, comm, argv }) => ({ pid, ppid, comm, argv })),
      env: { keys: Object.keys(seen.env).sort(), secret: web.secretEnv },
      listening,
      openFiles,
      rootfsDiff: { members: diffMembers, added, changed, deleted },
      members,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function criWebFixture(state: TestbedState, name: string): Promise<FixtureManifest> {
  const web = state.workloads.web;
  const seen = observe(web.hostPid);
  const location = path.join(state.archiveDir, name);
  rmSync(location, { force: true });
  await criCheckpoint(state, web.containerId, location);
  const configDump = execFileSync('tar', ['-xOf', location, 'config.dump'], { encoding: 'utf8' });
  const manifest = describeArchive(state, location, seen, {
    archive: name,
    format: 'containerd-cri',
    compression: 'none',
    container: {
      id: (JSON.parse(configDump) as { id: string }).id,
      name: web.containerName,
      image: web.image,
      pod: web.pod,
      labels: web.containerLabels,
    },
  });
  rmSync(location, { force: true });
  return manifest;
}

const PODMAN_GLOBAL = [
  'podman',
  '--runtime',
  'runc',
  '--cgroup-manager',
  'cgroupfs',
  '--events-backend',
  'file',
  '--log-level',
  'error',
];

/** The web workload again, run by Podman (inside containerd's mount namespace). */
async function podmanFixtures(state: TestbedState): Promise<FixtureManifest[]> {
  const pid = state.pids.containerd;
  const podman = (args: string[]) =>
    nsExec(pid, ['env', 'PODMAN_IGNORE_CGROUPSV1_WARNING=1', ...PODMAN_GLOBAL, ...args], 300_000);
  const name = 'web';
  await podman(['load', '-i', path.join(state.shareDir, 'images/busybox-oci.tar')]);
  await podman(['rm', '-f', '-t', '0', name]).catch(() => '');
  const env = Object.entries(state.workloads.web.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const id = (
    await podman([
      'run',
      '-d',
      '--name',
      name,
      '--hostname',
      name,
      '--network',
      'none',
      '--cgroup-parent',
      `/${state.cgroupParent}`,
      ...env,
      state.image,
      ...WEB_COMMAND,
    ])
  ).trim();
  try {
    const hostPid = Number((await podman(['inspect', '--format', '{{.State.Pid}}', name])).trim());
    await waitFor(() => processTree(hostPid).length >= 3);
    await podman(['exec', name, '/bin/sh', '-c', WEB_AFTER_START]);
    const seen = observe(hostPid);
    const out: FixtureManifest[] = [];
    for (const [compression, ext] of [
      ['none', 'tar'],
      ['gzip', 'tar.gz'],
      ['zstd', 'tar.zst'],
    ] as const) {
      const archive = `podman-web-${compression}.${ext}`;
      const location = path.join(state.archiveDir, archive);
      rmSync(location, { force: true });
      await podman([
        'container',
        'checkpoint',
        '--leave-running',
        '--compress',
        compression,
        '--export',
        location,
        name,
      ]);
      out.push(
        describeArchive(state, location, seen, {
          archive,
          format: 'podman',
          compression,
          container: { id, name, image: state.image, labels: {} },
        }),
      );
      rmSync(location, { force: true });
    }
    return out;
  } finally {
    // conmon is not marked as ours: down.sh would not find it, so clean up here.
    await podman(['rm', '-f', '-t', '0', name]).catch(() => '');
  }
}

async function waitFor(ok: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function writeManifest(dir: string, manifest: FixtureManifest): void {
  writeFileSync(
    path.join(dir, `${manifest.archive}.manifest.json`.replace(/\.tar(\.[a-z]+)?\.manifest/, '.manifest')),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
}

async function main(): Promise<void> {
  const state = readStateFile();
  mkdirSync(fixturesDir, { recursive: true });
  mkdirSync(sampleDir, { recursive: true });

  const cri = await criWebFixture(state, 'containerd-cri-web.tar');
  writeManifest(fixturesDir, cri);
  copyFileSync(path.join(fixturesDir, cri.archive), path.join(sampleDir, 'sample-checkpoint.tar'));
  chmodSync(path.join(sampleDir, 'sample-checkpoint.tar'), 0o644);
  writeManifest(sampleDir, { ...cri, archive: 'sample-checkpoint.tar' });
  const all = [cri];
  if (process.env.TESTBED_FIXTURES_PODMAN !== '0') {
    for (const m of await podmanFixtures(state)) {
      writeManifest(fixturesDir, m);
      all.push(m);
    }
  }
  for (const m of all) console.error(`[testbed] wrote test/fixtures/${m.archive} (${m.sizeBytes} bytes)`);
}

main().catch((err: unknown) => {
  console.error(`[testbed] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
