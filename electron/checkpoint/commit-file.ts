// The one no-overwrite rule for checkpoint archives. A check before the work
// only refuses fast; the guarantee is at commit: link(2) creates the final
// name or fails with EEXIST, atomically, so two writers of one name can never
// both win and an existing file is never replaced (rename(2) would). The
// rules for every file we write live in electron/fs/output-file.ts.
import { isAppError } from '../../shared/errors';
import { assertOutputTarget, commitTemp } from '../fs/output-file';

/** Refuses fast when the name is taken (by anything: a file, a folder, a dangling link). */
export async function assertNameFree(target: string): Promise<void> {
  await assertOutputTarget(target, false);
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
    await commitTemp(tempPath, target, false);
  } catch (error) {
    throw isAppError(error) && error.code === 'CONFLICT' ? error : mapError(error, target);
  }
}
