import { terminalSafe, UNSAFE_BEYOND_C0 } from '../../../shared/terminal-safe';

/**
 * Controls a terminal acts on, except newline and tab: the only two the CLI's
 * own layout uses. Every value is escaped where it becomes display text;
 * this is the net under that, so a value someone forgot still cannot drive
 * the analyst's terminal.
 */
const LAYOUT_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${UNSAFE_BEYOND_C0}]`, 'g');

/** Text with every terminal control but newline and tab shown as a visible escape. */
export function layoutSafe(text: string): string {
  return text.replace(LAYOUT_UNSAFE, terminalSafe);
}

/** Thrown by a write once the reader of stdout has gone (EPIPE): the command unwinds, cleans up and ends quietly. */
export class StdoutClosedError extends Error {
  constructor() {
    super('stdout was closed by its reader');
  }
}

let closed = false;

/** Whether the reader of stdout went away (`... | head -1`). */
export function stdoutClosed(): boolean {
  return closed;
}

function isEpipe(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EPIPE';
}

/**
 * For the CLI's entry point: an EPIPE on stdout is the reader being done, not
 * a failure; without a listener it would be an uncaught 'error' event with a
 * stack trace. On stderr it is ignored for the same reason.
 */
export function watchOutputStreams(): void {
  process.stdout.on('error', (error) => {
    if (isEpipe(error)) closed = true;
  });
  process.stderr.on('error', () => undefined);
}

function put(chunk: string | Uint8Array): Promise<void> {
  if (closed || process.stdout.destroyed) return Promise.reject(new StdoutClosedError());
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(chunk, (error) => {
      if (!error) return;
      if (isEpipe(error)) closed = true;
      reject(closed ? new StdoutClosedError() : error);
    });
    if (ok) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

/**
 * Writes text to stdout, waiting when the pipe is full so that large output
 * never piles up in memory. Controls other than newline and tab are escaped.
 */
export function write(text: string): Promise<void> {
  return put(layoutSafe(text));
}

/** Writes bytes to stdout as they are: for data the user asked for on a pipe or file (`rootfs ARCHIVE PATH`). */
export function writeBytes(data: Uint8Array): Promise<void> {
  return put(data);
}

/** Writes text to stderr, controls other than newline and tab escaped. */
export function writeError(text: string): void {
  process.stderr.write(layoutSafe(text));
}
