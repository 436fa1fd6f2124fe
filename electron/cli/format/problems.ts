import type { ProblemInfo, View } from '../../../shared/dto';
import { problemLine, uniqueProblems } from '../../../shared/problems';
import { terminalSafe } from '../../../shared/terminal-safe';
import { writeError } from './output';

/** What one problem looks like on stderr. */
export function problemStderrLine(archive: string, p: ProblemInfo): string {
  return `checkpoint-inspector: ${terminalSafe(archive)}: problem: ${terminalSafe(problemLine(p))}\n`;
}

/** The problems of every view a command read, each kept once; the CLI prints what it could read and these. */
export class ProblemLog {
  private readonly seen: ProblemInfo[] = [];

  add(problems: readonly ProblemInfo[]): void {
    this.seen.push(...problems);
  }

  /** The rows of a view, its problems kept. */
  rows<T>(view: View<T>): T[] {
    this.add(view.problems);
    return view.rows;
  }

  get problems(): ProblemInfo[] {
    return uniqueProblems(this.seen);
  }

  /** Writes each problem as one line on stderr. */
  report(archive: string): void {
    for (const p of this.problems) writeError(problemStderrLine(archive, p));
  }
}
