import { CornerDownRight } from 'lucide-react';
import { useState } from 'react';
import { parseAddress } from '../../lib/format';

interface Props {
  onJump: (address: number) => boolean;
  rowCount: number;
  first: number;
}

export function HexJump({ onJump, rowCount, first }: Props) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const address = parseAddress(text);
    if (address === null) setProblem('Not a hex address');
    else if (!onJump(address)) setProblem('Not in any mapping');
    else setProblem(null);
  };
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="field">
        <span>Jump to address</span>
        <input
          data-testid="hex-jump-input"
          data-view-search=""
          className="mono"
          placeholder="0x7f…"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button className="btn" type="submit" data-testid="hex-jump-button">
        <CornerDownRight size={14} aria-hidden /> Go
      </button>
      {problem && (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
      <span className="muted">
        row {first.toLocaleString()} of {rowCount.toLocaleString()}
      </span>
    </form>
  );
}
