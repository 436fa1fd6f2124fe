/**
 * What every fuzz case must end in: a result, or an AppError with a stable
 * code, within a time and memory bound. Anything else (TypeError,
 * RangeError, an AppError('INTERNAL') wrapping one, a hang) is a crash.
 */
import { appendFileSync } from 'node:fs';
import { AppError, isErrorCode } from '../../../shared/errors';

export const CASE_TIME_MS = 5_000;
/** Growth of RSS over the run's start allowed at any case (catches allocations sized by hostile lengths). */
export const RSS_HEADROOM = 1536 * 1024 * 1024;

const rssAtStart = process.memoryUsage.rss();

export class Crash extends Error {}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

/** Throws a Crash unless `error` is an AppError with a known code other than INTERNAL. */
export function assertTyped(error: unknown, what: string): AppError {
  if (error instanceof AppError && isErrorCode(error.code) && error.code !== 'INTERNAL') return error;
  throw new Crash(`${what}: not a typed error: ${describe(error)}`);
}

function checkMemory(what: string): void {
  const rss = process.memoryUsage.rss();
  if (rss - rssAtStart > RSS_HEADROOM) {
    throw new Crash(`${what}: RSS grew by ${Math.round((rss - rssAtStart) / 2 ** 20)} MiB`);
  }
}

/** Runs a synchronous call; returns the value or the typed error. */
export function settleSync<T>(what: string, run: () => T): { value: T } | { error: AppError } {
  const started = performance.now();
  let outcome: { value: T } | { error: AppError };
  try {
    outcome = { value: run() };
  } catch (error) {
    outcome = { error: assertTyped(error, what) };
  }
  const took = performance.now() - started;
  if (took > CASE_TIME_MS) throw new Crash(`${what}: took ${Math.round(took)} ms`);
  checkMemory(what);
  return outcome;
}

/** Runs an async call with a deadline; returns the value or the typed error. */
export async function settle<T>(
  what: string,
  run: () => Promise<T>,
  timeoutMs = CASE_TIME_MS,
): Promise<{ value: T } | { error: AppError }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Crash(`${what}: no answer within ${timeoutMs} ms (hang?)`)), timeoutMs);
  });
  let outcome: { value: T } | { error: AppError };
  try {
    outcome = { value: await Promise.race([run(), deadline]) };
  } catch (error) {
    if (error instanceof Crash) throw error;
    outcome = { error: assertTyped(error, what) };
  } finally {
    clearTimeout(timer);
  }
  checkMemory(what);
  return outcome;
}

/**
 * FUZZ_TRACE=<file> appends one line per case before it runs: a case that
 * kills the worker (out of memory, a synchronous loop) is the last line.
 */
export function traceCase(line: string): void {
  const file = process.env['FUZZ_TRACE'];
  if (file) appendFileSync(file, `${line} heap=${process.memoryUsage().heapUsed >> 20}MiB\n`);
}
