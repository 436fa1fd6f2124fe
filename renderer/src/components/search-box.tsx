import { Search, X } from 'lucide-react';

interface Props {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  testId?: string;
}

/** The view's search field; Ctrl+F focuses the visible one (data-view-search). */
export function SearchBox({ value, onChange, placeholder = 'Filter', testId }: Props) {
  return (
    <label className="search-box">
      <Search size={14} aria-hidden />
      <input
        type="search"
        data-view-search=""
        data-testid={testId}
        aria-label={placeholder}
        placeholder={placeholder}
        value={value}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onChange('');
        }}
      />
      {value && (
        <button className="icon-btn" aria-label="Clear filter" onClick={() => onChange('')}>
          <X size={12} aria-hidden />
        </button>
      )}
    </label>
  );
}
