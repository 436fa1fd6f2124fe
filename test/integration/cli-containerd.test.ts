// The `containers` and `checkpoint` commands against the real testbeds
// (containerd 2.1 and 1.7), run as the user runs them: the CLI bundled as the
// app build bundles it, in a child process; stdout, stderr and the exit code
// checked.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContainerInfo } from '../../shared/dto/containerd';
import { openArchive } from '../../electron/inspect/open-archive';
import { bundleForNode } from '../support/bundle-for-node';
import { processTree } from '../testbed/procfs';
import type { TestbedState } from '../testbed/testbed';
import { checkpointArgs } from './support/cli-args';
import { describeSuites, dumpableCriWorkload } from './support/suites';

const repo = path.resolve(__dirname, '../..');

async function bundleCli(dir: string): Promise<string> {
  const outfile = path.join(dir, 'cli.cjs');
  await bundleForNode(path.join(repo, 'electron/cli/index.ts'), outfile);
  return outfile;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describeSuites('CLI containers and checkpoint (testbed)', (suite) => {
  let tb: TestbedState;
  let scratch: string;
  let cli: string;
  const run = (args: string[], timeoutMs = 300_000) =>
    new Promise<Run>((resolve) => {
      execFile(
        process.execPath,
        [cli, ...args],
        { timeout: timeoutMs, maxBuffer: 16 << 20 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });

  beforeAll(async () => {
    tb = suite.state;
    scratch = await mkdtemp(path.join(tb.archiveDir, 'cli-'));
    cli = await bundleCli(await mkdtemp(path.join(os.tmpdir(), 'ckpt-cli-')));
  }, 600_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (cli) await rm(path.dirname(cli), { recursive: true, force: true });
  });

  it('containers --format json lists web with its pod and namespace', async () => {
    const r = await run(['containers', '--address', tb.socket, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as ContainerInfo[];
    const web = list.find((c) => c.id === tb.workloads.web.containerId);
    expect(web).toMatchObject({
      namespace: 'k8s.io',
      name: 'web',
      podName: 'web',
      podNamespace: 'testbed',
      status: 'running',
      cri: true,
    });
    expect(list.find((c) => c.id === tb.workloads.plain.containerId)).toMatchObject({
      namespace: 'default',
      podName: null,
    });
  });

  it('containers prints a table by default', async () => {
    const r = await run(['containers', '--address', tb.socket, '--namespace', 'k8s.io']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+POD\s+STATUS/);
    expect(lines.some((l) => l.includes('testbed/web') && l.includes(tb.workloads.web.containerId.slice(0, 12)))).toBe(
      true,
    );
    expect(lines.slice(1).every((l) => l.startsWith('k8s.io'))).toBe(true);
  });

  it('checkpoint --via native prints the path on stdout, progress on stderr, and the archive shows the pod processes', async () => {
    // web, or on trixie the worker pod (CRIU 4.1.1 cannot dump web's listener)
    const pod = dumpableCriWorkload(tb);
    // Read now, not from the state file: the worker's loop starts a new sleep
    // after each checkpoint (CRIU ends an interrupted sleep early).
    const live = processTree(pod.hostPid);
    const out = path.join(scratch, `${pod.containerName}-native.tar`);
    const r = await run(checkpointArgs(tb, pod, 'native', out));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
    for (const phase of ['preparing', 'dumping', 'writing', 'finishing']) expect(r.stderr).toContain(phase);
    expect(r.stderr).toMatch(/done via native: \d+ bytes/);
    expect(r.stderr).toMatch(/^container: still running \(pid \d+\)$/m);
    expect((await stat(out)).mode & 0o777).toBe(0o600);

    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-cli-open-'));
    const session = await openArchive(out, { archiveId: 'cli-1', cacheDir });
    try {
      const procs = await session.processes();
      expect(procs.map((p) => p.comm).sort()).toEqual(pod.processes.map((p) => p.comm).sort());
      expect(procs.map((p) => p.comm)).toContain('tail');
      expect(procs.map((p) => [p.pid, p.ppid]).sort()).toEqual(live.map((p) => [p.pid, p.ppid]).sort());
    } finally {
      await session.close();
      await rm(cacheDir, { recursive: true, force: true });
    }
  }, 300_000);

  it('checkpoint --via native of web: an archive where CRIU can dump it, else exit 1 naming the CRIU failure, no archive, web running', async () => {
    const out = path.join(scratch, 'web-only-native.tar');
    const r = await run(checkpointArgs(tb, tb.workloads.web, 'native', out));
    if (tb.facts.webDumpable) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${out}\n`);
    } else {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/criu/i);
      await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    }
    const task = await run(['containers', '--address', tb.socket, '--namespace', 'k8s.io', '--format', 'json']);
    const web = (JSON.parse(task.stdout) as ContainerInfo[]).find((c) => c.id === tb.workloads.web.containerId);
    expect(web?.status).toBe('running');
  }, 300_000);

  it('bad usage exits 2', async () => {
    for (const args of [
      ['checkpoint'],
      ['checkpoint', 'a', 'b'],
      ['checkpoint', 'x', '--via', 'teleport'],
      ['checkpoint', 'x', '--timeout', '0'],
      ['checkpoint', 'x', '--no-such-option'],
      ['containers', '--format', 'yaml'],
      ['containers', '--bogus'],
    ]) {
      const r = await run([...args, '--address', tb.socket]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });

  it('an unreachable socket exits 1 with a message naming the socket', async () => {
    const sock = path.join(scratch, 'nobody-here.sock');
    for (const args of [['containers'], ['checkpoint', tb.workloads.web.containerId]]) {
      const r = await run([...args, '--address', sock], 60_000);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('CONTAINERD_UNREACHABLE');
      expect(r.stderr).toContain(sock);
    }
  });
});
