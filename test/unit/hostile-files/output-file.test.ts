// Files we write at a path a user named: never through a link, FIFO or
// device, never via a predictable temp name, never a temp left behind.
import { execFileSync } from 'node:child_process';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitNoReplace } from '../../../electron/checkpoint/commit-file';
import { createTempBeside, writeOutputFile } from '../../../electron/fs/output-file';
import { expectAppError } from '../archive/helpers';
import { HOSTILE_BUDGET, runCliProcess, terminalControls } from '../../support/run-cli-process';

const SAMPLE = resolve(__dirname, '../../../resources/sample/sample-checkpoint.tar');
let dir: string;
let n = 0;
const fresh = async (): Promise<string> => {
  const d = join(dir, `case-${++n}`);
  await mkdir(d);
  return d;
};
const text = (s: string) => async (h: FileHandle) => {
  await h.writeFile(s);
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h-files-out-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeOutputFile', () => {
  it('writes a new name with mode 0600 and leaves only that name', async () => {
    const d = await fresh();
    const target = join(d, 'report.html');
    const bytes = await writeOutputFile(target, text('hello'), { replace: true });
    expect(bytes).toBe(5);
    expect(await readFile(target, 'utf8')).toBe('hello');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(d)).toEqual(['report.html']);
  });

  it('replaces an existing regular file when asked to, and refuses it with CONFLICT when not', async () => {
    const d = await fresh();
    const target = join(d, 'out.json');
    await writeFile(target, 'old');
    await writeOutputFile(target, text('new'), { replace: true });
    expect(await readFile(target, 'utf8')).toBe('new');
    const e = await expectAppError(writeOutputFile(target, text('newer'), { replace: false }), 'CONFLICT');
    expect(e.message).toContain('out.json');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(d)).toEqual(['out.json']);
  });

  it('refuses a symbolic link (even to a regular file) and leaves it and its target as they were', async () => {
    const d = await fresh();
    const victim = join(d, 'victim');
    await writeFile(victim, 'precious');
    const target = join(d, 'report.html');
    await symlink(victim, target);
    const e = await expectAppError(writeOutputFile(target, text('x'), { replace: true }), 'INVALID_ARGUMENT');
    expect(e.message).toContain(target);
    expect(e.message).toContain('symbolic link');
    expect((await lstat(target)).isSymbolicLink()).toBe(true);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await readdir(d)).sort()).toEqual(['report.html', 'victim']);
  });

  it('refuses a FIFO without opening it (it would block) and a directory', async () => {
    const d = await fresh();
    const fifo = join(d, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const e = await expectAppError(writeOutputFile(fifo, text('x'), { replace: true }), 'INVALID_ARGUMENT');
    expect(e.message).toContain('a FIFO');
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    const sub = join(d, 'sub');
    await mkdir(sub);
    expect(
      (await expectAppError(writeOutputFile(sub, text('x'), { replace: true }), 'INVALID_ARGUMENT')).message,
    ).toContain('a directory');
    expect((await readdir(d)).sort()).toEqual(['fifo', 'sub']);
  });

  it('refuses a device node: /dev/null stays a character device', async () => {
    const e = await expectAppError(writeOutputFile('/dev/null', text('x'), { replace: true }), 'INVALID_ARGUMENT');
    expect(e.message).toContain('character device');
    expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
    expect((await readdir('/dev')).filter((name) => name.startsWith('.null.'))).toEqual([]);
  });

  it('leaves no temp file when the writer fails, and the old file untouched', async () => {
    const d = await fresh();
    const target = join(d, 'report.html');
    await writeFile(target, 'old');
    await expect(
      writeOutputFile(
        target,
        async (h) => {
          await h.writeFile('partial');
          throw new Error('disk on fire');
        },
        { replace: true },
      ),
    ).rejects.toThrow('disk on fire');
    expect(await readdir(d)).toEqual(['report.html']);
    expect(await readFile(target, 'utf8')).toBe('old');
  });

  it('says what is wrong with a folder that does not exist', async () => {
    const e = await expectAppError(
      writeOutputFile(join(dir, 'no-such-folder', 'r.html'), text('x'), { replace: true }),
      'INVALID_ARGUMENT',
    );
    expect(e.message).toContain('no-such-folder');
  });

  it('makes unpredictable temp names, created exclusively (never an existing name or link)', async () => {
    const d = await fresh();
    const target = join(d, 'a.tar');
    const one = await createTempBeside(target);
    const two = await createTempBeside(target);
    await one.handle.close();
    await two.handle.close();
    expect(one.tempPath).not.toBe(two.tempPath);
    expect(one.tempPath).toMatch(/\/\.a\.tar\.partial-[0-9a-f]{24}$/);
    // The checkpoint commit links: never over an existing name, even a dangling link.
    await symlink(join(d, 'nowhere'), target);
    await expectAppError(commitNoReplace(one.tempPath, target), 'CONFLICT');
    expect((await lstat(target)).isSymbolicLink()).toBe(true);
    await commitNoReplace(two.tempPath, join(d, 'b.tar'));
    expect((await readdir(d)).sort()).toEqual(['a.tar', 'b.tar']);
  });
});

describe('report --output through the CLI (hostile budget)', () => {
  const report = (output: string) => runCliProcess(['report', SAMPLE, '--output', output, '--no-memory']);

  it('refuses a FIFO, a symlink and /dev/null as the output, with exit 2 and a message naming what it is', async () => {
    const d = await fresh();
    const fifo = join(d, 'r.fifo');
    execFileSync('mkfifo', [fifo]);
    const victim = join(d, 'victim');
    await writeFile(victim, 'precious');
    const link = join(d, 'r.html');
    await symlink(victim, link);
    for (const [output, kind] of [
      [fifo, 'a FIFO'],
      [link, 'a symbolic link'],
      ['/dev/null', 'a character device'],
    ] as const) {
      const r = await report(output);
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(2);
      expect(r.stderr.toString()).toContain(kind);
      expect(r.stderr.toString()).toContain(output);
      expect(r.maxRssMiB).toBeLessThan(HOSTILE_BUDGET.rssMiB);
      expect(terminalControls(r.stderr)).toEqual([]);
    }
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
    expect((await readdir(d)).sort()).toEqual(['r.fifo', 'r.html', 'victim']);
  });

  it('writes a report over an existing regular file, and not through links planted at predictable temp names', async () => {
    const d = await fresh();
    const target = join(d, 'r.html');
    await writeFile(target, 'old report');
    const victim = join(d, 'victim');
    await writeFile(victim, 'precious');
    // The old writer used `${target}.${pid}.tmp`: plant links at every pid this child could get soon.
    const planted: string[] = [];
    for (let pid = process.pid; pid < process.pid + 50; pid++) {
      planted.push(`${target}.${pid}.tmp`);
      await symlink(victim, `${target}.${pid}.tmp`);
    }
    const r = await report(target);
    expect(r.code, r.stderr.toString()).toBe(0);
    const html = await readFile(target, 'utf8');
    expect(html).toContain('<!doctype html');
    expect((await lstat(target)).isFile()).toBe(true);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    for (const p of planted) expect((await lstat(p)).isSymbolicLink()).toBe(true);
    expect((await readdir(d)).length).toBe(planted.length + 2);
  });
});
