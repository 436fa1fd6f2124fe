// What an archive we write lacks, and why, said in the archive itself: the
// member checkpoint-inspector.json. A reader days later (checkpointctl, us,
// a colleague) then learns that `stats-dump` or the rootfs diff is missing
// because the runtime could not give it, not because the file was damaged.
// The same notes go into the checkpoint's result for the host to show.
import type { ArchiveFile } from './archive-file';

export const NOTES_MEMBER = 'checkpoint-inspector.json';

export interface ArchiveNote {
  /** Ours, short, UPPER_SNAKE: NO_DUMP_LOG, NO_STATS_DUMP, NO_ROOTFS_DIFF, ... */
  code: string;
  /** The archive member concerned, when there is one. */
  member?: string;
  /** Why, and what to do to get it next time. */
  message: string;
}

export class ArchiveNotes {
  private readonly notes: ArchiveNote[] = [];

  add(note: ArchiveNote): void {
    if (!this.notes.some((n) => n.code === note.code && n.member === note.member)) this.notes.push({ ...note });
  }

  list(): ArchiveNote[] {
    return this.notes.map((n) => ({ ...n }));
  }

  /** The notes member; written into every archive of ours, with the path that made it, notes or none. */
  async writeTo(archive: ArchiveFile, made: { via: 'cri' | 'native' | 'image'; how: string }): Promise<void> {
    const body = { writer: 'checkpoint-inspector', via: made.via, how: made.how, notes: this.notes };
    await archive.addBuffer(NOTES_MEMBER, Buffer.from(`${JSON.stringify(body, null, 2)}\n`));
  }
}
