import { useState } from 'react';
import { CancelJobButton, progressBytes } from '../../../components/job-controls';
import { ProblemsBanner } from '../../../components/problems-banner';
import { QueryView } from '../../../components/query-view';
import { VirtualTable } from '../../../components/virtual-table';
import { useQuery } from '../../../lib/use-query';
import { useRunningJob } from '../../../stores/jobs-store';
import { CustodyPanel } from './custody-panel';
import { useKnownHashes } from './known-hashes';
import { memberHashColumns } from './member-hash-columns';
import { VerifyPanel } from './verify-panel';

function Hashes({ archiveId }: { archiveId: string }) {
  const query = useQuery('integrity.hashes', { archiveId });
  return (
    <QueryView query={query} what="hashes">
      {(h) => (
        <>
          <p data-testid="integrity-archive">
            <strong>{h.archive.fileName}</strong> sha256 <span className="mono">{h.archive.sha256}</span>{' '}
            <span className="muted">
              ({h.cached ? 'from the cache, computed' : 'computed'} {h.computedAt})
            </span>
          </p>
          <ProblemsBanner problems={h.problems} what="hashes" testId="integrity-problems" />
          <div className="grow-pane">
            <VirtualTable
              rows={h.members}
              columns={memberHashColumns}
              rowKey={(m) => m.name}
              rowTestId={(m) => `hash-row-${m.name}`}
              label="Member hashes"
              testId="integrity-table"
            />
          </div>
        </>
      )}
    </QueryView>
  );
}

/** Hashes of the archive and each member (computed when asked), verify, and the custody log. */
export function IntegrityTab({ archiveId }: { archiveId: string }) {
  const known = useKnownHashes(archiveId);
  const [asked, setAsked] = useState(known !== null);
  const job = useRunningJob('integrity');
  const running = job !== null && job.archiveId === archiveId;
  return (
    <div className="column integrity" data-testid="integrity-tab">
      <section className="column" aria-label="Hashes">
        <div className="toolbar">
          <h3>Hashes</h3>
          {!asked && (
            <button className="btn" onClick={() => setAsked(true)} data-testid="integrity-compute">
              Compute sha256 of the archive and every member
            </button>
          )}
          {running && (
            <span className="muted" role="status" data-testid="integrity-progress">
              {job.title}: {progressBytes(job.progress)} <CancelJobButton job={job} testId="integrity-cancel" small />
            </span>
          )}
        </div>
        {asked && <Hashes archiveId={archiveId} />}
      </section>
      <VerifyPanel archiveId={archiveId} />
      <CustodyPanel />
    </div>
  );
}
