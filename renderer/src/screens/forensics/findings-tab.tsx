import { useState } from 'react';
import type { Finding } from '../../../../shared/dto';
import { getApi } from '../../api';
import { Badge, type Tone } from '../../components/badge';
import { QueryView } from '../../components/query-view';
import { useQuery } from '../../lib/use-query';

const TONE: Record<Finding['severity'], Tone> = { high: 'bad', medium: 'warn', low: 'muted' };

function FindingRow({ archiveId, finding }: { archiveId: string; finding: Finding }) {
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reveal = () => {
    getApi()
      .invoke('inspect.revealFinding', { archiveId, findingId: finding.id })
      .then((r) => setValue(r.value))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <tr data-testid={`finding-${finding.ruleId}`}>
      <td>
        <Badge tone={TONE[finding.severity]}>{finding.severity}</Badge>
      </td>
      <td>{finding.title}</td>
      <td className="mono">{finding.name ?? ''}</td>
      <td className="mono">
        {value ?? finding.masked}{' '}
        {value === null ? (
          <button className="link" onClick={reveal} data-testid={`reveal-${finding.id}`}>
            Reveal
          </button>
        ) : (
          <button className="link" onClick={() => setValue(null)}>
            Hide
          </button>
        )}
        {error && <span className="error-text"> {error}</span>}
      </td>
      <td>
        {finding.locations.map((l) => (
          <div key={`${l.source}:${l.where}`}>{l.where}</div>
        ))}
      </td>
    </tr>
  );
}

/** Secrets found in environment, command lines, spec/config, rootfs-diff files and memory; masked until revealed. */
export function FindingsTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.findings', { archiveId });
  return (
    <QueryView query={query} what="findings" isEmpty={(r) => r.findings.length === 0}>
      {(report) => (
        <div className="column scroll" data-testid="findings">
          <table className="plain-table">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Rule</th>
                <th>Name</th>
                <th>Value</th>
                <th>Where</th>
              </tr>
            </thead>
            <tbody>
              {report.findings.map((f) => (
                <FindingRow key={f.id} archiveId={archiveId} finding={f} />
              ))}
            </tbody>
          </table>
          {report.problems.map((p) => (
            <p key={`${p.where}:${p.message}`} className="muted">
              {p.where}: {p.message}
            </p>
          ))}
        </div>
      )}
    </QueryView>
  );
}
