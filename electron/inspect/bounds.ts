import { MAX_RANGE } from '../../shared/schemas';
import { AppError } from '../../shared/errors';

/** Checks a paged read against the contract's bounds and the thing's size; returns the length to read. */
export function boundedRange(offset: number, length: number, total: number, what: string): number {
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new AppError('INVALID_ARGUMENT', `${what}: offset ${offset} is not valid`);
  if (!Number.isSafeInteger(length) || length < 1 || length > MAX_RANGE) {
    throw new AppError('INVALID_ARGUMENT', `${what}: length ${length} is outside 1..${MAX_RANGE}`);
  }
  if (offset > total) throw new AppError('INVALID_ARGUMENT', `${what}: offset ${offset} is past its end (${total})`);
  return Math.min(length, total - offset);
}
