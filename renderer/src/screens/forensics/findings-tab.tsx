import { useState } from 'react';
import type { FindingSeverity } from '../../../../shared/dto';
import { Badge } from '../../components/badge';
import { Cancelled, isCancelled, JobWait } from '../../components/job-wait';
import { IncompleteNotice } from '../../components/incomplete-notice';
import { QueryView } from '../../components/query-view';
import { useQuery } from '../../lib/use-query';
import { FindingRow, SEVERITY_TONE } from './finding-row';

const SEVERITIES: FindingSeverity[] = ['high', 'medium', 'low'];

/** Secrets found in environment, command lines, spec/config, rootfs-diff files and memory; masked until revealed. */
export function FindingsTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.findings', { archiveId });
  const [only, setOnly] = useState<FindingSeverity | null>(null);
  if (isCancelled(query.error)) return <Cancelled what="Findings" onRetry={query.reload} testId="findings-cancelled" />;
  if (query.loading && !query.error)
    return <JobWait kind="findings" archiveId={archiveId} label="Looking for secrets…" testId="findings-job" />;
  return (
    <QueryView query={query} what="findings" isEmpty={(r) => r.findings.length === 0 && r.problems.length === 0}>
      {(report) => {
        const count = (s: FindingSeverity) => report.findings.filter((f) => f.severity === s).length;
        const shown = only ? report.findings.filter((f) => f.severity === only) : report.findings;
        return (
          <div className="column" data-testid="findings">
            <div className="toolbar" data-testid="findings-counts">
              <strong>
                {report.complete ? '' : 'Incomplete: '}
                {report.findings.length} finding(s)
              </strong>
              {SEVERITIES.map((s) => (
                <button
                  key={s}
                  className={only === s ? 'btn small primary' : 'btn small'}
                  aria-pressed={only === s}
                  onClick={() => setOnly(only === s ? null : s)}
                  data-testid={`findings-count-${s}`}
                >
                  <Badge tone={SEVERITY_TONE[s]}>{s}</Badge> {count(s)}
                </button>
              ))}
              <span className="muted">Values are masked; reveal one to read it.</span>
            </div>
            <IncompleteNotice
              complete={report.complete}
              problems={report.problems}
              what="findings"
              testId="findings-skipped"
            />
            <div className="scroll-pane">
              <table className="plain-table" data-testid="findings-table">
                <thead>
                  <tr>
                    <th>Severity</th>
                    <th>Rule</th>
                    <th>Name</th>
                    <th>Value</th>
                    <th>Where found</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((f) => (
                    <FindingRow key={f.id} archiveId={archiveId} finding={f} />
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        );
      }}
    </QueryView>
  );
}
