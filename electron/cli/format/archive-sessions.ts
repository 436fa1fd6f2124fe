import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createCacheRoot, removeCacheRoot } from '../../archive';
import { openArchive } from '../../inspect/open-archive';
import type { InspectSession } from '../../inspect/session';
import { AppError } from '../../../shared/errors';
import { EXIT } from '../exit-codes';
import { writeError } from './output';
import { terminalSafe } from '../../../shared/terminal-safe';

/** The CLI uses the same session interface as the other hosts. */
export type CliSession = InspectSession;

/**
 * Opens each archive in a private cache root, runs `use` with them, and
 * always closes them and removes the cache. A broken archive prints why and
 * gives exit code 1.
 */
export async function withSessions(
  paths: readonly string[],
  use: (sessions: CliSession[]) => Promise<number>,
): Promise<number> {
  const root = await createCacheRoot();
  const sessions: CliSession[] = [];
  try {
    for (const [i, path] of paths.entries()) {
      const cacheDir = join(root, `a${i}`);
      await mkdir(cacheDir, { mode: 0o700 });
      try {
        sessions.push(await openArchive(path, { archiveId: `a${i}`, cacheDir }));
      } catch (error) {
        writeError(`checkpoint-inspector: ${terminalSafe(path)}: ${terminalSafe(describe(error))}\n`);
        return EXIT.failure;
      }
    }
    return await use(sessions);
  } catch (error) {
    if (error instanceof AppError) {
      writeError(`checkpoint-inspector: ${terminalSafe(describe(error))}\n`);
      return EXIT.failure;
    }
    throw error;
  } finally {
    for (const s of sessions) await s.close().catch(() => undefined);
    await removeCacheRoot(root);
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
