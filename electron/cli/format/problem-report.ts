import type { ProblemInfo } from '../../../shared/dto';
import { problemLine } from '../../../shared/problems';
import { terminalSafe } from '../../../shared/terminal-safe';
import { EXIT } from '../exit-codes';
import { writeError } from './output';
import { problemStderrLine } from './problems';

/**
 * network.status only decorates the header: checkpointctl reads it when it
 * can and, when it cannot, shows no network and exits 0. Its problems are
 * told as warnings; they do not fail the command.
 */
const ADVISORY = new Set(['network.status']);

const advisory = (p: ProblemInfo): boolean => ADVISORY.has(p.where);

/**
 * Writes an archive's problems on stderr, after what was read was printed;
 * returns the exit code they make: incomplete (non-zero) when anything
 * asked for, or needed to read the archive, could not be read.
 */
export function reportProblems(archive: string, problems: readonly ProblemInfo[]): number {
  for (const p of problems) {
    if (advisory(p))
      writeError(`checkpoint-inspector: ${terminalSafe(archive)}: warning: ${terminalSafe(problemLine(p))}\n`);
    else writeError(problemStderrLine(archive, p));
  }
  return problems.some((p) => !advisory(p)) ? EXIT.incomplete : EXIT.ok;
}

/**
 * Why an archive cannot be listed: config.dump or spec.dump missing or
 * unreadable (checkpointctl's `list` reads both and names the file it could
 * not); null when both were read.
 */
export function unlistable(problems: readonly ProblemInfo[]): string | null {
  const p = problems.find((w) => w.where === 'config.dump' || w.where === 'spec.dump');
  return p ? problemLine(p) : null;
}
