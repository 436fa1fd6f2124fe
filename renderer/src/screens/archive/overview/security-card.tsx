import type { SecuritySummary } from '../../../../../shared/dto';
import { Badge } from '../../../components/badge';
import { FactCard } from './fact-card';

const yesNo = (value: boolean, risky: boolean) => (
  <Badge tone={value === risky ? 'bad' : 'ok'}>{value ? 'yes' : 'no'}</Badge>
);

const list = (items: string[], empty: string) =>
  items.length === 0 ? empty : <span className="mono wrap">{items.join(', ')}</span>;

export function SecurityCard({ security }: { security: SecuritySummary | null }) {
  if (!security) return <FactCard title="Security" facts={[['Spec', 'no spec.dump in this archive']]} />;
  return (
    <FactCard
      title="Security"
      testId="card-security"
      facts={[
        ['Privileged', yesNo(security.privileged, true)],
        ['Runs as root', yesNo(security.runAsRoot, true)],
        ['Read-only root', yesNo(security.readOnlyRoot, false)],
        ['No new privileges', yesNo(security.noNewPrivileges, false)],
        ['Added capabilities', list(security.addedCapabilities, 'no added capabilities')],
        ['Host namespaces', list(security.hostNamespaces, 'none shared with the host')],
        ['Host mounts', list(security.hostMounts, 'no host paths mounted')],
        ['Seccomp', security.seccompProfile ?? <Badge tone="warn">unconfined</Badge>],
        ['AppArmor', security.apparmorProfile ?? 'no profile set'],
      ]}
    />
  );
}
