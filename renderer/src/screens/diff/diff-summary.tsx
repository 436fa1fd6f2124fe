import type { DiffSection } from './diff-model';

interface Props {
  sections: DiffSection[];
  selected: DiffSection['id'] | null;
  onSelect: (id: DiffSection['id']) => void;
}

/** One card per part of the checkpoint with its added / removed / changed counts; a click lists them. */
export function DiffSummary({ sections, selected, onSelect }: Props) {
  return (
    <div className="diff-cards" data-testid="diff-summary">
      {sections.map((s) => {
        const total = s.added + s.removed + s.changed;
        return (
          <button
            key={s.id}
            className={selected === s.id ? 'card diff-card selected' : 'card diff-card'}
            aria-pressed={selected === s.id}
            onClick={() => onSelect(s.id)}
            data-testid={`diff-card-${s.id}`}
            data-added={s.added}
            data-removed={s.removed}
            data-changed={s.changed}
          >
            <span className="diff-card-title">{s.label}</span>
            {total === 0 ? (
              <span className="muted">same</span>
            ) : (
              <span className="diff-counts">
                <span className="diff-added" title="added">
                  +{s.added}
                </span>
                <span className="diff-removed" title="removed">
                  −{s.removed}
                </span>
                <span className="diff-changed" title="changed">
                  ~{s.changed}
                </span>
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
