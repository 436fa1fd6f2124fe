import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFolder, createFolder } from '../../../electron/app/checkpoint-folder';
import { isAppError } from '../../../shared/errors';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ckpt-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the output folder, checked before a checkpoint', () => {
  it('is ready when it is a writable folder, with the free space of its file system', async () => {
    const facts = await checkFolder(dir);
    expect(facts).toMatchObject({ folder: dir, folderState: 'ready', folderProblem: null, canCreate: false });
    expect(facts.freeBytes).toBeGreaterThan(0);
  });

  it('is missing, and can be created, when its nearest existing parent is a writable folder', async () => {
    const missing = path.join(dir, 'a', 'b', 'checkpoints');
    const facts = await checkFolder(missing);
    expect(facts).toMatchObject({ folderState: 'missing', canCreate: true });
    expect(facts.folderProblem).toContain(`${missing} does not exist yet`);
    expect(facts.freeBytes).toBeGreaterThan(0);
  });

  it('cannot be created when a file is in its path, and is not a folder when it is a file', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await checkFolder(file)).toMatchObject({ folderState: 'not-a-folder', canCreate: false });
    const under = await checkFolder(path.join(file, 'checkpoints'));
    expect(under.canCreate).toBe(false);
    expect(under.folderProblem).toMatch(/not a folder|cannot be looked at/);
  });

  it('answers a relative path as invalid, naming what to give', async () => {
    const facts = await checkFolder('checkpoints');
    expect(facts).toMatchObject({ folderState: 'invalid', canCreate: false });
    expect(facts.folderProblem).toContain('absolute');
  });
});

describe('creating the output folder', () => {
  it('makes it with its missing parents, private (0700), and leaves an existing one as it is', async () => {
    const target = path.join(dir, 'new', 'checkpoints');
    expect(await createFolder(target)).toEqual({ folder: target, created: true });
    expect(statSync(target).isDirectory()).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    expect(await createFolder(target)).toEqual({ folder: target, created: false });
    expect((await checkFolder(target)).folderState).toBe('ready');
  });

  it('refuses a file in the way and a relative path, with advice', async () => {
    const file = path.join(dir, 'in-the-way');
    writeFileSync(file, 'x');
    const inTheWay = await createFolder(file).catch((e: unknown) => e);
    expect(isAppError(inTheWay) && inTheWay.code).toBe('CONFLICT');
    expect(isAppError(inTheWay) && typeof inTheWay.details?.['advice']).toBe('string');
    const below = await createFolder(path.join(file, 'x')).catch((e: unknown) => e);
    expect(isAppError(below) && below.code).toBe('CONFLICT');
    const relative = await createFolder('rel').catch((e: unknown) => e);
    expect(isAppError(relative) && relative.code).toBe('INVALID_ARGUMENT');
  });
});
