import { ERROR_ADVICE, toErrorInfo } from '../../../shared/errors';
import { terminalSafe } from '../../../shared/terminal-safe';
import { StdoutClosedError, writeError } from '../format/output';

/** One line with the code and message, the log lines it carries (CRIU's dump.log), then the advice for that code. */
export function reportError(command: string, error: unknown): void {
  // The reader of stdout went away (`... | head -1`): not a failure, nothing to say.
  if (error instanceof StdoutClosedError) return;
  const info = toErrorInfo(error);
  const advice = ERROR_ADVICE[info.code];
  const lines = Array.isArray(info.details?.logLines) ? info.details.logLines.map(String) : [];
  const title = [info.details?.logTitle, info.details?.logPath].find((t) => typeof t === 'string') ?? 'log';
  const log = lines.length ? `  ${terminalSafe(title)}:\n${lines.map((l) => `    ${terminalSafe(l)}\n`).join('')}` : '';
  writeError(
    `checkpoint-inspector ${command}: ${info.code}: ${terminalSafe(info.message)}\n${log}${advice ? `  ${advice}\n` : ''}`,
  );
}
