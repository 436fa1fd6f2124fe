import type { ProblemInfo } from './dto';

/** Problems once each, in first-seen order: views that share a member report it once. */
export function uniqueProblems(problems: Iterable<ProblemInfo>): ProblemInfo[] {
  const seen = new Set<string>();
  const out: ProblemInfo[] = [];
  for (const p of problems) {
    const key = JSON.stringify([p.where, p.pid ?? null, p.code, p.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** One line naming a problem: `member pid N: message (CODE)`; pid only when it is about a process. */
export function problemLine(p: ProblemInfo): string {
  return `${p.where}${p.pid === undefined ? '' : ` pid ${p.pid}`}: ${p.message} (${p.code})`;
}

/** The `where` of a problem saying an incremental checkpoint's parent pages are not attached (the memory tab offers to attach one). */
export const PARENT_WHERE = 'checkpoint/parent';
