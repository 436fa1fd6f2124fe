import type { ProblemInfo } from '../../../shared/dto';
import type { DiffProblem } from '../../../shared/dto/forensics';
import { compareNodes } from './ctl-diff';
import type { CtlDiff, CtlDiffFlags, CtlNode, CtlPsNode } from './ctl-types';
import { hasMember, memberDiff, type MemberSession } from './member-diff';
import { PSTREE, presenceNote, ROOTFS_DIFF } from './presence';
import { SideProblems } from './side-problems';

/**
 * Reads one archive's inspect node (checkpointctl's `inspect --format json`
 * node) with the process tree when `psTree`, and the flags' parts. The hosts
 * own that projection (the CLI's `inspect` prints it); the diff takes it, as
 * checkpointctl's diff takes its inspect's.
 */
export type NodeReader<S> = (
  session: S,
  psTree: boolean,
  flags: CtlDiffFlags,
) => Promise<{ node: CtlNode; problems: ProblemInfo[] }>;

export interface CheckpointctlDiff {
  diff: CtlDiff;
  /** B's process tree, for `--show-unchanged`. */
  treeB: CtlPsNode | undefined;
  /** Facts about what could not be compared that are no failure (checkpointctl exits 0 on them). */
  notes: DiffProblem[];
  /** The container of each side: checkpointctl refuses to compare checkpoints of two containers. */
  containers: { a: { name: string; id: string }; b: { name: string; id: string } };
  sameContainer: boolean;
}

/**
 * checkpointctl's `diff` of two archives, plus ours (rootfs diff, spec.dump,
 * config.dump): its keys, lists and summary; problems on the side they are on.
 */
export async function checkpointctlDiff<S extends MemberSession>(
  a: S,
  b: S,
  flags: CtlDiffFlags,
  read: NodeReader<S>,
  signal?: AbortSignal,
): Promise<CheckpointctlDiff> {
  const [qa, qb] = [new SideProblems('a'), new SideProblems('b')];
  const node = async (s: S, q: SideProblems) => {
    const psTree = hasMember(s, PSTREE);
    // Open files and sockets are listed per process of the tree (checkpointctl fails without it).
    if (!psTree && (flags.files || flags.sockets))
      q.add([
        {
          where: PSTREE,
          code: 'NOT_FOUND',
          message: `${PSTREE} is not in the archive: open files and sockets are listed per process of it`,
        },
      ]);
    const { node: n, problems } = await read(s, psTree, flags);
    q.add(problems);
    return n;
  };
  const [na, nb] = [await node(a, qa), await node(b, qb)];
  const members = await memberDiff(a, b, qa, qb, signal);
  return {
    diff: {
      ...compareNodes(na, nb, flags),
      rootfs_changes: members.rootfs,
      spec_changes: members.spec,
      config_changes: members.config,
      problems: [...qa.list, ...qb.list],
    },
    treeB: nb.process_tree,
    notes: [...presenceNote(a, b, PSTREE, 'processes'), ...presenceNote(a, b, ROOTFS_DIFF, 'file system changes')],
    containers: { a: { name: na.container_name, id: na.id }, b: { name: nb.container_name, id: nb.id } },
    sameContainer: na.id === nb.id,
  };
}
