import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack as tarPack } from 'tar-stream';
import { AppError } from '../../../shared/errors';
import { expect } from 'vitest';
import { openArchive } from '../../../electron/archive';

export interface Scratch {
  dir: string;
  cacheDir: string;
  write(name: string, data: Buffer): Promise<string>;
  cacheFiles(): Promise<string[]>;
  dispose(): Promise<void>;
}

export async function scratch(): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), 'ci-archive-'));
  const cacheDir = join(dir, 'cache');
  await mkdir(cacheDir, { mode: 0o700 });
  await chmod(cacheDir, 0o700);
  return {
    dir,
    cacheDir,
    async write(name, data) {
      const path = join(dir, name);
      await writeFile(path, data);
      return path;
    },
    cacheFiles: () => readdir(cacheDir),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A tar made by tar-stream (an independent writer, to cross-check our own). */
export async function tarStreamArchive(
  entries: { name: string; data?: Buffer; type?: 'file' | 'directory' | 'symlink'; linkname?: string }[],
): Promise<Buffer> {
  const p = tarPack();
  for (const e of entries) {
    if (e.type === 'directory') p.entry({ name: e.name, type: 'directory' });
    else if (e.type === 'symlink') p.entry({ name: e.name, type: 'symlink', linkname: e.linkname ?? '' });
    else p.entry({ name: e.name }, e.data ?? Buffer.alloc(0));
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === code) return error;
    throw new Error(
      `expected AppError ${code}, got ${error instanceof AppError ? `${error.code}: ${error.message}` : String(error)}`,
    );
  }
  throw new Error(`expected AppError ${code}, but it resolved`);
}

/** The AppError an open fails with; the open must leave nothing in the scratch cache. */
export async function openFailure(s: Scratch, path: string): Promise<AppError> {
  const error = await openArchive(path, { cacheDir: s.cacheDir }).then(
    async (index) => {
      await index.close();
      throw new Error('opened');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(await s.cacheFiles()).toEqual([]);
  return error as AppError;
}
