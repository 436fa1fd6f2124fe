import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeCore, type ComposedCore } from '../../../electron/ipc/compose';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-ckpt-target-'));
const outputFolder = path.join(dir, 'out');
let composed: ComposedCore | null = null;

afterAll(async () => {
  await composed?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('checkpoint.start destination', () => {
  it('never writes over an existing file and refuses a relative output folder', async () => {
    composed = await composeCore({
      host: { kind: 'browser', samplePath: null },
      userDataDir: path.join(dir, 'user'),
      allowCheckpoint: true,
      socketPath: path.join(dir, 'no.sock'),
    });
    const { dispatch } = composed.core;
    expect(await dispatch('settings.update', { outputFolder: 'relative/folder' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect((await dispatch('settings.update', { outputFolder })).ok).toBe(true);
    rmSync(outputFolder, { recursive: true, force: true });
    mkdirSync(outputFolder);
    const victim = path.join(outputFolder, 'precious.tar');
    writeFileSync(victim, 'keep me');
    const refused = await dispatch('checkpoint.start', {
      containerId: 'c1',
      namespace: 'default',
      fileName: 'precious.tar',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    // A name without .tar gets it, so no other kind of file can be replaced.
    writeFileSync(path.join(outputFolder, 'passwd'), 'root:x:0:0');
    const started = await dispatch('checkpoint.start', { containerId: 'c1', namespace: 'default', fileName: 'passwd' });
    expect(started).toMatchObject({ ok: true, value: { outputPath: path.join(outputFolder, 'passwd.tar') } });
    expect(readFileSync(path.join(outputFolder, 'passwd'), 'utf8')).toBe('root:x:0:0');
  });
});
