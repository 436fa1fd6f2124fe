// Shapes of a report's process forest, for the process-tree tests and fuzz.
import type { ArchiveReport, ReportProcess } from '../../../electron/inspect/report/report-model';
import type { ProblemInfo } from '../../../shared/dto';

/** Every pid of a report forest (in walk order) and its levels, counted without recursion. */
export function forestShape(roots: readonly ReportProcess[]): { pids: number[]; depth: number } {
  const pids: number[] = [];
  let depth = 0;
  const stack: Array<[ReportProcess, number]> = roots.map((r) => [r, 1]);
  while (stack.length > 0) {
    const [p, d] = stack.pop() as [ReportProcess, number];
    pids.push(p.pid);
    depth = Math.max(depth, d);
    for (const c of p.children) stack.push([c, d + 1]);
  }
  return { pids, depth };
}

/** A report of a process forest and nothing else. */
export function forestReport(processTree: ReportProcess[], problems: ProblemInfo[] = []): ArchiveReport {
  return {
    schema: 1,
    tool: { name: 't', version: '0' },
    analyzedAt: '2026-01-01T00:00:00.000Z',
    archive: { fileName: 'a.tar', size: 1, sha256: '', compression: 'none', engine: 'containerd' },
    overview: null,
    processTree,
    files: [],
    sockets: [],
    mounts: [],
    rootfs: [],
    findings: { findings: [], complete: true, problems: [] },
    problems,
  };
}
