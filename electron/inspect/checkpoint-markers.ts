import { AppError } from '../../shared/errors';

/**
 * What makes a tar a container checkpoint: every engine writes a
 * checkpoint/ folder of CRIU images, a config.dump and a spec.dump. An
 * archive with some of these is a damaged checkpoint (opened, with what is
 * missing said beside the views); one with none of them (a plain tar, an
 * image layer, a backup) is no checkpoint at all, and opening it as one would
 * show a full view of empty tabs.
 */
export function isCheckpointArchive(memberNames: Iterable<string>): boolean {
  for (const name of memberNames) {
    if (name === 'checkpoint' || name.startsWith('checkpoint/')) return true;
    if (name === 'config.dump' || name === 'spec.dump') return true;
    // A tar of a bare CRIU images directory (criu dump -D dir; tar -C dir).
    if (!name.includes('/') && name.endsWith('.img')) return true;
  }
  return false;
}

/** Refuses an archive that holds nothing of a checkpoint, saying what it looked for. */
export function requireCheckpointArchive(memberNames: readonly string[]): void {
  if (isCheckpointArchive(memberNames)) return;
  throw new AppError(
    'ARCHIVE_UNSUPPORTED',
    `this archive is not a container checkpoint: it has no checkpoint/ folder, no config.dump or spec.dump and no CRIU image (${memberNames.length} members read)`,
    { members: memberNames.length },
  );
}
