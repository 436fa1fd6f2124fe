import { Eye, EyeOff } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { EnvVar } from '../../../../../shared/dto';
import { SearchBox } from '../../../components/search-box';
import { updateSettings, useMaskSecrets } from '../../../stores/settings-store';

const MASK = '••••••••';

/** Environment with values masked until revealed (settings.maskSecrets): dumps carry credentials. */
export function EnvTable({ env }: { env: EnvVar[] }) {
  const mask = useMaskSecrets();
  const [revealed, setRevealed] = useState<Set<string>>(new Set());
  const [query, setQuery] = useState('');
  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle ? env.filter((e) => e.name.toLowerCase().includes(needle)) : env;
  }, [env, query]);
  const flip = (name: string) =>
    setRevealed((r) => {
      const next = new Set(r);
      if (!next.delete(name)) next.add(name);
      return next;
    });
  return (
    <div className="env">
      <div className="toolbar">
        <SearchBox value={query} onChange={setQuery} placeholder="Filter variables" testId="env-search" />
        <label className="radio">
          <input
            type="checkbox"
            checked={mask}
            onChange={(e) => void updateSettings({ maskSecrets: e.target.checked })}
            data-testid="mask-secrets"
          />
          <span>Mask values</span>
        </label>
        <span className="muted">{env.length} variables</span>
      </div>
      {env.length === 0 ? (
        <p className="muted">No environment recorded for this process.</p>
      ) : (
        <table className="kv-table">
          <tbody>
            {rows.map((e, i) => {
              const hidden = mask && !revealed.has(e.name);
              return (
                <tr key={`${e.name}-${i}`} data-testid={`env-row-${e.name}`}>
                  <th className="mono">{e.name}</th>
                  <td className="mono wrap" data-testid="env-value">
                    {hidden ? <span className="muted">{MASK}</span> : e.value}
                  </td>
                  <td>
                    {mask && (
                      <button
                        className="icon-btn"
                        aria-label={hidden ? `Reveal ${e.name}` : `Hide ${e.name}`}
                        onClick={() => flip(e.name)}
                        data-testid="env-reveal"
                      >
                        {hidden ? <Eye size={14} aria-hidden /> : <EyeOff size={14} aria-hidden />}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
