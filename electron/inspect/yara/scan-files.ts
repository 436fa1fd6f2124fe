// Every regular file of rootfs-diff.tar (and, through the same path, any
// other named files), each scanned whole in windows: a hit names the path.
import { MAX_RANGE } from '../../../shared/schemas';
import { problemOf } from '../process-images';
import type { InspectSession } from '../session';
import { counting, scanStretch, type ScanContext } from './scan-windows';

export interface FileToScan {
  target: 'rootfs' | 'recovered';
  path: string;
  size: number;
  /** Reads [offset, offset + length) of the file into target. */
  read: (offset: number, length: number, target: Buffer) => Promise<Buffer>;
}

/** rootfs-diff.tar's regular files (added or changed), read piece by piece through the session. */
export async function rootfsFiles(session: Pick<InspectSession, 'rootfs' | 'readRootfsFile'>): Promise<FileToScan[]> {
  const files: FileToScan[] = [];
  for (const entry of await session.rootfs()) {
    if (entry.type !== 'file' || entry.change === 'deleted' || entry.size === 0) continue;
    files.push({
      target: 'rootfs',
      path: entry.path,
      size: entry.size,
      read: async (offset, length, target) => {
        for (let at = 0; at < length;) {
          const { data } = await session.readRootfsFile(entry.path, offset + at, Math.min(MAX_RANGE, length - at));
          if (data.length === 0) throw new Error(`short read at ${offset + at} of ${entry.size} bytes`);
          data.copy(target, at);
          at += data.length;
        }
        return target.subarray(0, length);
      },
    });
  }
  return files;
}

export async function scanFiles(files: readonly FileToScan[], ctx: ScanContext): Promise<void> {
  const { scanner, hits, scanned, problems, opts } = ctx;
  const counted = counting(opts, (n) => (scanned.fileBytes += n));
  for (const f of files) {
    const unit = { target: f.target, path: f.path };
    try {
      await scanStretch(0, f.size, f.read, scanner, (m) => hits.add(`${f.target}:${f.path}`, unit, 0, m), counted);
      scanned.files++;
    } catch (error) {
      opts.check?.();
      const where = f.target === 'rootfs' ? `rootfs-diff.tar:${f.path}` : f.path;
      const problem = problemOf(error, where);
      problems.push({ ...problem, where, message: `${f.path} not scanned: ${problem.message}` });
    }
  }
}
