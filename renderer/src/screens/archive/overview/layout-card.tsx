import type { Overview } from '../../../../../shared/dto';
import { formatBytes } from '../../../lib/format';
import { FactCard } from './fact-card';

const LAYOUT_TEXT: Record<Overview['layout'], string> = {
  tar: 'tar archive',
  folder: 'folder (an unpacked checkpoint archive)',
  'criu-folder': 'folder of CRIU images only (no config.dump, no spec.dump)',
};

/** The engine's own members (logs, status, volumes, pre-checkpoint...) and CRI-O's bind mounts, where a user looks for them. */
export function LayoutCards({ o }: { o: Overview }) {
  return (
    <>
      <FactCard
        title="Checkpoint members"
        testId="card-layout"
        facts={[
          ['Layout', <span data-testid="layout-kind">{LAYOUT_TEXT[o.layout]}</span>],
          ...o.layoutMembers.map((m): [string, React.ReactNode] => [
            m.name,
            <span data-testid={`layout-member-${m.name}`} data-role={m.role}>
              {m.role.replace(/-/g, ' ')} ({m.writer}), {m.files > 1 ? `${m.files} files, ` : ''}
              {formatBytes(m.size)}
              {m.linkTarget !== null && <span className="mono"> → {m.linkTarget}</span>}
            </span>,
          ]),
        ]}
      />
      {o.bindMounts.length > 0 && (
        <FactCard
          title="Bind mounts (bind.mounts)"
          testId="card-bind-mounts"
          facts={o.bindMounts.map((b): [string, React.ReactNode] => [
            b.destination,
            <span className="mono wrap" data-testid={`bind-mount-${b.destination}`}>
              {b.source} ({b.fileType}
              {b.permissions !== null ? `, mode ${b.permissions.toString(8)}` : ''})
            </span>,
          ])}
        />
      )}
    </>
  );
}
