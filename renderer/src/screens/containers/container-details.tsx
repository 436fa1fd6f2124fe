import { X } from 'lucide-react';
import type { ContainerInfo } from '../../../../shared/dto';
import { containerStatusLabel } from '../../../../shared/dto/containerd';
import { formatDate } from '../../lib/format';
import { FactCard, type Fact } from '../archive/overview/fact-card';

/**
 * The drawer a row click opens: what the core's container list holds of it.
 * Mounts, annotations and the cgroup are in the OCI spec, which the list does
 * not read; the drawer says so rather than showing them empty.
 */
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
      <p className="muted">Mounts, annotations and the cgroup are in the container&apos;s OCI spec, not read here.</p>
    </aside>
  );
}
