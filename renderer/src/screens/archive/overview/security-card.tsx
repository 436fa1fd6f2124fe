import type { SecuritySummary } from '../../../../../shared/dto';
import { securitySummaryFacts, type Fact } from '../../../../../shared/view/security-facts';
import { Badge } from '../../../components/badge';
import { FactCard } from './fact-card';

/** A fact as the app shows it: coloured when it has a tone, names in a monospace font. */
export function factNode(f: Fact) {
  if (f.tone) return <Badge tone={f.tone}>{f.text}</Badge>;
  return f.list ? <span className="mono wrap">{f.text}</span> : f.text;
}

export function SecurityCard({ security }: { security: SecuritySummary | null }) {
  if (!security) return <FactCard title="Security" facts={[['Spec', 'no spec.dump in this archive']]} />;
  return (
    <FactCard
      title="Security"
      testId="card-security"
      facts={securitySummaryFacts(security).map((f): [string, React.ReactNode] => [f.label, factNode(f)])}
    />
  );
}
