// Writes a checkpoint archive (uncompressed tar) to a temporary file beside
// the target; only a complete, fsynced archive gets the target's name (mode
// 0600, linked, never over an existing file). Anything else leaves no file behind.
import { once } from 'node:events';
import { statfs, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import tar from 'tar-stream';
import { AppError, isAppError } from '../../shared/errors';
import { createTempBeside, fsError, fsyncDir } from '../fs/output-file';
import { commitNoReplace } from './commit-file';

// The temp-name and folder-sync rules are those of every file we write.

/** The destination's errors (full, read-only, missing, not permitted) in our words; others become CHECKPOINT_FAILED. */
export function fileError(error: unknown, where: string, extra?: { note: string } & Record<string, unknown>): AppError {
  const mapped = fsError(error, where);
  if (isAppError(mapped))
    return extra
      ? new AppError(mapped.code, `${mapped.message} (${extra.note})`, { ...mapped.details, ...extra })
      : mapped;
  return new AppError(
    'CHECKPOINT_FAILED',
    `writing ${where} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/**
 * Before anything is paused: proves a file can be made beside the target
 * (read-only, missing and not-permitted folders fail here, each with its own
 * message) and that at least `needBytes` are free there (DISK_FULL if not).
 */
export async function assertCanWrite(targetPath: string, needBytes = 0, needs = 'the archive needs'): Promise<void> {
  try {
    const { handle, tempPath } = await createTempBeside(targetPath, 0o600, 'probe');
    await handle.close();
    await unlink(tempPath);
  } catch (error) {
    throw fileError(error, targetPath);
  }
  const fs = await statfs(path.dirname(targetPath)).catch(() => null);
  if (fs && needBytes > 0 && fs.bavail * fs.bsize < needBytes) {
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    throw fileError(Object.assign(new Error('no space'), { code: 'ENOSPC' }), targetPath, {
      needBytes,
      freeBytes: fs.bavail * fs.bsize,
      note: `${needs} ${mib(needBytes)}, ${mib(fs.bavail * fs.bsize)} are free`,
    });
  }
}

export class ArchiveFile {
  readonly tempPath: string;
  bytesWritten = 0;
  private readonly pack = tar.pack();
  private failure: AppError | null = null;
  private failed!: Promise<never>;
  private drained!: Promise<void>;
  private finished = false;

  private constructor(
    readonly targetPath: string,
    private readonly fh: FileHandle,
    tempPath: string,
  ) {
    this.tempPath = tempPath;
  }

  static async create(targetPath: string): Promise<ArchiveFile> {
    let created: { handle: FileHandle; tempPath: string };
    try {
      created = await createTempBeside(targetPath, 0o600);
    } catch (error) {
      throw fileError(error, targetPath);
    }
    const a = new ArchiveFile(targetPath, created.handle, created.tempPath);
    a.start();
    return a;
  }

  private start(): void {
    let fail: (e: AppError) => void = () => undefined;
    this.failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    this.failed.catch(() => undefined);
    this.drained = (async () => {
      try {
        for await (const piece of this.pack) {
          const chunk = piece as Buffer;
          await this.fh.write(chunk);
          this.bytesWritten += chunk.length;
        }
      } catch (error) {
        this.failure = fileError(error, this.targetPath);
        fail(this.failure);
        this.pack.destroy();
        throw this.failure;
      }
    })();
    this.drained.catch(() => undefined);
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  async addBuffer(name: string, data: Buffer, mode = 0o600): Promise<void> {
    this.check();
    await Promise.race([
      new Promise<void>((resolve, reject) =>
        this.pack.entry({ name, size: data.length, mode, mtime: new Date() }, data, (err) =>
          err ? reject(err) : resolve(),
        ),
      ),
      this.failed,
    ]);
  }

  async addDirectory(name: string, mode = 0o700): Promise<void> {
    this.check();
    const dirName = name.endsWith('/') ? name : `${name}/`;
    await Promise.race([
      new Promise<void>((resolve, reject) =>
        this.pack.entry({ name: dirName, type: 'directory', mode, mtime: new Date() }, (err) =>
          err ? reject(err) : resolve(),
        ),
      ),
      this.failed,
    ]);
  }

  /** Streams `size` bytes from source into one entry; the size must be known up front (tar). */
  async addStream(
    name: string,
    size: number,
    source: AsyncIterable<Buffer | Uint8Array>,
    opts: { mode?: number; mtime?: Date; onBytes?: (n: number) => void } = {},
  ): Promise<void> {
    this.check();
    const entry = this.pack.entry({ name, size, mode: opts.mode ?? 0o600, mtime: opts.mtime ?? new Date() }, (err) => {
      void err;
    });
    const done = new Promise<void>((resolve, reject) => {
      entry.once('error', reject);
      entry.once('finish', () => resolve());
      entry.once('close', () => resolve());
    });
    done.catch(() => undefined);
    let written = 0;
    const work = (async () => {
      for await (const chunk of source) {
        written += chunk.length;
        if (written > size)
          throw new AppError('CHECKPOINT_FAILED', `${name}: more data than the ${size} bytes announced`);
        if (!entry.write(chunk)) await once(entry, 'drain');
        opts.onBytes?.(chunk.length);
      }
      if (written !== size)
        throw new AppError('CHECKPOINT_FAILED', `${name}: ${written} bytes where ${size} were announced`);
      (entry as unknown as { end(): void }).end();
      await done;
    })();
    try {
      await Promise.race([work, this.failed]);
    } catch (error) {
      entry.destroy();
      work.catch(() => undefined);
      throw error;
    }
  }

  /** Finishes the tar, fsyncs, links it to the target name (CONFLICT if taken), fsyncs the folder. */
  async commit(): Promise<number> {
    this.check();
    this.pack.finalize();
    try {
      await this.drained;
      await this.fh.sync();
      await this.fh.chmod(0o600);
      await this.fh.close();
      this.finished = true;
      await commitNoReplace(this.tempPath, this.targetPath);
      await fsyncDir(path.dirname(this.targetPath));
    } catch (error) {
      await this.abort();
      throw fileError(error, this.targetPath);
    }
    return this.bytesWritten;
  }

  /** Drops the partial file; safe to call more than once. */
  async abort(): Promise<void> {
    this.pack.destroy();
    await this.drained.catch(() => undefined);
    if (!this.finished) {
      this.finished = true;
      await this.fh.close().catch(() => undefined);
    }
    await unlink(this.tempPath).catch(() => undefined);
  }
}
