import { ERROR_ADVICE, toErrorInfo } from '../../../shared/errors';
import { terminalSafe } from '../../../shared/terminal-safe';
import { writeError } from '../format/output';

/** One line with the code and message, then the advice for that code. */
export function reportError(command: string, error: unknown): void {
  const info = toErrorInfo(error);
  const advice = ERROR_ADVICE[info.code];
  writeError(
    `checkpoint-inspector ${command}: ${info.code}: ${terminalSafe(info.message)}\n${advice ? `  ${advice}\n` : ''}`,
  );
}
