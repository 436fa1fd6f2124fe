import type { ArchiveDiff } from '../../../../shared/dto';
import { formatDate } from '../../lib/format';

/** Which checkpoint is A and which is B, side by side. */
export function DiffSides({ diff }: { diff: ArchiveDiff }) {
  return (
    <div className="diff-sides" data-testid="diff-sides">
      {(['a', 'b'] as const).map((k) => (
        <div key={k} className="card">
          <strong>{k.toUpperCase()}</strong> <span className="mono">{diff[k].fileName}</span>
          <div className="muted">
            {diff[k].containerName ?? '(unnamed container)'} · {formatDate(diff[k].checkpointedAt)}
          </div>
        </div>
      ))}
    </div>
  );
}
