// Uploaded copies live in our cache only as long as their archive is open:
// removed when the archive closes, when the upload or its open fails, and
// when the host stops.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';

export class UploadFolders {
  /** Folders being written or opened, not yet an open archive's. */
  private readonly pending = new Set<string>();
  private readonly byArchive = new Map<string, string>();
  /** Archives closed while an upload was still being adopted (a fast client closes by the job's result). */
  private readonly closedEarly = new Set<string>();
  private closed = false;
  /**
   * Bytes uploads in progress may still write. Each upload checks the free
   * space once, at its start: without this, ten uploads started together
   * would each count the same free space as theirs.
   */
  private promised = 0;

  constructor(readonly root: string) {}

  promisedBytes(): number {
    return this.promised;
  }

  /** Sets aside `bytes` for one upload; returns the release (call once the upload is on disk or gone). */
  promise(bytes: number): () => void {
    this.promised += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.promised -= bytes;
    };
  }

  async ensureRoot(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
  }

  /** A fresh folder per upload keeps the user's file name (shown in the app) without collisions. */
  async create(): Promise<string> {
    if (this.closed) throw new AppError('CLOSED', 'the browser host is stopping');
    await this.ensureRoot();
    const folder = path.join(this.root, randomBytes(8).toString('hex'));
    await mkdir(folder, { mode: 0o700 });
    this.pending.add(folder);
    return folder;
  }

  async discard(folder: string): Promise<void> {
    this.forget(folder);
    await rm(folder, { recursive: true, force: true });
  }

  private forget(folder: string): void {
    this.pending.delete(folder);
    if (this.pending.size === 0) this.closedEarly.clear();
  }

  /** The upload in `folder` is now open as `archiveId`. */
  async adopt(folder: string, archiveId: string): Promise<void> {
    // An upload of an archive already open (the core focused that one): its older copy stays, this one goes.
    const gone = this.closed || this.closedEarly.has(archiveId) || this.byArchive.has(archiveId);
    this.forget(folder);
    // The host stopped, or the archive closed, while it was being opened: nothing else will delete it.
    if (gone) return rm(folder, { recursive: true, force: true });
    this.byArchive.set(archiveId, folder);
  }

  async archiveClosed(archiveId: string): Promise<void> {
    const folder = this.byArchive.get(archiveId);
    if (folder === undefined) {
      if (this.pending.size > 0) this.closedEarly.add(archiveId);
      return;
    }
    this.byArchive.delete(archiveId);
    await rm(folder, { recursive: true, force: true });
  }

  /** At host stop: every copy goes, open or not (a deleted file stays readable to whoever has it open). */
  async closeAll(): Promise<void> {
    this.closed = true;
    const folders = [...this.pending, ...this.byArchive.values()];
    this.pending.clear();
    this.byArchive.clear();
    await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
    await rmdir(this.root).catch(() => undefined);
  }
}
