// `diff`'s flags, sections, exit statuses and stderr: checkpointctl's
// scenarios (test/checkpointctl.bats, diff) and ours, on hand-built archives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import type { CtlDiff } from '../../../electron/inspect/diff/ctl-types';
import type { ArchiveDiff } from '../../../shared/dto/forensics';
import { runCliCaptured as cli } from '../../support/run-cli-captured';
import { someImages, writeBare, writeChangedPair } from './diff-pairs';

const dir = mkdtempSync(join(tmpdir(), 'h-diff-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bare = writeBare(join(dir, 'bare.tar'));
const bare2 = writeBare(join(dir, 'bare2.tar'));
const ps = writeBare(join(dir, 'ps.tar'), someImages(['pstree.img', 'core-1.img', 'core-6.img', 'core-7.img']));
const { a, b } = writeChangedPair(dir);

describe('diff usage', () => {
  it('--help lists every checkpointctl diff flag', async () => {
    const r = await cli(['diff', '--help']);
    expect(r.code).toBe(EXIT.ok);
    for (const flag of ['--ps-tree-cmd', '--ps-tree-env', '--files', '--sockets', '--show-unchanged', '--format'])
      expect(r.out).toContain(flag);
  });

  it.each([
    [[], 'accepts 2 arg(s), received 0'],
    [[bare], 'accepts 2 arg(s), received 1'],
    [[bare, bare, bare], 'accepts 2 arg(s), received 3'],
    [[bare, bare, '--format=invalid'], 'invalid output format'],
    [[bare, bare, '--wrong-flag'], "Unknown option '--wrong-flag'"],
  ])('diff %j is refused: %s', async (args, message) => {
    const r = await cli(['diff', ...args]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('a checkpoint that does not exist fails (exit 1) naming it', async () => {
    const r = await cli(['diff', join(dir, 'does-not-exist1.tar'), join(dir, 'does-not-exist2.tar')]);
    expect(r.code).toBe(EXIT.failure);
    expect(r.err).toContain('does-not-exist1.tar');
  });
});

describe('diff of archives without CRIU images (checkpointctl: "no change")', () => {
  it('two of them: checkpointctl\'s header and boxes, "No change" twice, exit 0, nothing on stderr', async () => {
    const r = await cli(['diff', bare, bare2]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^╔═+╗\n║ Checkpoint Diff +║\n╠═+╣\n║ Container: +║\n║ Image: {5}busybox +║\n/);
    expect(r.out).toMatch(/\nCheckpoint A:\n {2}Created: .*\n {2}Size: {4}0 bytes\n/);
    expect(r.out.match(/= No change/g)).toHaveLength(2);
  });

  it('in JSON: container_id, checkpoint_a/b, memory_changes with size_change_bytes 0, a summary, no problem', async () => {
    const r = await cli(['diff', bare, bare2, '--format=json']);
    expect(r.code).toBe(EXIT.ok);
    const d = JSON.parse(r.out) as CtlDiff;
    expect(d.container_id).toBe('h-diff-web');
    expect(d.checkpoint_a).toEqual({ created: expect.any(String), total_size: 0 });
    expect(d.checkpoint_b.total_size).toBe(0);
    expect(d.process_changes).toEqual({});
    expect(d.memory_changes).toEqual({ size_change_bytes: 0, size_change_mb: 0 });
    expect(d.summary).not.toBe('');
    expect(d.problems).toEqual([]);
  });

  it('pstree.img on one side only: its processes shown removed (added), exit 0, a note on stderr naming the side', async () => {
    const gone = await cli(['diff', ps, bare]);
    expect(gone.code).toBe(EXIT.ok);
    expect(gone.out).toMatch(/│ Removed:\n│ {3}- PID 1 {5}sh\n/);
    expect(gone.out).toContain('Processes: +0 -3 ~0');
    expect(gone.err).toBe(
      `checkpoint-inspector: ${bare}: note: checkpoint/pstree.img: not in checkpoint B: its processes could not be compared, and those of checkpoint A show as removed (NOT_FOUND)\n`,
    );
    const came = await cli(['diff', bare, ps, '-o', 'json']);
    expect(came.code).toBe(EXIT.ok);
    expect((JSON.parse(came.out) as CtlDiff).process_changes.added?.map((p) => p.pid)).toEqual([1, 6, 7]);
    expect(came.err).toContain(`${bare}: note: checkpoint/pstree.img: not in checkpoint A`);
  });

  it('--files or --sockets without pstree.img: what could not be listed is a problem, exit 3 (checkpointctl fails)', async () => {
    for (const flag of ['--files', '--sockets']) {
      const r = await cli(['diff', bare, bare2, flag]);
      expect(r.code).toBe(EXIT.incomplete);
      expect(r.err).toContain(`${bare}: problem: checkpoint/pstree.img: checkpoint/pstree.img is not in the archive`);
      expect(r.err).toContain(`${bare2}: problem: checkpoint/pstree.img`);
    }
  });

  it('--ps-tree-cmd without the memory images: the command lines are missing, exit 3 (checkpointctl fails)', async () => {
    const plain = await cli(['diff', ps, ps]);
    expect(plain.code).toBe(EXIT.ok);
    expect(plain.err).toBe('');
    const cmd = await cli(['diff', ps, ps, '--ps-tree-cmd']);
    expect(cmd.code).not.toBe(EXIT.ok);
    expect(cmd.err).toMatch(/problem: checkpoint\/(mm|pagemap|pages)-1\.img/);
  });
});

describe('diff of two checkpoints with changes', () => {
  it('without --show-unchanged: Added, Removed, Modified and the summary counts', async () => {
    const r = await cli(['diff', a, b, '--ps-tree-cmd']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('│ Added:\n│   + PID 8     sleep\n│             /usr/bin/tail -f /data/log.txt');
    expect(r.out).toContain('│ Removed:\n│   - PID 7     tail\n');
    expect(r.out).toContain('│ Modified:\n│   ~ PID 6     httpd\n');
    expect(r.out).toContain('│ ↑ Increased by 0.12 MB');
    expect(r.out).toMatch(
      /Summary:\nCheckpoint comparison for container \nProcesses: \+1 -1 ~1\nMemory: \+0\.12 MB\n$/,
    );
    expect(r.out).not.toContain('File Descriptor Changes');
    expect(r.out).not.toContain('Socket Changes');
  });

  it('--show-unchanged: B’s tree marked = + ~, then what was removed', async () => {
    const r = await cli(['diff', a, b, '--show-unchanged']);
    expect(r.out).toContain(
      '│ Process tree\n│ └── [= PID 1]  sh\n│     ├── [= PID 6]  httpd\n│     └── [+ PID 8]  sleep\n│ Removed:\n│   - PID 7     tail\n',
    );
  });

  it('--sockets --show-unchanged: the table with + - = rows and "Sockets: +1 -2"', async () => {
    const r = await cli(['diff', a, b, '--sockets', '--show-unchanged']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('│     PID   PROTO STATE        LOCAL                 PEER\n');
    expect(r.out).toContain('│  +  6     TCP   ESTABLISHED  127.0.0.1:40003       127.0.0.1:5000\n');
    expect(r.out).toContain('│  -  6     UDP   ESTABLISHED  127.0.0.1:40002       127.0.0.1:5001\n');
    expect(r.out).toContain('│  =  6     TCP   LISTEN       :::8080               -\n');
    expect(r.out).toContain('Sockets: +1 -2');
    const hidden = await cli(['diff', a, b, '--sockets']);
    expect(hidden.out).not.toContain('│  =  ');
  });

  it('--sockets in JSON: socket_changes added/removed/unchanged with src_port and dst_port', async () => {
    const d = JSON.parse((await cli(['diff', a, b, '--sockets', '--format', 'json'])).out) as CtlDiff;
    expect(d.socket_changes?.added).toEqual([
      expect.objectContaining({ pid: 6, protocol: 'TCP', state: 'ESTABLISHED', src_port: 40003, dst_port: 5000 }),
    ]);
    expect(d.socket_changes?.removed?.map((s) => s.protocol).sort()).toEqual(['TCP', 'UDP']);
    expect(d.socket_changes?.unchanged).toEqual([expect.objectContaining({ state: 'LISTEN', src_port: 8080 })]);
    expect(d.file_changes).toBeUndefined();
  });

  it('--files: File Descriptor Changes with the new process’s descriptors and the gone one’s', async () => {
    const r = await cli(['diff', a, b, '--files']);
    expect(r.out).toContain('┌─ File Descriptor Changes');
    expect(r.out).toContain('│   + PID 8     REG      /data/log.txt\n');
    expect(r.out).toContain('│   - PID 7     REG      /data/log.txt\n');
    expect(r.out).not.toContain('│ Unchanged:');
    expect(r.out).toContain('Files: +7 -8');
  });

  it('ours beside checkpointctl’s: the rootfs, spec.dump and config.dump comparisons', async () => {
    const d = JSON.parse((await cli(['diff', a, b, '--format', 'json'])).out) as CtlDiff;
    expect(d.rootfs_changes).toEqual({ added: [], removed: [], changed: [] });
    expect(d.spec_changes).toEqual([]);
    expect(d.config_changes).toEqual([]);
  });

  it('--details (ours): the Compare screen\'s model under "details", and its per-process boxes in the text', async () => {
    const json = await cli(['diff', a, b, '--details', '--format', 'json']);
    expect(json.code).toBe(EXIT.ok);
    const d = (JSON.parse(json.out) as { details: ArchiveDiff }).details;
    expect(d.processes.added.map((p) => [p.pid, p.comm])).toEqual([[8, 'sleep']]);
    expect(d.processes.changed).toEqual([expect.objectContaining({ pid: 6, fields: ['cmdline'] })]);
    expect(d.memory.find((m) => m.pid === 7)).toMatchObject({ after: null });
    const text = await cli(['diff', a, b, '--details']);
    expect(text.out).toContain('┌─ Process Details ');
    expect(text.out).toMatch(/│ {3}~ PID 6 {5}httpd: cmdline\n│ {7}cmdline: \[/);
    expect(text.out).toContain('│   PID 7     tail: ');
    expect((await cli(['diff', a, b])).out).not.toContain('Process Details');
  });

  it('checkpoints of two containers: exit 1 with both named; --any-container compares them', async () => {
    const other = writeBare(join(dir, 'other.tar'), {}, '{"id":"h-diff-other","name":"other"}');
    const r = await cli(['diff', bare, other]);
    expect(r.code).toBe(EXIT.failure);
    expect(r.out).toBe('');
    expect(r.err).toContain('checkpoints are from different containers:\n  A:  (h-diff-web)\n  B: ');
    const anyway = await cli(['diff', bare, other, '--any-container', '--format', 'json']);
    expect(anyway.code).toBe(EXIT.ok);
    expect((JSON.parse(anyway.out) as CtlDiff).config_changes.map((c) => c.path).sort()).toEqual([
      'id',
      'name',
      'rootfsImageName',
    ]);
  });
});
