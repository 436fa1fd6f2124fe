import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { MAX_DROPPED_FILES } from '../preload/ipc-channels';

/**
 * The renderer is the one side that may name a path (a file the user
 * dropped), so main checks it as untrusted: a list of absolute paths to
 * regular files, nothing else (not a folder, device, FIFO or socket).
 */
export async function validateDroppedPaths(value: unknown): Promise<string[]> {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_DROPPED_FILES) {
    throw new AppError('INVALID_ARGUMENT', `expected 1 to ${MAX_DROPPED_FILES} dropped file paths`);
  }
  const paths: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || item.length === 0 || item.length > 4096 || item.includes('\0')) {
      throw new AppError('INVALID_ARGUMENT', 'a dropped path is not a string');
    }
    if (!path.isAbsolute(item)) throw new AppError('INVALID_ARGUMENT', 'a dropped path is not absolute');
    const info = await stat(item).catch(() => null);
    if (!info) throw new AppError('NOT_FOUND', `cannot read ${path.basename(item)}`);
    if (!info.isFile()) throw new AppError('INVALID_ARGUMENT', `${path.basename(item)} is not a regular file`);
    paths.push(path.normalize(item));
  }
  return paths;
}
