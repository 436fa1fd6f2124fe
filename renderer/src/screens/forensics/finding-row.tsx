import { Eye, EyeOff } from 'lucide-react';
import { useState } from 'react';
import type { Finding } from '../../../../shared/dto';
import { getApi } from '../../api';
import { Badge, type Tone } from '../../components/badge';
import { toInfo } from '../../lib/errors';
import { jumpToMemory } from '../../stores/memory-jump-store';

export const SEVERITY_TONE: Record<Finding['severity'], Tone> = { high: 'bad', medium: 'warn', low: 'muted' };

/** One finding; its value stays masked until asked for, and is asked of main only then. */
export function FindingRow({ archiveId, finding }: { archiveId: string; finding: Finding }) {
  const [value, setValue] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reveal = () => {
    if (value !== null) return setShown(true);
    getApi()
      .invoke('inspect.revealFinding', { archiveId, findingId: finding.id })
      .then((r) => {
        setValue(r.value);
        setShown(true);
      })
      .catch((e: unknown) => setError(toInfo(e).message));
  };
  return (
    <tr data-testid={`finding-${finding.name ?? finding.ruleId}`} data-severity={finding.severity}>
      <td>
        <Badge tone={SEVERITY_TONE[finding.severity]}>{finding.severity}</Badge>
      </td>
      <td title={finding.ruleId}>{finding.title}</td>
      <td className="mono">{finding.name ?? ''}</td>
      <td className="mono finding-value">
        <span data-testid="finding-value">{shown && value !== null ? value : finding.masked}</span>{' '}
        <button
          className="icon-btn"
          onClick={() => (shown ? setShown(false) : reveal())}
          aria-label={shown ? 'Hide value' : 'Reveal value'}
          title={shown ? 'Hide value' : 'Reveal value'}
          data-testid="finding-reveal"
        >
          {shown ? <EyeOff size={14} aria-hidden /> : <Eye size={14} aria-hidden />}
        </button>
        {error && <span className="field-error"> {error}</span>}
      </td>
      <td>
        {finding.locations.slice(0, 20).map((l, i) => (
          <div key={i} className="muted">
            <span className="badge badge-info">{l.source}</span>{' '}
            {l.source === 'memory' && l.pid !== null && l.address !== null ? (
              <button
                className="link"
                title="Show these bytes in the hex viewer"
                onClick={() => jumpToMemory(archiveId, l.pid as number, l.address as number)}
              >
                {l.where}
              </button>
            ) : (
              l.where
            )}
          </div>
        ))}
        {finding.locations.length > 20 && <div className="muted">and {finding.locations.length - 20} more</div>}
      </td>
    </tr>
  );
}
