// `inspect --all --format json` of every fixture against the built
// checkpointctl (../shared/peers/checkpointctl): equal on every key both have,
// values included. Plus what its tree prints for --files: [cwd] and [root]
// per process, go-crit's names, KB socket buffers.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/run-cli-captured';
import { sharedKeyDifferences } from '../../support/shared-keys';
import { CHECKPOINTCTL, assertCheckpointctl } from '../../support/peers';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = [
  ...readdirSync(join(ROOT, 'test/fixtures'))
    // checkpointctl opens no OCI images: the checkpoint inside podman-web-oci.tar is podman-web-none.tar, compared here.
    .filter((n) => /\.tar(\.gz|\.zst)?$/.test(n) && !/-oci\.tar$/.test(n))
    .map((n) => join(ROOT, 'test/fixtures', n)),
  join(ROOT, 'resources/sample/sample-checkpoint.tar'),
];

async function checkpointctl(args: string[]): Promise<string> {
  assertCheckpointctl();
  const { stdout } = await promisify(execFile)(CHECKPOINTCTL, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

describe('inspect --all --format json equals checkpointctl on every shared key', () => {
  it('has fixtures to compare', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(5);
  });

  it.each(FIXTURES.map((f) => [f.slice(ROOT.length + 1), f]))(
    '%s',
    async (_, archive) => {
      const theirs = JSON.parse(await checkpointctl(['inspect', archive, '--all', '--format', 'json'])) as unknown;
      const r = await runCliCaptured(['inspect', archive, '--all', '--format', 'json']);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const ours = JSON.parse(r.out) as unknown;
      expect(sharedKeyDifferences(theirs, ours)).toEqual([]);
      // The comparison has something to compare: the per-process keys are there on both sides.
      const [node] = ours as [Record<string, unknown>];
      for (const key of ['process_tree', 'file_descriptors', 'sockets', 'mounts', 'statistics', 'metadata'])
        expect(node, key).toHaveProperty(key);
    },
    60_000,
  );
});

describe('the shared-key comparison can fail', () => {
  it('sees a changed value, a changed length, and matches processes by pid, not by order', () => {
    const a = { x: 'pipe[1]', list: [1, 2], kids: [{ pid: 6 }, { pid: 7, c: 'a' }], only: 1 };
    expect(sharedKeyDifferences(a, { ...a, x: 'pipe:[1]' })).toEqual(['$.x: checkpointctl "pipe[1]", ours "pipe:[1]"']);
    expect(sharedKeyDifferences(a, { ...a, list: [1] })).toHaveLength(1);
    expect(
      sharedKeyDifferences(a, { ...a, kids: [{ pid: 7, c: 'a' }, { pid: 6 }], only: undefined, extra: 2 }),
    ).toEqual(['$.only: checkpointctl 1, ours undefined']);
    expect(sharedKeyDifferences(a, { x: 'pipe[1]', list: [1, 2], kids: [{ pid: 6 }, { pid: 7, c: 'a' }] })).toEqual([]);
  });
});

describe('inspect --files in the tree, as checkpointctl prints it', () => {
  it('lists each process descriptors as [TYPE N], then [cwd] and [root] from fs-PID.img', async () => {
    const archive = join(ROOT, 'test/fixtures/containerd-cri-web.tar');
    const theirs = await checkpointctl(['inspect', archive, '--files']);
    const r = await runCliCaptured(['inspect', archive, '--files']);
    expect(r.code).toBe(0);
    // Without --ps-tree-cmd/env nothing in the tree is read from memory: the trees are the same text.
    expect(r.out).toBe(theirs);
    for (const s of ['[REG 0]  /dev/null', '[PIPE 1]  pipe[71470]', '[INETSK 0]  INETSK.7', '[cwd]  /www', '[root]  /'])
      expect(r.out).toContain(s);
    expect(r.out.match(/\[cwd\]/g)).toHaveLength(3);
  });

  it('prints socket buffers in KB, as checkpointctl', async () => {
    const archive = join(ROOT, 'test/fixtures/podman-web-none.tar');
    const theirs = await checkpointctl(['inspect', archive, '--sockets']);
    const r = await runCliCaptured(['inspect', archive, '--sockets']);
    expect(r.out).toBe(theirs);
    expect(r.out).toContain('[TCP (LISTEN)]  :::8080 -> :::0 (↑ 16.0 KB ↓ 128.0 KB)');
  });

  it('show prints the same table', async () => {
    const archives = FIXTURES.slice(0, 2);
    for (const args of [
      ['show', archives[0] as string],
      ['show', ...archives],
    ]) {
      const r = await runCliCaptured(args);
      expect(r.out).toBe(await checkpointctl(args));
    }
  });
});
