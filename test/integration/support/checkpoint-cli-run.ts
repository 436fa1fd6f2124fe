// Runs the bundled CLI as a child process for the signal tests: its stderr as
// lines one can wait on, the container's task status sampled meanwhile (when
// it was first seen PAUSED and when RUNNING again), and its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ContainerdClient } from '../../../electron/containerd';
import { LEASE_LABEL } from '../../../electron/checkpoint/types';
import { JOURNAL_FOLDER } from '../../../electron/checkpoint/journal';
import { bundleCacheDir, bundleForNode } from '../../support/bundle-for-node';

const repo = path.resolve(__dirname, '../../..');

/** The CLI bundled from the sources (as scripts/build.mjs does), in a folder of its own. */
export async function bundleCli(name: string): Promise<string> {
  const dir = await bundleCacheDir(name);
  return bundleForNode(path.join(repo, 'electron/cli/index.ts'), path.join(dir, 'cli.cjs'));
}

export interface CliRun {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Resolves with the first stderr line matching, rejects if the process exits first or after ms. */
  line(pattern: RegExp, ms?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function runCliChild(cli: string, args: string[], env: NodeJS.ProcessEnv): CliRun {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let err = '';
  let out = '';
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  let pending = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString();
    pending += b.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) {
      for (const w of [...waiters]) {
        if (w.pattern.test(l)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(l);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    exited,
    line: (pattern, ms = 120_000) => {
      const seen = err.split('\n').find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no stderr line ${pattern} in ${ms} ms:\n${err}`)), ms);
        waiters.push({
          pattern,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`the CLI exited before printing ${pattern}:\n${err}`));
        });
      });
    },
  };
}

/** Samples the task's status until stopped: when it was first PAUSED and when it ran again after. */
export function watchPause(client: ContainerdClient, namespace: string, id: string) {
  let pausedAt: number | null = null;
  let runningAgainAt: number | null = null;
  let stop = false;
  const seenPaused: { resolve: () => void; promise: Promise<void> } = (() => {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    return { resolve, promise };
  })();
  const loop = (async () => {
    while (!stop) {
      const status = await client
        .getTask(namespace, id)
        .then((t) => t?.status ?? null)
        .catch(() => 'unreachable');
      const t = Date.now();
      if (status === 'PAUSED' && pausedAt === null) {
        pausedAt = t;
        seenPaused.resolve();
      }
      if (status === 'RUNNING' && pausedAt !== null && runningAgainAt === null) runningAgainAt = t;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    paused: seenPaused.promise,
    async stop() {
      stop = true;
      await loop;
      return { pausedAt, runningAgainAt };
    },
  };
}

/** Leases a process made (by the pid label of our leases). */
export async function leasesOfPid(client: ContainerdClient, namespace: string, pid: number): Promise<string[]> {
  const res = await client.rpc.unary<{ leases: { id: string; labels: Record<string, string> }[] }>(
    'leases',
    'List',
    {},
    { namespace },
  );
  return res.leases.filter((l) => l.labels?.[LEASE_LABEL.pid] === String(pid)).map((l) => l.id);
}

/** A fresh XDG_CONFIG_HOME, so that this test's journal is its own. */
export async function freshConfigHome(tag: string): Promise<{ env: NodeJS.ProcessEnv; journal: string }> {
  const home = await mkdtemp(path.join(os.tmpdir(), `h-paused-${tag}-`));
  return { env: { XDG_CONFIG_HOME: home }, journal: path.join(home, 'checkpoint-inspector', JOURNAL_FOLDER) };
}

export async function journalFiles(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}
