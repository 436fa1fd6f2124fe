import { splitChanged } from '../../../../shared/diff-text';
import type { ShownChange } from './diff-model';

/** One text in full, its changed part (if known) highlighted. */
function Marked({ text, change, side }: { text: string; change: ShownChange; side: 'before' | 'after' }) {
  if (!change.part) return <span className={`diff-value diff-${side}`}>{text}</span>;
  const [head, middle, tail] = splitChanged(text, change.part);
  return (
    <span className={`diff-value diff-${side}`}>
      {head}
      {middle && (
        <mark className="diff-mark" data-testid="diff-mark">
          {middle}
        </mark>
      )}
      {tail}
    </span>
  );
}

/** A value before and after, never cut, the part that differs marked on each side. */
export function ChangedValue({ change }: { change: ShownChange }) {
  return (
    <div className="diff-change mono" data-testid="diff-change">
      {change.label && <span className="diff-change-label">{change.label}</span>}
      <Marked text={change.before} change={change} side="before" />
      <span className="muted" aria-label="becomes">
        →
      </span>
      <Marked text={change.after} change={change} side="after" />
    </div>
  );
}
