import type { Provenance, ProvenanceField } from '../../../../../shared/dto';
import { QueryView } from '../../../components/query-view';
import { formatBytes } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { FactCard } from './fact-card';

function Fields({ title, list, testId }: { title: string; list: ProvenanceField[]; testId: string }) {
  return (
    <>
      <h3>{title}</h3>
      <dl className="fact-list" data-testid={testId}>
        {list.map((f) => (
          <div key={f.key} className="fact-row" data-testid={`${testId}-${f.key}`} title={f.key}>
            <dt>{f.label}</dt>
            <dd className="mono wrap">{f.text}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function ProvenanceFacts({ p }: { p: Provenance }) {
  return (
    <FactCard
      title="Provenance"
      testId="card-provenance"
      facts={[
        ['CRIU version', p.criuVersion && <span data-testid="provenance-criu-version">{p.criuVersion}</span>],
        ['Kernel', p.kernel && <span className="mono wrap">{p.kernel}</span>],
        ['CRIU run ids', p.runIds.length > 0 && <span className="mono wrap">{p.runIds.join(', ')}</span>],
        ['Written by', p.writer],
        ['CRIU set-up', p.criuSettings.length > 0 && <span className="mono wrap">{p.criuSettings.join(' · ')}</span>],
        [
          'Plugin images',
          p.pluginImages.length === 0
            ? 'no plugin images'
            : p.pluginImages.map((i) => `${i.name} (${formatBytes(i.size)}, ${i.kind})`).join('; '),
        ],
      ]}
    >
      {p.dumpStats ? (
        <Fields title="Dump statistics (stats-dump)" list={p.dumpStats} testId="provenance-stats" />
      ) : (
        <p className="muted">No stats-dump in this archive.</p>
      )}
      {p.restoreStats && <Fields title="Restore statistics" list={p.restoreStats} testId="provenance-restore" />}
      {p.inventory && <Fields title="Inventory (inventory.img)" list={p.inventory} testId="provenance-inventory" />}
      {p.problems.length > 0 && (
        <ul className="muted" data-testid="provenance-problems">
          {p.problems.map((x) => (
            <li key={`${x.where}:${x.message}`}>
              {x.where}: {x.code}: {x.message}
            </li>
          ))}
        </ul>
      )}
    </FactCard>
  );
}

/** Where the dump came from and what CRIU measured: its own query, beside the overview's cards. */
export function ProvenanceCard({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.provenance', { archiveId });
  return (
    <QueryView query={query} what="the provenance">
      {(p) => <ProvenanceFacts p={p} />}
    </QueryView>
  );
}
