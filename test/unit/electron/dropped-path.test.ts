import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateDroppedPaths } from '../../../electron/main/dropped-path';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ci-drop-'));
  await writeFile(path.join(dir, 'cp.tar'), 'x');
  await mkdir(path.join(dir, 'folder'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('validateDroppedPaths', () => {
  it('accepts absolute paths of regular files', async () => {
    await expect(validateDroppedPaths([path.join(dir, 'cp.tar')])).resolves.toEqual([path.join(dir, 'cp.tar')]);
  });

  it.each([
    ['not a list', '/etc/passwd', 'INVALID_ARGUMENT'],
    ['an empty list', [], 'INVALID_ARGUMENT'],
    ['too many', Array.from({ length: 17 }, () => '/x'), 'INVALID_ARGUMENT'],
    ['a number', [42], 'INVALID_ARGUMENT'],
    ['a relative path', ['cp.tar'], 'INVALID_ARGUMENT'],
    ['a NUL byte', ['/tmp/a\0b'], 'INVALID_ARGUMENT'],
    ['a missing file', ['/nonexistent/cp.tar'], 'NOT_FOUND'],
    ['a device', ['/dev/null'], 'INVALID_ARGUMENT'],
  ])('rejects %s', async (_name, value, code) => {
    await expect(validateDroppedPaths(value)).rejects.toMatchObject({ code });
  });

  it('rejects a folder', async () => {
    await expect(validateDroppedPaths([path.join(dir, 'folder')])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
