import { deferCacheRoot, removeCacheRoot } from '../../archive';
import { openArchive } from '../../inspect/open-archive';
import type { InspectSession } from '../../inspect/session';
import { AppError } from '../../../shared/errors';
import { EXIT } from '../exit-codes';
import { writeError } from './output';
import { problemStderrLine } from './problems';
import { recordOpen } from '../../app/integrity';
import { terminalSafe } from '../../../shared/terminal-safe';

/** The CLI uses the same session interface as the other hosts. */
export type CliSession = InspectSession;

/** An archive that could not be opened at all, and why. */
class OpenFailed extends Error {
  constructor(
    readonly path: string,
    readonly reason: unknown,
  ) {
    super(describe(reason));
  }
}

/**
 * Opens each archive with a private cache folder, runs `use` with them, and
 * always closes them and removes the cache. The cache is made only when an
 * archive needs a decompressed copy: a plain tar is read in place, so a
 * user whose $HOME cannot be written (nobody) can still inspect one. An
 * archive that cannot be opened rejects, its reason in the message.
 */
export async function useSessions<T>(
  paths: readonly string[],
  use: (sessions: CliSession[]) => Promise<T>,
  opts: { parentPath?: string } = {},
): Promise<T> {
  const root = deferCacheRoot();
  const sessions: CliSession[] = [];
  try {
    for (const [i, path] of paths.entries()) {
      const cacheDir = root.folder(`a${i}`);
      try {
        sessions.push(
          await openArchive(path, {
            archiveId: `a${i}`,
            cacheDir,
            ...(opts.parentPath !== undefined ? { parentPath: opts.parentPath } : {}),
          }),
        );
      } catch (error) {
        throw new OpenFailed(path, error);
      }
      // The custody log says who opened which archive; one that cannot be written is said, the command goes on.
      const custody = await recordOpen(sessions[i]!);
      if (custody) writeError(problemStderrLine(path, custody));
    }
    return await use(sessions);
  } finally {
    for (const s of sessions) await s.close().catch(() => undefined);
    root.forget();
    await removeCacheRoot(root.path);
  }
}

/** useSessions for a command: an archive that cannot be opened, or an AppError, prints why and gives exit code 1. */
export async function withSessions(
  paths: readonly string[],
  use: (sessions: CliSession[]) => Promise<number>,
  opts: { parentPath?: string } = {},
): Promise<number> {
  try {
    return await useSessions(paths, use, opts);
  } catch (error) {
    if (error instanceof OpenFailed) {
      writeError(`checkpoint-inspector: ${terminalSafe(error.path)}: ${terminalSafe(error.message)}\n`);
      return EXIT.failure;
    }
    if (error instanceof AppError) {
      writeError(`checkpoint-inspector: ${terminalSafe(describe(error))}\n`);
      return EXIT.failure;
    }
    throw error;
  }
}

export function describe(error: unknown): string {
  if (error instanceof AppError) return `${error.message} (${error.code})`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
