// No checkpoint ever replaces an existing file, against the real testbeds
// (containerd 2.1 and 1.7): the
// CLI refuses `--output existing.tar`, `checkpoint.start` (as the GUI calls
// it) refuses a taken name, and two checkpoints racing to one new name (both
// past the early check, so only the commit's link(2) decides) end with exactly
// one archive, one CONFLICT, no temp files, and both containers running.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { composeCore, type ComposedCore } from '../../electron/ipc/compose';
import { createContainerdClient, type ContainerdClient } from '../../electron/containerd';
import { DEFAULT_MAX_OPEN } from '../../electron/inspect/archive-registry';
import type { AppCore } from '../../electron/ipc/app-core';
import type { JobOutcome } from '../../shared/dto';
import { bundleForNode } from '../support/bundle-for-node';
import type { TestbedState } from '../testbed/testbed';
import { tarMembers, taskStatus } from './support/checkpoint-helpers';
import { checkpointArgs } from './support/cli-args';
import { describeSuites, dumpableCriWorkload } from './support/suites';

const repo = path.resolve(__dirname, '../..');

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** Every job's outcome as it is announced (opening a result is a job of its own), awaited by id. */
function jobOutcomes(core: AppCore): (jobId: string) => Promise<JobOutcome> {
  const seen = new Map<string, JobOutcome>();
  const waiting = new Map<string, (o: JobOutcome) => void>();
  core.events.subscribe((event, payload) => {
    if (event !== 'job.finished') return;
    const o = payload as JobOutcome;
    seen.set(o.jobId, o);
    waiting.get(o.jobId)?.(o);
  });
  return (jobId) =>
    new Promise<JobOutcome>((resolve) => {
      const known = seen.get(jobId);
      if (known) resolve(known);
      else waiting.set(jobId, resolve);
    });
}

describeSuites('checkpoint never overwrites (testbed)', (suite) => {
  let tb: TestbedState;
  let client: ContainerdClient;
  let scratch: string;
  let cliDir: string;
  let composed: ComposedCore | null = null;

  const runCli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(cliDir, 'cli.cjs'), ...args],
        { timeout: 300_000, maxBuffer: 16 << 20, env: { ...process.env, XDG_CONFIG_HOME: cliDir } },
        (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        },
      );
    });

  /** An app core as the GUI hosts build it, its output folder set to a fresh folder. */
  const guiCore = async (outputFolder: string) => {
    await composed?.dispose();
    composed = await composeCore({
      host: { kind: 'browser', samplePath: null },
      userDataDir: await mkdtemp(path.join(os.tmpdir(), 'ckpt-conflict-ud-')),
      allowCheckpoint: true,
      socketPath: tb.socket,
    });
    const { dispatch } = composed.core;
    expect((await dispatch('settings.update', { outputFolder })).ok).toBe(true);
    expect(await dispatch('containerd.connect', {})).toMatchObject({ ok: true, value: { state: 'connected' } });
    return composed.core;
  };

  beforeAll(async () => {
    tb = suite.state;
    client = createContainerdClient({ socketPath: tb.socket });
    scratch = await mkdtemp(path.join(tb.archiveDir, 'conflict-'));
    cliDir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-conflict-cli-'));
    await bundleForNode(path.join(repo, 'electron/cli/index.ts'), path.join(cliDir, 'cli.cjs'));
  }, 600_000);

  afterAll(async () => {
    await composed?.dispose();
    client?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
    if (cliDir) await rm(cliDir, { recursive: true, force: true });
  });

  it('CLI checkpoint --output onto an existing file refuses with CONFLICT, exit 1, the file byte-identical', async () => {
    const dir = await mkdtemp(path.join(scratch, 'cli-'));
    const existing = path.join(dir, 'existing.tar');
    await writeFile(existing, 'an archive somebody needs\n'.repeat(100));
    const before = await sha256(existing);
    for (const output of [existing, path.join(dir, 'existing')]) {
      const r = await runCli(checkpointArgs(tb, tb.workloads.plain, 'native', output));
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('CONFLICT');
      expect(r.stderr).toContain(`existing.tar already exists in ${dir}`);
      // Refused before any work: nothing was dumped.
      expect(r.stderr).not.toContain('dumping');
    }
    expect(await sha256(existing)).toBe(before);
    expect(await readdir(dir)).toEqual(['existing.tar']);
    expect(await taskStatus(client, 'default', tb.workloads.plain.containerId)).toBe('RUNNING');
  }, 300_000);

  it('checkpoint.start onto a taken name refuses with CONFLICT and starts no job', async () => {
    const dir = await mkdtemp(path.join(scratch, 'gui-'));
    const core = await guiCore(dir);
    await writeFile(path.join(dir, 'taken.tar'), 'keep');
    const before = await sha256(path.join(dir, 'taken.tar'));
    const reply = await core.dispatch('checkpoint.start', {
      containerId: tb.workloads.plain.containerId,
      namespace: 'default',
      via: 'native',
      fileName: 'taken.tar',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await core.dispatch('job.list', {})).toEqual({ ok: true, value: [] });
    expect(await sha256(path.join(dir, 'taken.tar'))).toBe(before);
  }, 120_000);

  it('two checkpoints racing to one new name: one archive, one CONFLICT, no temp files, both containers running', async () => {
    const dir = await mkdtemp(path.join(scratch, 'race-'));
    const core = await guiCore(dir);
    const finished = jobOutcomes(core);
    const pod = dumpableCriWorkload(tb); // web, or the worker pod where CRIU cannot dump web
    const targets = [
      { containerId: tb.workloads.plain.containerId, namespace: 'default' },
      { containerId: pod.containerId, namespace: pod.namespace },
    ];
    // Both pass the early check (the name appears only at commit), so the commit alone must decide.
    const replies = await Promise.all(
      targets.map((t) =>
        core.dispatch('checkpoint.start', { ...t, via: 'native', leaveRunning: true, fileName: 'race.tar' }),
      ),
    );
    const jobIds = replies.map((r) => {
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
      return (r as { value: { jobId: string } }).value.jobId;
    });
    const results = await Promise.all(jobIds.map(finished));
    const won = results.filter((o) => o.ok);
    const lost = results.filter((o) => !o.ok);
    expect(won, JSON.stringify(results)).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(won[0]).toMatchObject({ ok: true, result: { outputPath: path.join(dir, 'race.tar'), openError: null } });

    // Only the archive: no .partial temp, no CRIU work folders.
    expect(await readdir(dir)).toEqual(['race.tar']);
    const members = await tarMembers(path.join(dir, 'race.tar'));
    for (const m of ['config.dump', 'spec.dump', 'checkpoint/inventory.img', 'checkpoint/pstree.img']) {
      expect(members).toContain(m);
    }
    // The winner's archive was opened in the inspector.
    const archives = await core.dispatch('archive.list', {});
    expect(archives).toMatchObject({ ok: true, value: [{ fileName: 'race.tar' }] });

    for (const t of targets) expect(await taskStatus(client, t.namespace, t.containerId)).toBe('RUNNING');
  }, 600_000);

  it('a written checkpoint that cannot be opened (every archive slot taken) finishes ok with the open error, and the core keeps serving', async () => {
    const dir = await mkdtemp(path.join(scratch, 'full-'));
    const core = await guiCore(dir);
    const sample = path.join(repo, 'resources/sample/sample-checkpoint.tar');
    // Distinct files: the same file again would focus the archive already open, taking no slot.
    const copies = await mkdtemp(path.join(scratch, 'copies-'));
    const copy = async (i: number) => {
      const target = path.join(copies, `copy-${i}.tar`);
      await copyFile(sample, target);
      return target;
    };
    for (let i = 0; i < DEFAULT_MAX_OPEN; i++) await core.openPath(await copy(i));
    await expect(core.openPath(await copy(DEFAULT_MAX_OPEN))).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    const finished = jobOutcomes(core);
    const reply = await core.dispatch('checkpoint.start', {
      containerId: tb.workloads.plain.containerId,
      namespace: 'default',
      via: 'native',
      fileName: 'unopened',
    });
    expect(reply).toMatchObject({ ok: true });
    const { jobId, outputPath } = (reply as { value: { jobId: string; outputPath: string } }).value;
    const outcome = await finished(jobId);
    expect(outcome).toMatchObject({
      ok: true,
      result: { outputPath, archiveId: null, openError: { code: 'LIMIT_EXCEEDED' } },
    });
    const message = (outcome as { result: { openError: { message: string } } }).result.openError.message;
    expect(message).toContain(`written at ${outputPath} but could not be opened`);
    expect(await readdir(dir)).toEqual(['unopened.tar']);
    expect(await tarMembers(outputPath)).toContain('checkpoint/inventory.img');
    // Still serving: the next call answers.
    expect(await core.dispatch('app.info', {})).toMatchObject({ ok: true });
    expect(await taskStatus(client, 'default', tb.workloads.plain.containerId)).toBe('RUNNING');
  }, 300_000);
});
