import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkpointFileName,
  checkpointOutputPath,
  cliOutputChoice,
  defaultCheckpointFileName,
} from '../../../electron/app/checkpoint-output';

const now = new Date('2026-03-04T05:06:07.089Z');
const id = '4363b1920deaa93469dcac1c84ddc51ff1981ccbae98a14265c2237a172781d3';

describe('checkpoint output naming', () => {
  it('names a default archive checkpoint-<id12>-<stamp>.tar with no colons', () => {
    expect(defaultCheckpointFileName(id, now)).toBe('checkpoint-4363b1920dea-2026-03-04T05-06-07-089Z.tar');
    expect(defaultCheckpointFileName('a/b:c', now)).toBe('checkpoint-a_b_c-2026-03-04T05-06-07-089Z.tar');
  });

  it('adds .tar when missing and keeps it when present', () => {
    expect(checkpointFileName('web')).toBe('web.tar');
    expect(checkpointFileName('passwd')).toBe('passwd.tar');
    expect(checkpointFileName('web.tar')).toBe('web.tar');
    expect(checkpointFileName('web.tar.gz')).toBe('web.tar.gz.tar');
  });

  it('refuses anything but a plain file name', () => {
    for (const bad of ['', '.', '..', 'a/b', '/etc/passwd', '../up', 'nul\0byte', 'x'.repeat(252)]) {
      expect(() => checkpointFileName(bad), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
    expect(checkpointFileName('x'.repeat(251))).toHaveLength(255);
  });

  it('joins an absolute folder with the name, and refuses a relative folder', () => {
    expect(checkpointOutputPath({ folder: '/srv/ckpt', fileName: 'a', containerId: id, now })).toBe('/srv/ckpt/a.tar');
    expect(checkpointOutputPath({ folder: '/srv/ckpt/', containerId: id, now })).toBe(
      '/srv/ckpt/checkpoint-4363b1920dea-2026-03-04T05-06-07-089Z.tar',
    );
    expect(() => checkpointOutputPath({ folder: 'relative', containerId: id })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => checkpointOutputPath({ folder: '/srv', fileName: '../etc/x', containerId: id })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('reads the CLI --output as a file in a folder, a folder, or nothing (the current folder)', () => {
    const cwd = '/home/u/work';
    expect(cliOutputChoice(undefined, { cwd, isDirectory: false })).toEqual({ folder: cwd });
    expect(cliOutputChoice('out.tar', { cwd, isDirectory: false })).toEqual({ folder: cwd, fileName: 'out.tar' });
    expect(cliOutputChoice('../x/out', { cwd, isDirectory: false })).toEqual({
      folder: path.resolve(cwd, '../x'),
      fileName: 'out',
    });
    expect(cliOutputChoice('/abs/out.tar', { cwd, isDirectory: false })).toEqual({
      folder: '/abs',
      fileName: 'out.tar',
    });
    expect(cliOutputChoice('archives/', { cwd, isDirectory: false })).toEqual({ folder: `${cwd}/archives` });
    expect(cliOutputChoice('archives', { cwd, isDirectory: true })).toEqual({ folder: `${cwd}/archives` });
  });
});
