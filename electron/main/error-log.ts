import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { redact, stackFrames } from './log-redact';

const MAX_LOG_BYTES = 1024 * 1024;
const MAX_ENTRY_CHARS = 4000;

export interface MainLog {
  readonly file: string;
  write(message: string): void;
  error(context: string, error: unknown): void;
}

/**
 * main.log in the user-data folder: errors and lifecycle notes only, never
 * archive contents (error messages are redacted, entries clipped). Synchronous so the last words of
 * a crashing process reach the disk. Rotates once at 1 MiB.
 */
export function createMainLog(userDataDir: string, now: () => Date = () => new Date()): MainLog {
  const file = path.join(userDataDir, 'main.log');
  const write = (message: string) => {
    try {
      mkdirSync(userDataDir, { recursive: true, mode: 0o700 });
      const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      if (size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
      const clipped = message.length > MAX_ENTRY_CHARS ? `${message.slice(0, MAX_ENTRY_CHARS)}…` : message;
      appendFileSync(file, `${now().toISOString()} ${clipped}\n`, { mode: 0o600 });
    } catch {
      // Logging must never be the reason the app fails.
    }
  };
  return {
    file,
    write,
    error: (context, error) => write(`${context}: ${describeError(error)}`),
  };
}

/**
 * Name, code and a redacted message, then the stack frames. Never `details`
 * or the raw message: both can hold archive contents or environment values.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? ` [${error.code}]` : '';
    return [`${error.name}${code}: ${redact(error.message)}`, ...stackFrames(error.stack)].join('\n');
  }
  return redact(String(error));
}

export interface FatalReporter {
  log: MainLog;
  /** dialog.showErrorBox, or a fake in tests. */
  showError(title: string, content: string): void;
  /** At most one dialog per this many ms, so an error loop cannot bury the user in boxes. */
  quietMs?: number;
}

/** Log every uncaught error and tell the user once, naming the log file. */
export function installFatalHandlers(
  proc: NodeJS.Process,
  reporter: FatalReporter,
  clock: () => number = Date.now,
): () => void {
  let lastShown = -Infinity;
  const report = (kind: string) => (error: unknown) => {
    reporter.log.error(kind, error);
    const t = clock();
    if (t - lastShown < (reporter.quietMs ?? 10_000)) return;
    lastShown = t;
    const message = error instanceof Error ? error.message : String(error);
    reporter.showError(
      'Checkpoint Inspector hit an unexpected error',
      `${message.slice(0, 500)}\n\nDetails were written to ${reporter.log.file}`,
    );
  };
  const onException = report('uncaughtException');
  const onRejection = report('unhandledRejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
