import { ERROR_ADVICE, toErrorInfo } from '../../../shared/errors';

/** One line with the code and message, then the advice for that code. */
export function reportError(command: string, error: unknown): void {
  const info = toErrorInfo(error);
  const advice = ERROR_ADVICE[info.code];
  process.stderr.write(
    `checkpoint-inspector ${command}: ${info.code}: ${info.message}\n${advice ? `  ${advice}\n` : ''}`,
  );
}
