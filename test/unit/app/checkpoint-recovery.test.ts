// The next start finishes what a killed checkpoint left: resume (only what we
// paused and is still paused), drop our leases (also found by label), remove
// the temp files, say what was done; keep the entry when containerd is away.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalDirs, recoverInterruptedCheckpoints } from '../../../electron/app/checkpoint-recovery';
import { journalDir, JournalRecord } from '../../../electron/checkpoint/journal';
import { currentOwner, ownerLabel, type ProcessOwner } from '../../../electron/checkpoint/journal-owner';
import { LEASE_LABEL } from '../../../electron/checkpoint/types';
import type { ContainerdClient } from '../../../electron/containerd';
import { AppError } from '../../../shared/errors';

let root: string;
let jd: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'h-paused-recovery-'));
  jd = journalDir(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const dead = { pid: 2 ** 22 + 11, startTicks: 5, bootId: currentOwner().bootId };
const SOCKET = '/run/containerd/containerd.sock';

/** containerd as far as recovery talks to it; `calls` lists what was asked. */
function fakeContainerd(opts: {
  status?: string;
  unreachable?: boolean;
  labelled?: string[];
  orphans?: object[];
  resumeError?: string;
}) {
  const calls: string[] = [];
  const unary = (service: string, method: string, req: Record<string, unknown>) => {
    calls.push(`${service}.${method}${typeof req.id === 'string' ? ` ${req.id}` : ''}`);
    if (opts.unreachable) return Promise.reject(new AppError('CONTAINERD_UNREACHABLE', 'no containerd socket'));
    if (service === 'tasks' && method === 'Resume' && opts.resumeError)
      return Promise.reject(new AppError('INTERNAL', opts.resumeError));
    if (service === 'tasks' && method === 'Get')
      return Promise.resolve({ process: { id: 'c1', status: opts.status ?? 'PAUSED' } });
    if (service === 'leases' && method === 'List') {
      const filter = String((req.filters as string[])[0] ?? '');
      if (filter.includes(LEASE_LABEL.journal))
        return Promise.resolve({ leases: (opts.labelled ?? []).map((id) => ({ id })) });
      return Promise.resolve({ leases: opts.orphans ?? [] });
    }
    return Promise.resolve({});
  };
  const client = { socketPath: SOCKET, rpc: { socketPath: SOCKET, unary }, close: () => undefined };
  return { client: client as unknown as ContainerdClient, calls };
}

async function leftBehind(opts: { paused?: boolean; lease?: string; owner?: ProcessOwner } = {}) {
  const record = await JournalRecord.begin(
    jd,
    { socketPath: SOCKET, namespace: 'k8s.io', containerId: 'c1', outputPath: path.join(root, 'x.tar') },
    opts.owner ?? dead,
  );
  const work = path.join(root, '.criu-work-Zz9y8X');
  await mkdir(path.join(work, 'images-aaaaaa'), { recursive: true });
  await record.note({ addTemp: work });
  if (opts.lease) await record.note({ leaseId: opts.lease });
  if (opts.paused) await record.note({ paused: true });
  return { record, work };
}

describe('recoverInterruptedCheckpoints', () => {
  it('resumes the container we paused, drops our leases (by id and by label), removes the temp files, says so', async () => {
    const { work } = await leftBehind({ paused: true, lease: 'L1' });
    const fake = fakeContainerd({ labelled: ['L1', 'L2'] });
    const notices = await recoverInterruptedCheckpoints({ dirs: [jd], connect: () => fake.client });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ ok: true, containerId: 'c1', namespace: 'k8s.io' });
    expect(notices[0]!.message).toContain(
      `resumed container c1 (namespace k8s.io), left paused: a checkpoint by pid ${dead.pid}`,
    );
    expect(notices[0]!.message).toContain('released lease L1');
    expect(notices[0]!.message).toContain('released lease L2');
    expect(notices[0]!.message).toContain(`removed ${work}`);
    expect(fake.calls).toContain('tasks.Resume');
    expect(fake.calls.filter((c) => c.startsWith('leases.Delete'))).toEqual(['leases.Delete L1', 'leases.Delete L2']);
    expect(await readdir(root)).toEqual(['checkpoints-in-progress']);
    expect(await readdir(jd)).toEqual([]);
  });

  it('never resumes a container that runs (someone resumed it) or that we had not paused', async () => {
    await leftBehind({ paused: true });
    const running = fakeContainerd({ status: 'RUNNING' });
    const a = await recoverInterruptedCheckpoints({ dirs: [jd], connect: () => running.client });
    expect(running.calls).not.toContain('tasks.Resume');
    expect(a[0]!.ok).toBe(true);

    await leftBehind({ paused: false });
    const paused = fakeContainerd({ status: 'PAUSED' });
    await recoverInterruptedCheckpoints({ dirs: [jd], connect: () => paused.client });
    expect(paused.calls).not.toContain('tasks.Get');
    expect(paused.calls).not.toContain('tasks.Resume');
    expect(await readdir(jd)).toEqual([]);
  });

  it("containerd says PAUSED but runc says 'container not paused' (CRIU thawed it): nothing to resume, the entry goes", async () => {
    await leftBehind({ paused: true });
    const fake = fakeContainerd({ resumeError: 'runc did not terminate successfully: container not paused' });
    const [n] = await recoverInterruptedCheckpoints({ dirs: [jd], connect: () => fake.client });
    expect(fake.calls).toContain('tasks.Resume');
    expect(n!.ok).toBe(true);
    expect(n!.message).not.toContain('resumed container');
    expect(await readdir(jd)).toEqual([]);
  });

  it('leaves the entries of live processes and of other machines alone, and costs no call when there is nothing', async () => {
    await leftBehind({ paused: true, owner: currentOwner() });
    const fake = fakeContainerd({});
    expect(
      await recoverInterruptedCheckpoints({ dirs: [jd, path.join(root, 'none')], connect: () => fake.client }),
    ).toEqual([]);
    expect(fake.calls).toEqual([]);
    expect(await readdir(jd)).toHaveLength(1);
  });

  it('containerd unreachable: the entry stays for the next start and the notice says how to resume by hand', async () => {
    const { work } = await leftBehind({ paused: true, lease: 'L1' });
    const fake = fakeContainerd({ unreachable: true });
    const [n] = await recoverInterruptedCheckpoints({ dirs: [jd], connect: () => fake.client });
    expect(n!.ok).toBe(false);
    expect(n!.message).toContain('container c1 may still be PAUSED: resume it with ctr -n k8s.io task resume c1');
    expect(n!.message).toContain('tried again at the next start');
    expect(await readdir(jd)).toHaveLength(1);
    // The dump's files stay until containerd has let go of them.
    expect(await readdir(root)).toContain(path.basename(work));
  });

  it('drops leftover leases of dead owners on this machine, never those of live ones or other machines', async () => {
    await leftBehind({});
    const fake = fakeContainerd({
      orphans: [
        { id: 'dead-here', labels: { [LEASE_LABEL.owner]: ownerLabel(dead), [LEASE_LABEL.host]: os.hostname() } },
        { id: 'live-here', labels: { [LEASE_LABEL.owner]: ownerLabel(), [LEASE_LABEL.host]: os.hostname() } },
        { id: 'dead-elsewhere', labels: { [LEASE_LABEL.owner]: ownerLabel(dead), [LEASE_LABEL.host]: 'other-host' } },
      ],
    });
    const [n] = await recoverInterruptedCheckpoints({ dirs: [jd], connect: () => fake.client });
    expect(fake.calls.filter((c) => c.startsWith('leases.Delete'))).toEqual(['leases.Delete dead-here']);
    expect(n!.message).toContain('released leftover leases dead-here');
  });

  it('removes an unreadable entry and says so', async () => {
    await mkdir(jd, { recursive: true });
    const bad = path.join(jd, `${'c'.repeat(32)}.json`);
    await writeFile(bad, 'not json');
    const [n] = await recoverInterruptedCheckpoints({ dirs: [jd], connect: () => fakeContainerd({}).client });
    expect(n).toMatchObject({ ok: false, containerId: null });
    expect(n!.message).toContain(`removed an unreadable checkpoint journal entry ${bad}`);
    expect(await readdir(jd)).toEqual([]);
  });

  it('reads the journals every host of ours writes, each once', () => {
    const dirs = journalDirs(path.join(root, 'ud'));
    expect(dirs[0]).toBe(journalDir(path.join(root, 'ud')));
    expect(new Set(dirs).size).toBe(dirs.length);
    expect(dirs.some((d) => d.includes('Checkpoint Inspector'))).toBe(true);
  });
});
