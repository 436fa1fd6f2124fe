// The one no-overwrite rule for checkpoint archives. A check before the work
// only refuses fast; the guarantee is at commit: link(2) creates the final
// name or fails with EEXIST, atomically, so two writers of one name can never
// both win and an existing file is never replaced (rename(2) would).
import { link, lstat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';

export function conflictError(target: string): AppError {
  return new AppError(
    'CONFLICT',
    `${path.basename(target)} already exists in ${path.dirname(target)}; choose another name (it was not replaced)`,
    { path: target },
  );
}

/** Refuses fast when the name is taken (by anything: a file, a folder, a dangling link). */
export async function assertNameFree(target: string): Promise<void> {
  const taken = await lstat(target).then(
    () => true,
    (error: unknown) => (error as { code?: unknown }).code !== 'ENOENT',
  );
  if (taken) throw conflictError(target);
}

/**
 * Gives the complete temp file its final name without replacing anything,
 * then drops the temp name. On any failure the temp is removed too and the
 * existing target is untouched. `mapError` turns other fs errors into ours.
 */
export async function commitNoReplace(
  tempPath: string,
  target: string,
  mapError: (error: unknown, where: string) => unknown = (e) => e,
): Promise<void> {
  try {
    await link(tempPath, target);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    if ((error as { code?: unknown }).code === 'EEXIST') throw conflictError(target);
    throw mapError(error, target);
  }
  await unlink(tempPath).catch(() => undefined);
}
