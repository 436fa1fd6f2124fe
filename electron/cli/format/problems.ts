import type { ProblemInfo, View } from '../../../shared/dto';
import { problemLine, uniqueProblems } from '../../../shared/problems';
import { writeError } from './output';

/**
 * Control characters (C0, DEL, C1) and the bidi/line separators shown as
 * escapes: member names and messages come from archives nobody vetted, and
 * must not drive the terminal or fake a line.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is being replaced
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

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
