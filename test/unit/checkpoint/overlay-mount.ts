// A real overlayfs for the overlay tests: layers made here, the overlay
// mounted in a private mount namespace (as dockerd's is, seen from us), the
// container's changes made through it, and its merged view read through
// /proc/PID/root of the process holding that namespace. Needs root, as the
// unit suite has on these machines and in CI.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MountedOverlay {
  root: string;
  upper: string;
  /** Top first, as overlayfs's lowerdir lists them. */
  lowers: string[];
  /** The mounted overlay, as seen from here. */
  mergedHere: string;
  stop(): Promise<void>;
}

/** Makes a whiteout (character device 0:0), as overlayfs and Docker's layers hold them. */
export function mknodWhiteout(file: string): void {
  const r = spawnSync('mknod', [file, 'c', '0', '0'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mknod ${file}: ${r.stderr}`);
}

/**
 * `layers` (bottom first) are filled by `fill(dir, index)`; `changes` is a
 * shell script run in the merged folder, as the container's writes.
 */
export async function mountOverlay(
  layers: number,
  fill: (dir: string, index: number) => void,
  changes: string,
): Promise<MountedOverlay> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'h-docker-ovl-'));
  const dir = (n: string) => {
    const p = path.join(root, n);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const bottomFirst = Array.from({ length: layers }, (_, i) => dir(`layer${i}`));
  bottomFirst.forEach((d, i) => fill(d, i));
  const lowers = [...bottomFirst].reverse();
  const upper = dir('upper');
  const work = dir('work');
  const merged = dir('merged');
  const script = [
    `mount -t overlay overlay -o lowerdir=${lowers.join(':')},upperdir=${upper},workdir=${work} ${merged}`,
    `cd ${merged}`,
    changes,
    'cd /',
    'echo ready',
    'exec sleep 600',
  ].join(' && ');
  const child: ChildProcess = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-ec', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`overlay not ready within 20 s: ${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`overlay set-up exited ${code}: ${err}`));
    });
  });
  return {
    root,
    upper,
    lowers,
    mergedHere: `/proc/${child.pid}/root${merged}`,
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
