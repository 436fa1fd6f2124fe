import { ERROR_ADVICE, toErrorInfo } from '../../../shared/errors';
import { terminalSafe } from '../../../shared/terminal-safe';
import { writeError } from '../format/output';

/** One line with the code and message, the log lines it carries (CRIU's dump.log), then the advice for that code. */
export function reportError(command: string, error: unknown): void {
  const info = toErrorInfo(error);
  const advice = ERROR_ADVICE[info.code];
  const lines = Array.isArray(info.details?.logLines) ? info.details.logLines.map(String) : [];
  const title = [info.details?.logTitle, info.details?.logPath].find((t) => typeof t === 'string') ?? 'log';
  const log = lines.length ? `  ${terminalSafe(title)}:\n${lines.map((l) => `    ${terminalSafe(l)}\n`).join('')}` : '';
  writeError(
    `checkpoint-inspector ${command}: ${info.code}: ${terminalSafe(info.message)}\n${log}${advice ? `  ${advice}\n` : ''}`,
  );
}
