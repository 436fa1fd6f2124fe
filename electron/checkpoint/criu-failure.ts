// When CRIU fails, what it said: dump.log's error lines and last lines,
// with CRIU's and the kernel's versions and the step that failed, in the
// error the user sees. The log is read before the work folder goes, from
// wherever it is: our work folder, containerd's (reached through
// /proc/PID/root), or the copy the runc shim keeps in the task's bundle
// (`criu-dump.log`, named in its error as `path= ...`).
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import { AppError } from '../../shared/errors';
import { containerdSidePath } from './shared-folder';

/** Enough for CRIU's last words; a log of a big dump runs to megabytes. */
const TAIL_BYTES = 64 * 1024;
const LOG_TAIL_LINES = 15;
const MAX_ERROR_LINES = 8;

/** The end of a log file (a regular file, never through a link), or null. */
export async function readLogTail(file: string, maxBytes = TAIL_BYTES): Promise<string | null> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return null;
    const length = Math.min(st.size, maxBytes);
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, st.size - length);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    // Cut short at the front: drop the partial first line.
    return st.size > length ? text.slice(text.indexOf('\n') + 1) : text;
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

/** The shim's `... path= /run/containerd/.../criu-dump.log` (a path in containerd's mount namespace). */
export function logPathFromError(message: string): string | null {
  const m = /path=\s*(\/\S+?\.log)\b/.exec(message);
  return m ? m[1]! : null;
}

export interface DumpLogSummary {
  /** CRIU's `Error (...)` lines that ended the dump, at most MAX_ERROR_LINES. */
  errors: string[];
  /** The lines to show: what CRIU did just before, its errors, and its last lines. */
  lines: string[];
  /** What CRIU was doing: its "X failed" line, else the source file of the first error. */
  step: string | null;
}

const stripStamp = (line: string) => line.replace(/^\(\s*[\d.]+\)\s*/, '');
/** CRIU logs errors it survives (rlimit, say) long before the one that ends it: those that end it come last, close together. */
const FATAL_WINDOW = 60;
const CONTEXT_LINES = 6;
const LAST_LINES = 3;

/** CRIU's last word on any failed dump: it says that it failed, not why. */
const GENERIC = /Error \([^)]*\): Dumping FAILED\.$/;
/** An error line, CRIU's own or one its parasite wrote into the log (`pie: PID: Error (...)`). */
const ERROR = /(?:^|: )Error \(/;

export function summarizeDumpLog(text: string): DumpLogSummary {
  const lines = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(stripStamp);
  const errorAt = lines.flatMap((l, i) => (ERROR.test(l) ? [i] : []));
  // The window is measured from the last error that says why, not from the generic "Dumping FAILED.".
  const cause = errorAt.filter((i) => !GENERIC.test(lines[i]!)).at(-1);
  if (cause === undefined) {
    // No error says why (or none at all): what CRIU did last is all there is.
    const tail = lines.slice(-LOG_TAIL_LINES);
    return { errors: errorAt.map((i) => lines[i]!).slice(-MAX_ERROR_LINES), lines: tail, step: null };
  }
  const last = errorAt.at(-1)!;
  const fatal = errorAt.filter((i) => i >= cause - FATAL_WINDOW).slice(0, MAX_ERROR_LINES);
  const errors = fatal.map((i) => lines[i]!);
  const first = fatal[0]!;
  const context = lines.slice(Math.max(0, first - CONTEXT_LINES), first);
  // Between the errors: what CRIU did in between (cleanup of a failed step), if short; else the errors alone.
  const between = last - first + 1 <= MAX_ERROR_LINES * 2 ? lines.slice(first, last + 1) : errors;
  const tail = lines.slice(Math.max(last + 1, lines.length - LAST_LINES));
  const failed = errors.map((l) => /\):\s*(.+?) failed\b/.exec(l)?.[1]).find((s) => s !== undefined);
  const source = /Error \(([^):]+)/.exec(errors.find((l) => !GENERIC.test(l)) ?? errors[0]!)?.[1];
  return {
    errors,
    lines: [...context, ...between, ...tail],
    step: failed ?? (source ? `in ${source}` : null),
  };
}

export interface FailureContext {
  containerId: string;
  criuVersion: string | null;
  containerdPid: number | null;
  /** dump.log in the work folder we gave runc, as we reach it. */
  workLog: string | null;
  /** /proc, unless a test says otherwise. */
  proc?: string;
}

/** The logs to try, best first: our work folder's, then the shim's copy named in the error. */
function logCandidates(error: AppError, ctx: FailureContext): string[] {
  const out: string[] = [];
  if (ctx.workLog) out.push(ctx.workLog);
  const named = logPathFromError(error.message);
  if (named && ctx.containerdPid !== null) out.push(containerdSidePath(ctx.containerdPid, named, ctx.proc));
  if (named) out.push(named);
  return out;
}

/**
 * A failed dump as CHECKPOINT_FAILED (DISK_FULL when CRIU ran out of space)
 * whose message has CRIU's first error, the step, the versions; details
 * carry the log's lines (`logLines`, shown by every host) and where it was.
 */
export async function explainCriuFailure(error: AppError, ctx: FailureContext): Promise<AppError> {
  let found: { path: string; text: string } | null = null;
  for (const p of logCandidates(error, ctx)) {
    const text = await readLogTail(p);
    if (text !== null && text.trim() !== '') {
      found = { path: p, text };
      break;
    }
  }
  const versions = `CRIU ${ctx.criuVersion ?? 'version unknown'}, kernel ${os.release()}`;
  if (!found) {
    const where = logPathFromError(error.message);
    return new AppError(
      'CHECKPOINT_FAILED',
      `checkpoint of ${ctx.containerId} failed (${versions}): ${error.message}${where ? " (that dump.log is in containerd's file system and could not be read from here: run as root on containerd's machine to see it)" : ''}`,
      { ...error.details, criuVersion: ctx.criuVersion, kernel: os.release() },
    );
  }
  const log = summarizeDumpLog(found.text);
  const first = log.errors[0] ?? log.lines.at(-1) ?? '';
  const full = /No space left on device/i.test(found.text);
  const kept = found.path !== ctx.workLog;
  return new AppError(
    full ? 'DISK_FULL' : 'CHECKPOINT_FAILED',
    `CRIU could not dump ${ctx.containerId}${log.step ? ` (${log.step})` : ''}: ${first} [${versions}]`,
    {
      ...error.details,
      step: log.step,
      criuVersion: ctx.criuVersion,
      kernel: os.release(),
      logPath: found.path,
      logTitle: kept ? `CRIU's dump.log (${found.path})` : "CRIU's dump.log (read before its work folder was removed)",
      logLines: log.lines,
      runtimeError: error.message,
    },
  );
}
