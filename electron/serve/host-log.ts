import { terminalSafe } from '../../shared/terminal-safe';

/** One line of the host's log. Lines carry archive-controlled text (paths, names, messages). */
export type HostLog = (line: string) => void;

/** The host's log on stderr: the whole line made terminal-safe, so no caller can forget a part of it. */
export function stderrLog(line: string): void {
  process.stderr.write(terminalSafe(line) + '\n');
}
