import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlayChanges, type OverlayProblem } from '../../../electron/checkpoint/overlay-changes';
import { mknodWhiteout, mountOverlay, type MountedOverlay } from './overlay-mount';

const put = (file: string, text = 'x') => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

async function collect(layout: Parameters<typeof overlayChanges>[0]) {
  const problems: OverlayProblem[] = [];
  const entries: string[] = [];
  for await (const e of overlayChanges(layout, problems)) {
    if (e.kind === 'whiteout') entries.push(`wh ${e.path}`);
    else if (e.kind === 'hardlink') entries.push(`link ${e.path} -> ${e.target}`);
    else {
      const s = e.stats;
      const kind = s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : s.isFIFO() ? 'fifo' : 'file';
      entries.push(`${kind} ${e.path}`);
    }
  }
  return { entries, problems };
}

describe('the changes in a real overlay upper folder', () => {
  let ovl: MountedOverlay;
  beforeAll(async () => {
    ovl = await mountOverlay(
      2,
      (dir, i) => {
        if (i === 0) {
          for (const f of ['etc/keep', 'etc/gone', 'data/old1', 'data/old2', 'data/sub/deep', 'bin/sh', 'hide/x']) {
            put(path.join(dir, f));
          }
        } else {
          put(path.join(dir, 'etc/layer2'));
          mknodWhiteout(path.join(dir, 'hide')); // the image itself deleted /hide
        }
      },
      [
        'rm etc/gone',
        'echo new > etc/new',
        'ln etc/new etc/new-hard',
        'chmod 600 etc/keep',
        'rm -rf data',
        'mkdir -p data/sub',
        'echo n > data/sub/n',
        'ln -s ../etc/keep link',
        'mkfifo fifo',
      ].join(' && '),
    );
  });
  afterAll(async () => ovl?.stop());

  it("lists what the container wrote, deleted, and what a folder it deleted and made again hides, in containerd's order", async () => {
    const { entries, problems } = await collect({ upper: ovl.upper, lowers: ovl.lowers, merged: ovl.mergedHere });
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      'dir data',
      'wh data/old1',
      'wh data/old2',
      'dir data/sub',
      'wh data/sub/deep',
      'file data/sub/n',
      'dir etc',
      'wh etc/gone',
      'file etc/keep',
      'file etc/new',
      'link etc/new-hard -> etc/new',
      'fifo fifo',
      'symlink link',
    ]);
  });

  it('without the mounted overlay, keeps the whiteouts overlayfs wrote and says the opaque folders went unchecked', async () => {
    const { entries, problems } = await collect({ upper: ovl.upper, lowers: ovl.lowers, merged: null });
    expect(entries).toContain('wh etc/gone');
    expect(entries).not.toContain('wh data/old1');
    expect(problems).toEqual([{ path: '/', message: expect.stringContaining('mounted overlay was not readable') }]);
  });
});

describe('the changes in an upper folder with what a tar cannot hold', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'h-docker-upper-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves out sockets and names that are not UTF-8, each listed as a problem', async () => {
    put(path.join(dir, 'ok.txt'));
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe])]), 'x');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'sock'), resolve));
    try {
      const { entries, problems } = await collect({ upper: dir, lowers: [], merged: null });
      expect(entries).toEqual(['file ok.txt']);
      expect(problems).toHaveLength(2);
      expect(problems).toEqual(
        expect.arrayContaining([
          { path: 'sock', message: expect.stringContaining('a socket') },
          { path: expect.stringMatching(/^bad-/), message: expect.stringContaining('not UTF-8') },
        ]),
      );
    } finally {
      server.close();
    }
  });
});
