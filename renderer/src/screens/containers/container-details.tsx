import { X } from 'lucide-react';
import type { ContainerInfo } from '../../../../shared/dto';
import { containerStatusLabel } from '../../../../shared/dto/containerd';
import { ErrorView } from '../../components/error-view';
import { Loading } from '../../components/loading';
import { formatDate } from '../../lib/format';
import { useQuery } from '../../lib/use-query';
import { FactCard, type Fact } from '../archive/overview/fact-card';

/** The container's OCI spec facts (containerd.containerDetails): mounts, annotations, cgroup, namespaces. */
function SpecDetails({ container: c }: { container: ContainerInfo }) {
  const q = useQuery('containerd.containerDetails', { namespace: c.namespace, containerId: c.id });
  if (q.error) return <ErrorView error={q.error} title="The container's spec could not be read" compact />;
  if (!q.data) return <Loading label="Reading the container's spec…" inline />;
  const d = q.data;
  const annotations = Object.entries(d.annotations).sort(([a], [b]) => a.localeCompare(b));
  return (
    <>
      {d.problem && (
        <p className="problem-message" role="note" data-testid="details-problem">
          {d.problem}
        </p>
      )}
      <FactCard
        title="cgroup and namespaces"
        facts={[
          [
            'cgroup',
            <span className="mono" data-testid="details-cgroup">
              {d.cgroupsPath ?? 'not set in the spec'}
            </span>,
          ],
          ...d.namespaces.map((n): Fact => [
            n.type,
            <span className="mono">{n.path ?? 'new (made for the container)'}</span>,
          ]),
        ]}
        testId="details-namespaces"
      />
      <section className="card" data-testid="details-mounts">
        <h3>Mounts ({d.mounts.length})</h3>
        <table className="plain-table">
          <thead>
            <tr>
              <th>Destination</th>
              <th>Type</th>
              <th>Source</th>
              <th>Options</th>
            </tr>
          </thead>
          <tbody>
            {d.mounts.map((m, i) => (
              <tr key={`${m.destination}-${i}`} data-testid="details-mount">
                <td className="mono wrap">{m.destination}</td>
                <td>{m.type ?? '—'}</td>
                <td className="mono wrap">{m.source ?? '—'}</td>
                <td className="mono wrap">{m.options.join(',') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <FactCard
        title={`Annotations (${annotations.length})`}
        facts={annotations.map(([k, v]): Fact => [k, <span className="mono">{v}</span>])}
        testId="details-annotations"
      />
    </>
  );
}

/** The drawer a row click opens: what the container list holds of it, then its OCI spec's facts. */
export function ContainerDetails({ container: c, onClose }: { container: ContainerInfo; onClose: () => void }) {
  const facts: Fact[] = [
    ['Kind', c.sandbox ? 'pod sandbox (shown as the pod; not checkpointed)' : 'container'],
    ['Id', <span className="mono">{c.id}</span>],
    ['containerd namespace', c.namespace],
    ['Pod', c.podName ? `${c.podNamespace ? `${c.podNamespace}/` : ''}${c.podName}` : null],
    ['Image', <span className="mono">{c.image}</span>],
    ['Runtime', <span className="mono">{c.runtime}</span>],
    ['State', `${containerStatusLabel(c)} (from ${c.statusSource === 'cri' ? 'CRI' : "containerd's task"})`],
    ['PID', c.pid],
    ['Created', formatDate(c.createdAt)],
    ['Made through CRI', c.cri ? 'yes' : 'no'],
  ];
  const labels = Object.entries(c.labels).sort(([a], [b]) => a.localeCompare(b));
  return (
    <aside className="container-details" data-testid="container-details" aria-label={`Details of ${c.name}`}>
      <button className="btn small icon close" onClick={onClose} aria-label="Close details" data-testid="details-close">
        <X size={14} aria-hidden />
      </button>
      <FactCard title={c.name} facts={facts} testId="container-facts" />
      <FactCard
        title={`Labels (${labels.length})`}
        facts={labels.map(([k, v]): Fact => [k, <span className="mono">{v}</span>])}
        testId="container-labels"
      />
      <SpecDetails container={c} />
    </aside>
  );
}
