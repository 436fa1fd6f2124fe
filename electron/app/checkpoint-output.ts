// Where a new checkpoint archive goes and what it is called, for every host.
// The GUI names a folder in its settings (and may give a file name); the CLI
// names a file or a folder with --output. Names are plain file names ending
// in .tar, so a name can never reach another folder or another kind of file.
import path from 'node:path';
import { AppError } from '../../shared/errors';

const MAX_NAME_BYTES = 255;

/** A timestamp that is a valid file name everywhere (no colons). */
export function checkpointStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** checkpoint-<first 12 of the id>-<stamp>.tar */
export function defaultCheckpointFileName(containerId: string, now: Date = new Date()): string {
  const id12 = containerId.slice(0, 12).replace(/[^A-Za-z0-9_.-]/g, '_');
  return `checkpoint-${id12}-${checkpointStamp(now)}.tar`;
}

/** The name as given, `.tar` added when missing; refuses anything but a plain file name. */
export function checkpointFileName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\0]/.test(name)) {
    throw new AppError('INVALID_ARGUMENT', `${JSON.stringify(name.slice(0, 80))} is not a plain file name`);
  }
  const named = name.endsWith('.tar') ? name : `${name}.tar`;
  if (Buffer.byteLength(named) > MAX_NAME_BYTES) {
    throw new AppError('INVALID_ARGUMENT', `the file name is longer than ${MAX_NAME_BYTES} bytes`);
  }
  return named;
}

export interface OutputChoice {
  /** Absolute. */
  folder: string;
  fileName?: string | undefined;
  containerId: string;
  now?: Date;
}

/** The absolute path of the archive to write. */
export function checkpointOutputPath({ folder, fileName, containerId, now }: OutputChoice): string {
  if (!path.isAbsolute(folder)) {
    throw new AppError('INVALID_ARGUMENT', `the output folder must be an absolute path, not ${folder}`);
  }
  const name = fileName === undefined ? defaultCheckpointFileName(containerId, now) : checkpointFileName(fileName);
  return path.join(path.resolve(folder), name);
}

/**
 * The CLI's --output: absent, the current folder; a folder (an existing one,
 * or a path ending in /), the default name in it; else a file name in its folder.
 */
export function cliOutputChoice(
  output: string | undefined,
  opts: { cwd: string; isDirectory: boolean },
): { folder: string; fileName?: string } {
  if (output === undefined || output === '') return { folder: opts.cwd };
  const resolved = path.resolve(opts.cwd, output);
  if (opts.isDirectory || output.endsWith('/')) return { folder: resolved };
  return { folder: path.dirname(resolved), fileName: path.basename(resolved) };
}
