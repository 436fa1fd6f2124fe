// An independent oracle for the CRIU image decoder: CRIU's own `crit`
// (python3-pycriu), run by chroot in the testbed's Debian root fs. Needs root
// and a provisioned root fs (npm run testbed:up once); not the running testbed.
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

/** The testbed root fs; same default and variable as test/testbed/lib.sh. */
export function testbedRootfs(): string {
  const dir =
    process.env.CHECKPOINT_INSPECTOR_TESTBED_DIR ??
    path.join(process.env.HOME ?? '/root', '.cache/checkpoint-inspector/testbed');
  return path.join(dir, 'rootfs');
}

export function critAvailable(rootfs = testbedRootfs()): boolean {
  return process.getuid?.() === 0 && existsSync(path.join(rootfs, 'usr/bin/crit'));
}

/** `crit decode --pretty` of one image file (fed on stdin), parsed. */
export async function critDecode(imagePath: string, rootfs = testbedRootfs()): Promise<unknown> {
  const input = await open(imagePath, 'r');
  try {
    const child = spawn('chroot', [rootfs, 'crit', 'decode', '--pretty'], {
      env: ENV,
      stdio: [input.fd, 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) {
      throw new Error(`crit decode ${imagePath} failed (${code}): ${Buffer.concat(err).toString()}`);
    }
    return JSON.parse(Buffer.concat(out).toString('utf8')) as unknown;
  } finally {
    await input.close();
  }
}

export type CritExplore = 'ps' | 'fds' | 'mems' | 'rss';

/** `crit x DIR ps|fds|mems|rss` over a CRIU image folder: crit's text output. */
export async function critX(imageDir: string, what: CritExplore, rootfs = testbedRootfs()): Promise<string> {
  // crit runs inside the root fs, so the images go there for the duration.
  const scratch = mkdtempSync(path.join(rootfs, 'tmp', 'crit-'));
  try {
    cpSync(imageDir, scratch, { recursive: true });
    const inside = `/tmp/${path.basename(scratch)}`;
    const { stdout } = await run('chroot', [rootfs, 'crit', 'x', inside, what], {
      env: ENV,
      maxBuffer: 64 << 20,
    });
    return stdout;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Rows of `crit x DIR ps`: pid, pgid, sid, comm. */
export async function critPs(
  imageDir: string,
  rootfs = testbedRootfs(),
): Promise<{ pid: number; pgid: number; sid: number; comm: string }[]> {
  const text = await critX(imageDir, 'ps', rootfs);
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length >= 4)
    .map(([pid, pgid, sid, comm]) => ({
      pid: Number(pid),
      pgid: Number(pgid),
      sid: Number(sid),
      comm: comm ?? '',
    }));
}

/** One Python for many images: what `crit decode --pretty` does, per file, as JSON lines. */
const BATCH_DECODE = `
import json, sys
import pycriu
for line in sys.stdin:
    name = line.rstrip("\\n")
    try:
        with open(name, "rb") as f:
            img = pycriu.images.load(f, True, False)
        print(json.dumps({"ok": True, "json": json.dumps(img, indent=4)}), flush=True)
    except BaseException as e:
        print(json.dumps({"ok": False, "error": "%s: %s" % (type(e).__name__, e)}), flush=True)
`;

export type CritBatchResult = { ok: true; json: string } | { ok: false; error: string };

/**
 * `crit decode --pretty` of many images in one Python process (a Python start
 * costs seconds on a loaded machine). Results keep crit's JSON as text, so
 * callers can parse big integers exactly.
 */
export async function critDecodeBatch(files: readonly string[], rootfs = testbedRootfs()): Promise<CritBatchResult[]> {
  const scratch = mkdtempSync(path.join(rootfs, 'tmp', 'crit-batch-'));
  try {
    const inside = files.map((file, i) => {
      cpSync(file, path.join(scratch, `${i}.img`));
      return `/tmp/${path.basename(scratch)}/${i}.img`;
    });
    const child = spawn('chroot', [rootfs, 'python3', '-c', BATCH_DECODE], {
      env: ENV,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.end(inside.join('\n') + '\n');
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const lines = Buffer.concat(out).toString('utf8').split('\n').filter(Boolean);
    if (code !== 0 || lines.length !== files.length) {
      throw new Error(`crit batch decode failed (${code}): ${Buffer.concat(err).toString()}`);
    }
    return lines.map((l) => JSON.parse(l) as CritBatchResult);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
