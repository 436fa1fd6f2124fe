// Diff of two CRI checkpoints of the testbed's `web` pod, taken before and
// after a known change made with CRI ExecSync (a new process, a new file):
// the diff shows exactly that change, through the core and `diff --format json`.
// The change is undone afterwards. Needs root and the containerd testbed.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArchiveDiff } from '../../shared/dto';
import type { CtlDiff } from '../../electron/inspect/diff/ctl-types';
import { runCli } from '../../electron/cli/main';
import { diffArchives } from '../../electron/inspect/diff/diff-archives';
import { openArchive } from '../../electron/inspect/open-archive';
import { criCheckpoint, ensureTestbed, testbedGate, type TestbedState } from '../testbed/testbed';
import { execSync } from '../testbed/workloads';

const skip = testbedGate();
const NEW_FILE = '/data/forensics-diff.txt';
/** An argv nothing else in the pod has, so the process can be found and killed. */
const SLEEP = ['/bin/sleep', '31337'];

async function cliJson(args: string[]): Promise<unknown> {
  const out: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    rest.find((r): r is () => void => typeof r === 'function')?.();
    return true;
  });
  try {
    expect(await runCli(args)).toBe(0);
  } finally {
    o.mockRestore();
  }
  return JSON.parse(out.join(''));
}

describe.skipIf(skip !== undefined)(`diff of two checkpoints of web ${skip ?? ''}`, () => {
  let state: TestbedState;
  let before: string;
  let after: string;
  let work: string;
  let diff: ArchiveDiff;

  const undo = async () => {
    const id = state.workloads.web.containerId;
    await execSync(state.socket, id, [
      '/bin/sh',
      '-c',
      `pkill -f 'sleep 31337' || kill $(pidof sleep) 2>/dev/null; rm -f ${NEW_FILE}; true`,
    ]).catch(() => undefined);
  };

  beforeAll(async () => {
    state = await ensureTestbed();
    await undo();
    work = await mkdtemp(path.join(tmpdir(), 'ci-forensics-diff-'));
    before = path.join(state.archiveDir, 'forensics-diff-before.tar');
    after = path.join(state.archiveDir, 'forensics-diff-after.tar');
    await rm(before, { force: true });
    await rm(after, { force: true });
    const id = state.workloads.web.containerId;
    await criCheckpoint(state, id, before);
    const res = await execSync(state.socket, id, [
      '/bin/sh',
      '-c',
      `echo forensics > ${NEW_FILE}; ${SLEEP.join(' ')} </dev/null >/dev/null 2>&1 & true`,
    ]);
    expect(res.exitCode).toBe(0);
    await criCheckpoint(state, id, after);
    const open = async (file: string, n: number) => {
      const cacheDir = path.join(work, `c${n}`);
      await mkdir(cacheDir, { mode: 0o700 });
      return openArchive(file, { archiveId: `a${n}`, cacheDir });
    };
    const [a, b] = [await open(before, 1), await open(after, 2)];
    try {
      diff = await diffArchives(a, b);
    } finally {
      await a.close();
      await b.close();
    }
  });

  afterAll(async () => {
    if (state) await undo();
    for (const f of [before, after]) if (f && existsSync(f)) await rm(f, { force: true });
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('shows the new process and nothing else added, removed or changed among processes', () => {
    expect(diff.processes.removed).toEqual([]);
    expect(diff.processes.changed).toEqual([]);
    expect(diff.processes.added.map((p) => [p.comm, p.cmdline])).toEqual([['sleep', SLEEP]]);
  });

  it('shows the new file in the rootfs diff and nothing else', () => {
    expect(diff.rootfs.added.map((e) => e.path)).toEqual([NEW_FILE]);
    expect(diff.rootfs.removed).toEqual([]);
    expect(diff.rootfs.changed).toEqual([]);
  });

  it('shows only the new process among open files and sockets, and no spec change', () => {
    const pid = diff.processes.added[0]!.pid;
    expect(diff.files.removed).toEqual([]);
    expect(diff.files.added.every((f) => f.pid === pid)).toBe(true);
    expect(diff.sockets).toEqual({ added: [], removed: [] });
    expect(diff.spec).toEqual([]);
    // config.dump records when each checkpoint was made; nothing else of it changes.
    expect(diff.config.map((c) => c.path)).toEqual(['checkpointedTime']);
    expect(diff.memory.find((m) => m.pid === pid)).toMatchObject({ before: null });
    expect(diff.memory.find((m) => m.pid === pid)!.after).toBeGreaterThan(0);
  });

  it('gives the same through `diff --format json` (checkpointctl keys)', async () => {
    const viaCli = (await cliJson(['diff', before, after, '--format', 'json', '--files'])) as CtlDiff;
    expect(viaCli.process_changes.added?.map((p) => [p.pid, p.command])).toEqual(
      diff.processes.added.map((p) => [p.pid, p.comm]),
    );
    expect(viaCli.process_changes.removed).toBeUndefined();
    expect(viaCli.rootfs_changes).toEqual(diff.rootfs);
    const pid = diff.processes.added[0]!.pid;
    expect(viaCli.file_changes?.removed).toBeUndefined();
    expect(viaCli.file_changes?.added?.every((f) => f.pid === pid)).toBe(true);
  });
});
