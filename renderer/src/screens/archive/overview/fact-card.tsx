import type { ReactNode } from 'react';

export type Fact = [label: string, value: ReactNode];

/** A card of label/value rows, like one branch of checkpointctl's inspect tree. */
export function FactCard({
  title,
  facts,
  testId,
  children,
}: {
  title: string;
  facts: Fact[];
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <section className="card fact-card" data-testid={testId}>
      <h2>{title}</h2>
      <dl className="fact-list">
        {facts.map(([label, value]) => (
          <div key={label} className="fact-row">
            <dt>{label}</dt>
            <dd>{value === null || value === undefined || value === '' ? '—' : value}</dd>
          </div>
        ))}
      </dl>
      {children}
    </section>
  );
}
