import { ChangedValue } from './changed-value';
import type { DiffSection } from './diff-model';

const SIGN = { added: '+', removed: '−', changed: '~' } as const;
const MAX_LINES = 2000;

/** The differences of one section, one line each: what was added, removed or changed between A and B. */
export function DiffLines({ section }: { section: DiffSection }) {
  if (section.lines.length === 0)
    return (
      <p className="muted" data-testid="diff-lines-empty">
        No differences in {section.label.toLowerCase()}.
      </p>
    );
  return (
    <ul className="diff-lines" data-testid={`diff-lines-${section.id}`}>
      {section.lines.slice(0, MAX_LINES).map((l, i) => (
        <li key={i} className={`diff-line diff-${l.mark}`} data-mark={l.mark}>
          <span className="diff-sign mono">{SIGN[l.mark]}</span>
          <div className="diff-body">
            <span className="mono">{l.text}</span>
            {l.detail && <span className="muted mono diff-detail">{l.detail}</span>}
            {l.changes.map((c, k) => (
              <ChangedValue key={k} change={c} />
            ))}
          </div>
        </li>
      ))}
      {section.lines.length > MAX_LINES && (
        <li className="muted">and {(section.lines.length - MAX_LINES).toLocaleString()} more</li>
      )}
    </ul>
  );
}
