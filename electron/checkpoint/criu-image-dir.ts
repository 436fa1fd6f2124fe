// Copies CRIU's image folder (written by CRIU straight into a folder we see,
// runc's --image-path) into the archive under checkpoint/. Regular files and
// folders only; links are refused and never followed; counts and depth bounded.
import { constants } from 'node:fs';
import { lstat, open, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { ArchiveFile } from './archive-file';
import { CHECKPOINT_DIR } from './criu-images';

const MAX_ENTRIES = 100_000;
const MAX_DEPTH = 8;
const READ_CHUNK = 1024 * 1024;

export interface ImageFile {
  /** relative to the image folder, with '/' */
  name: string;
  size: number;
  mtime: Date;
  dir: boolean;
}

/** Lists the folder (sorted, depth first) so the total size is known before writing. */
export async function listImageDir(root: string): Promise<ImageFile[]> {
  const out: ImageFile[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) throw new AppError('CHECKPOINT_FAILED', `CRIU image folder nested deeper than ${MAX_DEPTH}`);
    const names = (await readdir(path.join(root, rel))).sort();
    for (const n of names) {
      const name = rel ? `${rel}/${n}` : n;
      const st = await lstat(path.join(root, name));
      if (out.length >= MAX_ENTRIES) throw new AppError('LIMIT_EXCEEDED', 'too many files in the CRIU image folder');
      if (st.isDirectory()) {
        out.push({ name, size: 0, mtime: st.mtime, dir: true });
        await walk(name, depth + 1);
      } else if (st.isFile()) {
        out.push({ name, size: st.size, mtime: st.mtime, dir: false });
      } else {
        throw new AppError(
          'CHECKPOINT_FAILED',
          `unexpected non-regular file ${JSON.stringify(name)} in the CRIU image folder`,
        );
      }
    }
  };
  await walk('', 0);
  return out;
}

export async function copyCriuImageDir(
  root: string,
  files: ImageFile[],
  archive: ArchiveFile,
  onBytes?: (n: number) => void,
  opts: { removeEach?: boolean } = {},
): Promise<void> {
  await archive.addDirectory(CHECKPOINT_DIR);
  for (const f of files) {
    const member = `${CHECKPOINT_DIR}/${f.name}`;
    if (f.dir) {
      await archive.addDirectory(member);
      continue;
    }
    const fh = await open(path.join(root, f.name), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const st = await fh.stat();
      if (!st.isFile() || st.size !== f.size)
        throw new AppError('CHECKPOINT_FAILED', `${f.name} changed while being archived`);
      const stream = fh.createReadStream({ highWaterMark: READ_CHUNK, autoClose: false, start: 0 });
      await archive.addStream(member, f.size, stream as AsyncIterable<Buffer>, {
        mode: 0o600,
        mtime: f.mtime,
        onBytes,
      });
    } finally {
      await fh.close();
    }
    // Our own temporary copy: gone once archived, its pages (a GiB of dirty
    // page cache, just written by CRIU) are dropped instead of written to disk.
    if (opts.removeEach) await unlink(path.join(root, f.name)).catch(() => undefined);
  }
}
