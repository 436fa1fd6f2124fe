import type { YaraHit } from '../../../../shared/dto/yara';
import { hexAddress } from '../../lib/format';
import { jumpToMemory } from '../../stores/memory-jump-store';

function where(hit: YaraHit): string {
  if (hit.target !== 'memory') return `${hit.target === 'rootfs' ? 'rootfs' : 'recovered'}: ${hit.path}`;
  const v = hit.vma;
  return `${hexAddress(v.start)}-${hexAddress(v.end)} ${v.prot}${v.file ? ` ${v.file}` : ''}`;
}

/** The hits: a memory address opens the Memory tab's hex viewer there, the first match highlighted. */
export function YaraHits({ archiveId, hits }: { archiveId: string; hits: readonly YaraHit[] }) {
  return (
    <div className="scroll-pane">
      <table className="plain-table" data-testid="yara-hits">
        <thead>
          <tr>
            <th>PID</th>
            <th>Process</th>
            <th>Address</th>
            <th>VMA / file</th>
            <th>Rule</th>
            <th>Strings matched</th>
          </tr>
        </thead>
        <tbody>
          {hits.map((h) => (
            <tr key={`${h.ruleFile}:${h.rule}:${h.target === 'memory' ? `${h.pid}:${h.vma.start}` : h.path}`}>
              <td>{h.target === 'memory' ? h.pid : ''}</td>
              <td>{h.target === 'memory' ? h.comm : ''}</td>
              <td>
                {h.target === 'memory' ? (
                  <button
                    className="link"
                    title="Open in the hex viewer"
                    data-testid="yara-hit-address"
                    onClick={() => jumpToMemory(archiveId, h.pid, h.address, h.strings[0]?.length ?? 1)}
                  >
                    {hexAddress(h.address)}
                  </button>
                ) : (
                  `+${h.address}`
                )}
              </td>
              <td>{where(h)}</td>
              <td title={h.ruleFile}>{h.rule}</td>
              <td>
                {h.strings.map((s) => `${s.identifier}@${hexAddress(s.address)}`).join(' ')}
                {h.stringCount > h.strings.length ? ` (+${h.stringCount - h.strings.length} more)` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
