// `diff` beside the real checkpointctl on fixtures, hand-built pairs and
// archives without CRIU images (comparison rules: diff-compare.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/run-cli-captured';
import { checkpointctl, compareBoth, FLAG_SETS } from './diff-compare';
import { someImages, writeBare, writeChangedPair } from './diff-pairs';

const FIXTURES = resolve(__dirname, '../../fixtures');
const dir = mkdtempSync(join(tmpdir(), 'h-diff-ctl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diff agrees with checkpointctl diff', () => {
  it.each(['containerd-cri-web.tar', 'podman-web-none.tar'])('%s with itself, each set of flags', async (name) => {
    for (const flags of FLAG_SETS) await compareBoth(join(FIXTURES, name), join(FIXTURES, name), flags);
  });

  it.each(['podman-web-gzip.tar.gz', 'podman-web-zstd.tar.zst'])('%s (compressed) with itself', async (name) => {
    await compareBoth(join(FIXTURES, name), join(FIXTURES, name), FLAG_SETS[FLAG_SETS.length - 1] ?? []);
  });

  it('two Podman checkpoints of one container (plain and gzip), both ways', async () => {
    const [none, gzip] = [join(FIXTURES, 'podman-web-none.tar'), join(FIXTURES, 'podman-web-gzip.tar.gz')];
    for (const flags of [FLAG_SETS[0] ?? [], FLAG_SETS[FLAG_SETS.length - 1] ?? []]) {
      await compareBoth(none, gzip, flags);
      await compareBoth(gzip, none, flags);
    }
  });

  it('two checkpoints with processes, command lines, files, sockets and memory changed, both ways', async () => {
    const { a, b } = writeChangedPair(dir);
    for (const flags of FLAG_SETS) {
      await compareBoth(a, b, flags);
      await compareBoth(b, a, flags);
    }
  });

  it('archives without CRIU images, or with only pstree.img and core-*.img, in every pairing', async () => {
    const bare = writeBare(join(dir, 'bare.tar'));
    const ps = writeBare(join(dir, 'ps.tar'), someImages(['pstree.img', 'core-1.img', 'core-6.img', 'core-7.img']));
    for (const [a, b] of [
      [bare, bare],
      [ps, bare],
      [bare, ps],
      [ps, ps],
    ] as const)
      for (const flags of [[], ['--show-unchanged'], ['--files'], ['--sockets'], ['--ps-tree-cmd'], ['--ps-tree-env']])
        await compareBoth(a, b, flags);
  });

  it('checkpoints of two containers: both refuse, with nothing on stdout', async () => {
    const [a, b] = [join(FIXTURES, 'podman-web-none.tar'), join(FIXTURES, 'containerd-cri-web.tar')];
    const ctl = await checkpointctl(['diff', a, b]);
    const ours = await runCliCaptured(['diff', a, b]);
    expect(ctl.code).not.toBe(0);
    expect(ours.code).toBe(1);
    expect(ours.out).toBe('');
    expect(ours.err).toContain('checkpoints are from different containers');
  });
});
