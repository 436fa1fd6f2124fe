import { ERROR_ADVICE, isErrorCode, type ErrorInfo } from '../../../shared/errors';

/**
 * Anything a call rejected with, as ErrorInfo. Duck-typed rather than
 * instanceof: in Electron the AppError comes from the preload's own bundle.
 */
export function toInfo(error: unknown): ErrorInfo {
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown; details?: unknown };
    const message = typeof e.message === 'string' ? e.message : 'unknown error';
    const details =
      typeof e.details === 'object' && e.details !== null ? (e.details as Record<string, unknown>) : undefined;
    if (isErrorCode(e.code)) return details ? { code: e.code, message, details } : { code: e.code, message };
    return { code: 'INTERNAL', message };
  }
  return { code: 'INTERNAL', message: String(error) };
}

/** The error's own advice when the core gave one (details.advice), else its code's. */
export function adviceFor(info: ErrorInfo): string | null {
  const own = info.details?.['advice'];
  if (typeof own === 'string' && own) return own;
  return ERROR_ADVICE[info.code] ?? null;
}
