import { Link2 } from 'lucide-react';
import { useState } from 'react';
import type { ArchiveSummary } from '../../../../../shared/dto';
import { ErrorView } from '../../../components/error-view';
import { toInfo } from '../../../lib/errors';
import { useOpenCheckpoint } from '../../../lib/open-actions';
import type { ErrorInfo } from '../../../../../shared/errors';
import { openWithParent, useOpenArchives } from '../../../stores/archives-store';

/**
 * An incremental checkpoint (Podman --with-previous) keeps unchanged pages in
 * its parent: offer to read them from an open archive (its --pre-checkpoint
 * export), or to open that archive first.
 */
export function ParentPicker({ archive }: { archive: ArchiveSummary }) {
  const others = useOpenArchives().filter((a) => a.archiveId !== archive.archiveId);
  const [chosen, setChosen] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const openFile = useOpenCheckpoint();
  const parentId = chosen || others[0]?.archiveId || '';
  const attach = () => {
    setBusy(true);
    setError(null);
    openWithParent(archive.archiveId, parentId).catch((e: unknown) => {
      setError(toInfo(e));
      setBusy(false);
    });
  };
  return (
    <div className="notice" data-testid="parent-picker" role="region" aria-label="Parent checkpoint">
      <p>
        <Link2 size={14} aria-hidden /> This is an incremental checkpoint: some of its memory is in its parent (a
        pre-checkpoint, e.g. Podman&apos;s <span className="mono">--pre-checkpoint</span> export). Those pages show as{' '}
        <span className="mono">??</span> until the parent is attached.
      </p>
      <div className="toolbar">
        {others.length > 0 ? (
          <>
            <label className="field">
              <span>Parent</span>
              <select
                data-testid="parent-select"
                value={parentId}
                onChange={(e) => setChosen(e.target.value)}
                disabled={busy}
              >
                {others.map((a) => (
                  <option key={a.archiveId} value={a.archiveId}>
                    {a.fileName}
                  </option>
                ))}
              </select>
            </label>
            <button className="btn primary" data-testid="parent-attach" onClick={attach} disabled={busy || !parentId}>
              Read with this parent
            </button>
          </>
        ) : (
          <span className="muted">Open the parent archive first; it can then be picked here.</span>
        )}
        <button className="btn" data-testid="parent-open" onClick={openFile} disabled={busy}>
          Open archive…
        </button>
      </div>
      {error && <ErrorView error={error} />}
    </div>
  );
}
