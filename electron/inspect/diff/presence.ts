import type { DiffProblem } from '../../../shared/dto/forensics';
import type { InspectSession } from '../session';
import { hasMember } from './member-diff';

export const PSTREE = 'checkpoint/pstree.img';
export const ROOTFS_DIFF = 'rootfs-diff.tar';

/**
 * An archive without pstree.img (config and spec only) has no processes, as
 * checkpointctl reads it, and one without rootfs-diff.tar no changed files:
 * two such archives show no change. When only one side has the member,
 * everything in it on the other shows as added or removed; that is said, on
 * the side that lacks it.
 */
export function presenceNote(
  a: Pick<InspectSession, 'members'>,
  b: Pick<InspectSession, 'members'>,
  member: string,
  what: string,
): DiffProblem[] {
  const [inA, inB] = [hasMember(a, member), hasMember(b, member)];
  if (inA === inB) return [];
  const side = inA ? 'b' : 'a';
  return [
    {
      side,
      where: member,
      code: 'NOT_FOUND',
      message: `not in checkpoint ${side.toUpperCase()}: its ${what} could not be compared, and those of checkpoint ${inA ? 'A show as removed' : 'B show as added'}`,
    },
  ];
}
