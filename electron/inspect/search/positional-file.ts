import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/errors';

/**
 * Reads of one member of an indexed archive file into buffers the caller
 * reuses (the archive module's reads allocate a fresh buffer each time, and
 * touching fresh memory costs more than searching it). Opened without
 * following links and checked against bytes read through the index, so it
 * is the file the index describes.
 */
export class PositionalFile {
  private constructor(
    private readonly handle: FileHandle,
    private readonly base: number,
    readonly size: number,
  ) {}

  static async open(path: string, base: number, size: number, expectedHead: Buffer): Promise<PositionalFile> {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const st = await handle.stat();
      if (!st.isFile() || st.size < base + size)
        throw new AppError('ARCHIVE_CORRUPT', 'the archive file changed since it was indexed');
      const file = new PositionalFile(handle, base, size);
      const head = await file.readInto(0, expectedHead.length, Buffer.allocUnsafe(expectedHead.length));
      if (!head.equals(expectedHead))
        throw new AppError('ARCHIVE_CORRUPT', 'the archive file changed since it was indexed');
      return file;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Fills target[0, length) from offset (relative to the member); fails on a short read. */
  async readInto(offset: number, length: number, target: Buffer): Promise<Buffer> {
    if (offset < 0 || length < 0 || offset + length > this.size || length > target.length) {
      throw new AppError('INVALID_ARGUMENT', `read ${offset}+${length} outside the member (${this.size} bytes)`);
    }
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(target, done, length - done, this.base + offset + done);
      if (bytesRead === 0)
        throw new AppError('ARCHIVE_CORRUPT', 'the archive file is shorter than when it was indexed');
      done += bytesRead;
    }
    return target.subarray(0, length);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
