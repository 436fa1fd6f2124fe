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
import type { MemberHash } from '../../../shared/dto/integrity';
import type { Provenance, Timeline } from '../../../shared/dto/timeline';
import { buildProvenance } from '../provenance';
import { buildTimeline } from '../timeline/build-timeline';
import { hashMembers } from '../integrity/member-hashes';
import { APP_NAME, APP_VERSION } from '../../app-meta';
import { findSecrets } from '../findings/find-secrets';
import { sessionSource } from '../search/memory-source';
import type { InspectSession } from '../session';
import { limitText, MAX_TREE_DEPTH } from '../limits';
import { problemOf } from '../process-images';
import { compactSecurity, securityReport } from '../security-view';
import type { SecurityReport } from '../../../shared/dto';

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
  /** sha256 of each member (of a compressed archive: of its uncompressed bytes); `verify --against` reads them. */
  integrity?: { members: MemberHash[] } | null;
  /** stats-dump in words, inventory, CRIU and kernel versions (its own problems inside). */
  provenance?: Provenance | null;
  /** Every time the archive holds, sorted (its own notes and problems inside). */
  timeline?: Timeline | null;
  /** The Security tab's model (electron/inspect/security-view.ts), each arch's syscalls past its common action only. */
  security?: SecurityReport | null;
  /** Every problem of every view the report read (each once): what it could not read. */
  problems: ProblemInfo[];
}

/**
 * The processes as a forest, built without recursion: each process under its
 * parent, children in list order. Nesting stops at MAX_TREE_DEPTH levels (a
 * hostile pstree can be a chain of thousands, and a report nested that deep
 * is quadratic in size once indented): the children of a process at the
 * last level are shown apart, as roots of their own that still name their
 * ppid, and `problems` is told so. Processes in a ppid loop (reachable from
 * no root) become roots too. Every process is in the forest exactly once.
 */
export function processTree(list: readonly ProcessInfo[], problems?: ProblemInfo[]): ReportProcess[] {
  const nodes = new Map<number, ReportProcess>();
  for (const p of list) if (!nodes.has(p.pid)) nodes.set(p.pid, { ...p, children: [] });
  const starts: ReportProcess[] = [];
  for (const p of nodes.values()) {
    const parent = p.ppid !== p.pid ? nodes.get(p.ppid) : undefined;
    (parent ? parent.children : starts).push(p);
  }
  const roots: ReportProcess[] = [];
  const seen = new Set<number>();
  let apart = 0;
  const unseen = nodes.values();
  for (let i = 0; ; i++) {
    // The dump's roots, then the subtrees cut at the depth limit, then what only a loop reaches.
    let start = starts[i];
    if (!start) {
      for (let next = unseen.next(); !next.done && !start; next = unseen.next())
        if (!seen.has(next.value.pid)) start = next.value;
      if (!start) break;
      starts.push(start);
    }
    if (seen.has(start.pid)) continue;
    seen.add(start.pid);
    roots.push(start);
    const stack: Array<{ p: ReportProcess; depth: number }> = [{ p: start, depth: 1 }];
    while (stack.length > 0) {
      const { p, depth } = stack.pop() as { p: ReportProcess; depth: number };
      p.children = p.children.filter((c) => !seen.has(c.pid));
      if (p.children.length > 0 && depth >= MAX_TREE_DEPTH) {
        apart += p.children.length;
        for (const c of p.children) starts.push(c);
        p.children = [];
        continue;
      }
      for (const c of p.children) seen.add(c.pid);
      for (let k = p.children.length - 1; k >= 0; k--)
        stack.push({ p: p.children[k] as ReportProcess, depth: depth + 1 });
    }
  }
  if (apart > 0)
    problems?.push({
      where: 'checkpoint/pstree.img',
      code: 'LIMIT_EXCEEDED',
      message: `the process tree is deeper than ${MAX_TREE_DEPTH} levels (${limitText('MAX_TREE_DEPTH')}): ${apart} subtrees are shown apart, each as a root naming its parent`,
    });
  return roots;
}

export interface ReportOptions {
  /** Scan memory for findings (default true). */
  memory?: boolean;
  now?: Date;
  signal?: AbortSignal;
  /** Told the part each step reads, as it starts (a job's progress). */
  onStep?: (where: string) => void;
  /** Bytes of memory the findings step has scanned of its total. */
  onMemoryBytes?: (done: number, total: number) => void;
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
    // One by one: a hostile dump can have more problems than a spread may pass as arguments.
    for (const p of view.problems) problems.push(p);
    return view.rows;
  };
  const summary = session.summary();
  const sha256 = await get('archive', () => session.sha256(opts.signal), '');
  const processes = processTree(await rows('checkpoint/pstree.img', () => session.processView()), problems);
  const findings = await get(
    'findings',
    async () => {
      const { values: _values, ...report } = await findSecrets(session, {
        memory: opts.memory === false ? null : sessionSource(session),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onStep ? { onStep: opts.onStep } : {}),
        ...(opts.onMemoryBytes ? { onMemoryBytes: opts.onMemoryBytes } : {}),
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
    processTree: processes,
    files: await rows('checkpoint/files.img', () => session.files()),
    sockets: await rows('checkpoint/files.img', () => session.sockets()),
    mounts: await rows('mounts', () => session.mounts()),
    rootfs: await get('rootfs-diff.tar', () => session.rootfs(), []),
    findings,
    // A name stored twice is already a problem of the archive's index.
    integrity: await get(
      'integrity',
      async () => ({ members: (await hashMembers(session, opts.signal ? { signal: opts.signal } : {})).members }),
      null,
    ),
    provenance: await get('provenance', () => buildProvenance(session), null),
    timeline: await get('timeline', () => buildTimeline(session), null),
    security: await get('security', async () => compactSecurity(await securityReport(session)), null),
    problems: uniqueProblems([...problems, ...findings.problems]),
  };
}
