// Where CRIU works and writes its images during a native checkpoint.
//
// When containerd sees a folder of ours at the same path (checked, not
// assumed), runc gets a work path there (dump.log, stats-dump for the
// archive) and an image path there: CRIU writes the images straight into a
// folder we read, as containerd's CRI does into its own folder, instead of
// containerd tarring them into its content store for us to read back over
// gRPC. Otherwise runc gets neither: the shim then uses and removes its own
// work folder (nothing left on containerd's side), containerd stores the
// images as a content blob, and the archive has no dump.log / stats-dump.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { containerdSeesFolder } from './shared-folder';

export interface CriuFolders {
  /** runc's work path (dump.log, stats-dump), or null: the shim's own. */
  workDir: string | null;
  /** runc's image path, or null: images go to the content store. */
  imageDir: string | null;
  /** Why the folders could not be shared with containerd, when they are not. */
  notShared: string | null;
  /** Removes what we made (our work folder, or our image folder inside the caller's). */
  cleanup(): Promise<void>;
}

export async function prepareCriuFolders(
  requested: string | null | undefined,
  outputPath: string,
  containerdPid: number | null,
  runtimeIsRunc: boolean,
): Promise<CriuFolders> {
  const none = (notShared: string | null): CriuFolders => ({
    workDir: null,
    imageDir: null,
    notShared,
    cleanup: async () => undefined,
  });
  if (requested === null) return none(null);
  if (!runtimeIsRunc) return none('the runtime is not runc');
  const own = requested === undefined;
  const workDir = requested ?? (await mkdtemp(path.join(path.dirname(outputPath), '.criu-work-')));
  const removeOwn = async () => {
    if (own) await rm(workDir, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    if (!own) await mkdir(workDir, { recursive: true, mode: 0o700 });
    const view = await containerdSeesFolder(containerdPid, workDir);
    if (!view.same) {
      await removeOwn();
      return none(view.reason);
    }
    const imageDir = await mkdtemp(path.join(workDir, 'images-'));
    return {
      workDir,
      imageDir,
      notShared: null,
      cleanup: async () => {
        await rm(imageDir, { recursive: true, force: true }).catch(() => undefined);
        await removeOwn();
      },
    };
  } catch (error) {
    await removeOwn();
    throw error;
  }
}
