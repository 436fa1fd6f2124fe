import type { ErrorInfo } from '../../../shared/errors';

/**
 * The log lines an error carries for the user (CRIU's dump.log when a dump
 * failed: `details.logLines`, titled by `details.logTitle`), or null.
 */
export function errorLog(error: ErrorInfo): { title: string; lines: string[] } | null {
  const lines = error.details?.logLines;
  if (!Array.isArray(lines) || lines.length === 0) return null;
  const title = [error.details?.logTitle, error.details?.logPath].find((t) => typeof t === 'string') ?? 'Log';
  return { title, lines: lines.map(String) };
}
