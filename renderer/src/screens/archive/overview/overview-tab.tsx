import type { Overview } from '../../../../../shared/dto';
import { statLabel } from '../../../../../shared/criu-stat-names';
import { QueryView } from '../../../components/query-view';
import { formatBytes, formatDate, formatMicros } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { FactCard } from './fact-card';
import { LayoutCards } from './layout-card';
import { ProvenanceCard } from './provenance-card';
import { SecurityCard } from './security-card';

const TIME_STATS = ['freezingTimeUs', 'frozenTimeUs', 'memdumpTimeUs', 'memwriteTimeUs'];

function statRows(stats: Overview['statistics']): [string, string][] {
  if (!stats) return [];
  return Object.entries(stats)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .map(([k, v]) => [statLabel(k), TIME_STATS.includes(k) ? formatMicros(v) : v.toLocaleString()]);
}

function OverviewCards({ o }: { o: Overview }) {
  const annotations = Object.entries(o.annotations);
  return (
    <div className="cards" data-testid="overview">
      <FactCard
        title="Container"
        testId="card-container"
        facts={[
          ['Name', o.containerName],
          ['ID', o.containerId && <span className="mono wrap">{o.containerId}</span>],
          ['Image', o.image && <span className="mono wrap">{o.image}</span>],
          ['Image ref', o.imageRef && <span className="mono wrap">{o.imageRef}</span>],
          ['Runtime', o.runtime],
          ['Engine', o.engine],
          ['Created', formatDate(o.createdAt)],
          ['Checkpointed', formatDate(o.checkpointedAt)],
          ['CRIU', o.criuVersion],
          ['Processes', o.processCount],
        ]}
      />
      <FactCard
        title="Sizes"
        testId="card-sizes"
        facts={[
          ['Archive', formatBytes(o.archiveSize)],
          ['Checkpoint images', formatBytes(o.checkpointSize)],
          ['Memory pages', formatBytes(o.memoryPagesSize)],
          ['Root FS diff', formatBytes(o.rootfsDiffSize)],
        ]}
      />
      <FactCard title="CRIU statistics" testId="card-stats" facts={statRows(o.statistics)}>
        {!o.statistics && <p className="muted">No stats-dump in this archive.</p>}
      </FactCard>
      <FactCard
        title="Pod"
        testId="card-pod"
        facts={[
          ['Pod', o.podName],
          ['Namespace', o.podNamespace],
        ]}
      >
        {annotations.length > 0 && (
          <details>
            <summary>{annotations.length} annotations</summary>
            <dl className="fact-list">
              {annotations.map(([k, v]) => (
                <div key={k} className="fact-row">
                  <dt className="mono wrap">{k}</dt>
                  <dd className="mono wrap">{v}</dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </FactCard>
      <FactCard
        title="Network"
        testId="card-network"
        facts={[
          ['IP', o.ip && <span className="mono">{o.ip}</span>],
          ['MAC', o.mac && <span className="mono">{o.mac}</span>],
        ]}
      />
      <LayoutCards o={o} />
      <SecurityCard security={o.security} />
      {o.warnings.length > 0 && (
        <FactCard
          title="Problems"
          testId="card-problems"
          facts={o.warnings.slice(0, 100).map((w) => [w.where, `${w.code}: ${w.message}`])}
        />
      )}
    </div>
  );
}

export function OverviewTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('archive.overview', { archiveId });
  return (
    <div className="scroll-pane">
      <QueryView query={query} what="the overview">
        {(o) => <OverviewCards o={o} />}
      </QueryView>
      <div className="cards">
        <ProvenanceCard archiveId={archiveId} />
      </div>
    </div>
  );
}
