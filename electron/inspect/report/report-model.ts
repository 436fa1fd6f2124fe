import type {
  FileRow,
  MountRow,
  Overview,
  ProblemInfo,
  ProcessInfo,
  RootfsEntry,
  SocketRow,
  View,
} from '../../../shared/dto';
import { uniqueProblems } from '../../../shared/problems';
import type { FindingsReport } from '../../../shared/dto/forensics';
import { APP_NAME, APP_VERSION } from '../../app-meta';
import { findSecrets } from '../findings/find-secrets';
import { sessionSource } from '../search/memory-source';
import type { InspectSession } from '../session';
import { problemOf } from '../process-images';

export interface ReportProcess extends ProcessInfo {
  children: ReportProcess[];
}

/** Everything a report shows; the JSON report is this object. */
export interface ArchiveReport {
  schema: 1;
  tool: { name: string; version: string };
  analyzedAt: string;
  archive: { fileName: string; size: number; sha256: string; compression: string; engine: string };
  overview: Overview | null;
  processTree: ReportProcess[];
  files: FileRow[];
  sockets: SocketRow[];
  mounts: MountRow[];
  rootfs: RootfsEntry[];
  findings: FindingsReport;
  /** Every problem of every view the report read (each once): what it could not read. */
  problems: ProblemInfo[];
}

/** Nesting is bounded: a hostile pstree could be a chain of thousands. */
const MAX_DEPTH = 64;

export function processTree(list: readonly ProcessInfo[]): ReportProcess[] {
  const byPid = new Map(list.map((p) => [p.pid, { ...p, children: [] as ReportProcess[] }]));
  const roots: ReportProcess[] = [];
  for (const p of byPid.values()) {
    const parent = p.ppid !== p.pid ? byPid.get(p.ppid) : undefined;
    if (parent) parent.children.push(p);
    else roots.push(p);
  }
  // Cycles (a hostile pstree) leave processes unreachable from any root: list them as roots.
  const seen = new Set<number>();
  const walk = (p: ReportProcess, depth: number) => {
    seen.add(p.pid);
    if (depth >= MAX_DEPTH) p.children = [];
    p.children = p.children.filter((c) => !seen.has(c.pid));
    for (const c of p.children) walk(c, depth + 1);
  };
  roots.forEach((r) => walk(r, 0));
  for (const p of byPid.values()) if (!seen.has(p.pid)) roots.push({ ...p, children: [] });
  return roots;
}

export interface ReportOptions {
  /** Scan memory for findings (default true). */
  memory?: boolean;
  now?: Date;
  signal?: AbortSignal;
  /** Told the part each step reads, as it starts (a job's progress). */
  onStep?: (where: string) => void;
}

/** Builds the report of one archive; parts that fail are listed in `problems`, the rest is kept. */
export async function buildReport(session: InspectSession, opts: ReportOptions = {}): Promise<ArchiveReport> {
  const problems: ProblemInfo[] = [];
  const get = async <T>(where: string, load: () => Promise<T>, fallback: T): Promise<T> => {
    opts.onStep?.(where);
    try {
      return await load();
    } catch (error) {
      problems.push(problemOf(error, where));
      return fallback;
    }
  };
  /** The rows of a view, its problems listed; a view that fails as a whole is one problem. */
  const rows = async <T>(where: string, load: () => Promise<View<T>>): Promise<T[]> => {
    const view = await get<View<T>>(where, load, { rows: [], problems: [] });
    problems.push(...view.problems);
    return view.rows;
  };
  const summary = session.summary();
  const sha256 = await get('archive', () => session.sha256(opts.signal), '');
  const processes = await rows('checkpoint/pstree.img', () => session.processView());
  const findings = await get(
    'findings',
    async () => {
      const { values: _values, ...report } = await findSecrets(session, {
        memory: opts.memory === false ? null : sessionSource(session),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onStep ? { onStep: opts.onStep } : {}),
      });
      return report;
    },
    { findings: [], complete: false, problems: [] },
  );
  return {
    schema: 1,
    tool: { name: APP_NAME, version: APP_VERSION },
    analyzedAt: (opts.now ?? new Date()).toISOString(),
    archive: {
      fileName: summary.fileName,
      size: summary.size,
      sha256,
      compression: summary.compression,
      engine: summary.engine,
    },
    overview: await get('overview', () => session.overview(), null),
    processTree: processTree(processes),
    files: await rows('checkpoint/files.img', () => session.files()),
    sockets: await rows('checkpoint/files.img', () => session.sockets()),
    mounts: await rows('mounts', () => session.mounts()),
    rootfs: await get('rootfs-diff.tar', () => session.rootfs(), []),
    findings,
    problems: uniqueProblems([...problems, ...findings.problems]),
  };
}
