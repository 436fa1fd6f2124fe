// What a user sees when CRIU fails: the errors that ended the dump (not the
// ones CRIU survived), what it did just before, the step, the versions, and
// the log read from wherever it is (our work folder, or the shim's copy
// named in its error, through containerd's /proc root).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import {
  explainCriuFailure,
  logPathFromError,
  readLogTail,
  summarizeDumpLog,
} from '../../../electron/checkpoint/criu-failure';

// Shaped as CRIU 4.2.1 wrote it on the testbed for an established TCP connection.
const LOG = [
  '(00.000010) Version: 4.2.1 (gitid 0)',
  "(00.009775) Error (criu/util.c:1534): rlimit: Can't setup RLIMIT_NOFILE for self: Operation not permitted",
  ...Array.from({ length: 100 }, (_, i) => `(00.01${i}) cg: collecting ${i}`),
  '(00.020001) Dumping path for 1 fd via self 20 [/dev/null]',
  '(00.020002) sockets: Searching for socket 0x13562b family 10',
  '(00.020003) Error (criu/sk-inet.c:200): inet: Connected TCP socket, consider using --tcp-established option.',
  '(00.020004) Error (criu/cr-dump.c:1545): Dump files (pid: 15554) failed with -1',
  '(00.020005) Error (criu/cr-dump.c:1975): Dumping FAILED.',
  '(00.020006) Unfreezing tasks into 1',
  '(00.020007) Unseizing 15529 into 1',
].join('\n');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'h-paths-criu-failure-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("CRIU's dump.log", () => {
  it('keeps the errors that ended the dump, with what came just before and the last lines', () => {
    const s = summarizeDumpLog(LOG);
    expect(s.errors).toEqual([
      'Error (criu/sk-inet.c:200): inet: Connected TCP socket, consider using --tcp-established option.',
      'Error (criu/cr-dump.c:1545): Dump files (pid: 15554) failed with -1',
      'Error (criu/cr-dump.c:1975): Dumping FAILED.',
    ]);
    expect(s.step).toBe('Dump files (pid: 15554)');
    expect(s.lines[0]).toMatch(/^cg: collecting/);
    expect(s.lines).toContain('sockets: Searching for socket 0x13562b family 10');
    expect(s.lines.at(-1)).toBe('Unseizing 15529 into 1');
    expect(s.lines.join('\n')).not.toContain('rlimit');
    expect(s.lines.some((l) => /^\(\d/.test(l))).toBe(false);
  });

  it('without an error line: the last lines, no step', () => {
    const s = summarizeDumpLog('(0.1) a\n(0.2) b\n');
    expect(s).toEqual({ errors: [], lines: ['a', 'b'], step: null });
  });

  it('finds the cause when CRIU logged its cleanup between it and "Dumping FAILED."', () => {
    const far = [
      '(0.1) Error (criu/sk-inet.c:200): inet: Connected TCP socket, consider using --tcp-established option.',
      '(0.2) Error (criu/cr-dump.c:1545): Dump files (pid: 7) failed with -1',
      ...Array.from({ length: 90 }, (_, i) => `(0.3) net: unlock rule ${i}`),
      '(0.4) Error (criu/cr-dump.c:1975): Dumping FAILED.',
    ].join('\n');
    const s = summarizeDumpLog(far);
    expect(s.step).toBe('Dump files (pid: 7)');
    expect(s.errors[0]).toContain('Connected TCP socket');
    expect(s.errors.at(-1)).toBe('Error (criu/cr-dump.c:1975): Dumping FAILED.');
    // The 90 cleanup lines are not shown: the errors are, and what came last.
    expect(s.lines).toContain('Error (criu/cr-dump.c:1545): Dump files (pid: 7) failed with -1');
    expect(s.lines.filter((l) => l.startsWith('net: unlock')).length).toBeLessThan(10);
  });

  it("reads the errors CRIU's parasite wrote into the log", () => {
    const pie = [
      '(0.1) Fetched ack: 7 7 0',
      '(0.2) pie: 12: Error (criu/pie/parasite.c:300): Unable to dump the thread: -14',
      '(0.3) Error (criu/parasite-syscall.c:120): Dumping thread failed with -14',
      '(0.4) Error (criu/cr-dump.c:1975): Dumping FAILED.',
    ].join('\n');
    const s = summarizeDumpLog(pie);
    expect(s.errors[0]).toBe('pie: 12: Error (criu/pie/parasite.c:300): Unable to dump the thread: -14');
    expect(s.step).toBe('Dumping thread');
    expect(s.lines[0]).toBe('Fetched ack: 7 7 0');
  });

  it('when only "Dumping FAILED." says anything: the last lines, no step made up from it', () => {
    const bare = ['(0.1) a', '(0.2) b', '(0.3) Error (criu/cr-dump.c:1975): Dumping FAILED.', '(0.4) c'].join('\n');
    expect(summarizeDumpLog(bare)).toEqual({
      errors: ['Error (criu/cr-dump.c:1975): Dumping FAILED.'],
      lines: ['a', 'b', 'Error (criu/cr-dump.c:1975): Dumping FAILED.', 'c'],
      step: null,
    });
  });

  it("finds the shim's copy named in its error", () => {
    const msg =
      'rpc error: code = Unknown desc = criu failed: type NOTIFY errno 0 path= /run/containerd/io.containerd.runtime.v2.task/default/x/criu-dump.log: unknown';
    expect(logPathFromError(msg)).toBe('/run/containerd/io.containerd.runtime.v2.task/default/x/criu-dump.log');
    expect(logPathFromError('no path here')).toBeNull();
  });

  it('reads the end of a big log from a line start, and never through a link', async () => {
    const file = path.join(dir, 'dump.log');
    await writeFile(file, `${'x'.repeat(100)}\n${'y'.repeat(10)}\nlast\n`);
    expect(await readLogTail(file, 20)).toBe(`${'y'.repeat(10)}\nlast\n`);
    await symlink(file, path.join(dir, 'link.log'));
    expect(await readLogTail(path.join(dir, 'link.log'))).toBeNull();
    expect(await readLogTail(path.join(dir, 'absent.log'))).toBeNull();
  });
});

describe('the error of a failed dump', () => {
  const base = new AppError('INTERNAL', 'criu failed: type NOTIFY errno 0 path= /run/c/criu-dump.log');
  /** A failure whose dump.log was left in our work folder `dir`. */
  const fromWorkLog = async (text: string, containerId: string) => {
    await writeFile(path.join(dir, 'dump.log'), text);
    return explainCriuFailure(base, {
      containerId,
      criuVersion: '4.2.1',
      containerdPid: null,
      workLog: path.join(dir, 'dump.log'),
    });
  };

  it('from our work folder: the first fatal error, the step and the versions in the message, the lines in details', async () => {
    const e = await fromWorkLog(LOG, 'h-paths-x');
    expect(e.code).toBe('CHECKPOINT_FAILED');
    expect(e.message).toContain('CRIU could not dump h-paths-x (Dump files (pid: 15554))');
    expect(e.message).toContain('Connected TCP socket');
    expect(e.message).toContain(`CRIU 4.2.1, kernel ${os.release()}`);
    expect(e.message).not.toContain('path=');
    expect(e.details).toMatchObject({ step: 'Dump files (pid: 15554)', criuVersion: '4.2.1', kernel: os.release() });
    expect(e.details?.logLines).toContain('Error (criu/cr-dump.c:1975): Dumping FAILED.');
    expect(e.details?.runtimeError).toBe(base.message);
  });

  it("from the shim's copy in containerd's file system, through its /proc root", async () => {
    // A fake /proc/PID/root holding the path the shim named.
    const root = path.join(dir, '4242', 'root');
    await mkdir(path.join(root, 'run', 'c'), { recursive: true });
    await writeFile(path.join(root, 'run', 'c', 'criu-dump.log'), LOG);
    const { containerdSidePath } = await import('../../../electron/checkpoint/shared-folder');
    expect(containerdSidePath(4242, '/run/c/criu-dump.log', dir)).toBe(path.join(root, 'run/c/criu-dump.log'));
    const e = await explainCriuFailure(base, {
      containerId: 'c1',
      criuVersion: null,
      containerdPid: 4242,
      workLog: path.join(dir, 'nothing-here', 'dump.log'),
      proc: dir,
    });
    expect(e.message).toContain('Connected TCP socket');
    expect(e.message).toContain('CRIU version unknown');
    expect(e.details?.logTitle).toContain('/run/c/criu-dump.log');
  });

  it('CRIU out of space is DISK_FULL; no log at all says where it was and why it could not be read', async () => {
    const full = await fromWorkLog("(0.1) Error (criu/image.c:1): Can't write: No space left on device\n", 'c');
    expect(full.code).toBe('DISK_FULL');
    const none = await explainCriuFailure(base, {
      containerId: 'c',
      criuVersion: '4.2.1',
      containerdPid: null,
      workLog: null,
    });
    expect(none.code).toBe('CHECKPOINT_FAILED');
    expect(none.message).toContain("dump.log is in containerd's file system and could not be read from here");
  });
});
