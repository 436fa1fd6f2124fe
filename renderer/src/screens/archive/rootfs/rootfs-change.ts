import type { RootfsChange } from '../../../../../shared/dto';

export interface ChangeMarker {
  /** Short mark shown in the tree. */
  mark: string;
  /** Words for badges and screen readers. */
  label: string;
  /** Why the mark is what it is. */
  tooltip: string;
}

/**
 * A container's rootfs diff is its upper layer: a file written there may be
 * new or may replace one of the image, and without the base image the two look
 * the same. So 'changed' is shown as "added or modified", never guessed.
 */
export const CHANGE_MARKERS: Record<RootfsChange, ChangeMarker> = {
  added: {
    mark: 'A',
    label: 'added',
    tooltip: 'Added: it lies under a directory the container replaced (opaque), so nothing of the image shows through.',
  },
  changed: {
    mark: 'A/M',
    label: 'added or modified',
    tooltip:
      'Added or modified: the container wrote this path. Without the base image, a new file and a changed one look the same in the diff.',
  },
  deleted: {
    mark: 'D',
    label: 'deleted',
    tooltip: 'Deleted: the container removed this path of the image (a whiteout); the archive holds no content for it.',
  },
};

export function changeMarker(change: RootfsChange): ChangeMarker {
  return CHANGE_MARKERS[change];
}

/** Counts per change, for the tree's legend. */
export function countChanges(entries: readonly { change: RootfsChange }[]): Record<RootfsChange, number> {
  const counts: Record<RootfsChange, number> = { added: 0, changed: 0, deleted: 0 };
  for (const e of entries) counts[e.change] += 1;
  return counts;
}
