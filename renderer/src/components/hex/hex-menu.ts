import { hexAddress } from '../../lib/format';
import type { MenuItem } from '../../lib/menu-item';
import { BYTES_PER_ROW, type HexSegment } from './hex-layout';

interface Actions {
  copy: (text: string) => void;
  select: (start: number, end: number) => void;
  bookmark: (start: number, end: number) => void;
}

/**
 * The right-click menu of a byte: copy its address (or the selection's
 * range), select its row, bookmark the selection it is in or the byte itself.
 */
export function hexMenuItems(
  at: number,
  selected: { start: number; end: number } | null,
  segment: HexSegment,
  actions: Actions,
): MenuItem[] {
  const inSelection = selected !== null && at >= selected.start && at < selected.end;
  const rowStart = Math.max(segment.start, at - (at % BYTES_PER_ROW));
  const rowEnd = Math.min(segment.end, at - (at % BYTES_PER_ROW) + BYTES_PER_ROW);
  const items: MenuItem[] = [
    {
      label: `Copy address ${hexAddress(at)}`,
      testId: 'hex-menu-copy-address',
      run: () => actions.copy(hexAddress(at)),
    },
  ];
  if (inSelection)
    items.push({
      label: 'Copy selected range',
      testId: 'hex-menu-copy-range',
      run: () => actions.copy(`${hexAddress(selected.start)}-${hexAddress(selected.end)}`),
    });
  items.push({ label: 'Select row', testId: 'hex-menu-select-row', run: () => actions.select(rowStart, rowEnd) });
  items.push(
    inSelection
      ? {
          label: 'Bookmark selection',
          testId: 'hex-menu-bookmark',
          run: () => actions.bookmark(selected.start, selected.end),
        }
      : { label: 'Bookmark this byte', testId: 'hex-menu-bookmark', run: () => actions.bookmark(at, at + 1) },
  );
  return items;
}
