import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_ARG_LENGTH = 4096;

/**
 * The archive named on a command line, as an absolute path, or null.
 * argv[0] is the executable; when Electron runs an unpackaged app
 * (`electron . FILE`, `electron dist/main/main.cjs FILE`) the first positional
 * is the app itself. Chromium/Electron/Node switches (`--inspect=0`,
 * `--no-sandbox`, `--remote-debugging-port=0`) always start with '-' and are
 * skipped wherever they appear; after `--` everything is positional.
 */
export function fileFromArgv(argv: readonly string[], opts: { hasAppArgument: boolean; cwd: string }): string | null {
  const positionals: string[] = [];
  let afterTerminator = false;
  for (const arg of argv.slice(1)) {
    if (typeof arg !== 'string' || arg.length === 0) continue;
    if (!afterTerminator && arg === '--') {
      afterTerminator = true;
      continue;
    }
    if (!afterTerminator && arg.startsWith('-')) continue;
    positionals.push(arg);
  }
  const candidate = positionals[opts.hasAppArgument ? 1 : 0];
  return candidate === undefined ? null : toAbsolutePath(candidate, opts.cwd);
}

/** A plain path or a file:// URL (desktop entries may pass %U); anything else is ignored. */
export function toAbsolutePath(arg: string, cwd: string): string | null {
  if (arg.length > MAX_ARG_LENGTH || arg.includes('\0')) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
    if (!arg.toLowerCase().startsWith('file://')) return null;
    try {
      return fileURLToPath(arg);
    } catch {
      return null;
    }
  }
  return path.resolve(cwd, arg);
}
