import type { RootfsChange, RootfsEntry } from '../../../../../shared/dto';
import { CHANGE_MARKERS, countChanges } from './rootfs-change';

const ORDER: RootfsChange[] = ['changed', 'added', 'deleted'];

/** What each mark means, with counts; the tooltips say why "A/M" is not split. */
export function RootfsLegend({ entries }: { entries: RootfsEntry[] }) {
  const counts = countChanges(entries);
  return (
    <ul className="rootfs-legend" aria-label="Change marks" data-testid="rootfs-legend">
      {ORDER.filter((c) => counts[c] > 0).map((c) => (
        <li key={c} title={CHANGE_MARKERS[c].tooltip} data-testid={`rootfs-legend-${c}`}>
          <span className={`change change-${c}`}>{CHANGE_MARKERS[c].mark}</span> {CHANGE_MARKERS[c].label}{' '}
          <span className="muted">{counts[c]}</span>
        </li>
      ))}
    </ul>
  );
}
