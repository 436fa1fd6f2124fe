import { Download } from 'lucide-react';
import { useCallback, useMemo, useState } from 'react';
import type { RootfsEntry } from '../../../../../shared/dto';
import { getApi } from '../../../api';
import { Badge } from '../../../components/badge';
import { EmptyState } from '../../../components/empty-state';
import { ErrorView } from '../../../components/error-view';
import type { ChunkFetcher } from '../../../components/hex/chunk-cache';
import { HexViewer } from '../../../components/hex/hex-viewer';
import { Loading } from '../../../components/loading';
import { TextView } from '../../../components/text-view';
import { decodeText, fromBase64, looksLikeText } from '../../../lib/bytes';
import { formatBytes, formatDate, formatMode } from '../../../lib/format';
import { toInfo } from '../../../lib/errors';
import { languageOf } from '../../../lib/tokenize';
import { changeMarker } from './rootfs-change';
import { TEXT_LIMIT, useFileHead } from './use-file-head';

const CHANGE_TONE = { added: 'ok', changed: 'warn', deleted: 'bad' } as const;

function Content({ archiveId, entry }: { archiveId: string; entry: RootfsEntry }) {
  const head = useFileHead(archiveId, entry.path);
  const text = useMemo(() => (head.bytes && looksLikeText(head.bytes) ? decodeText(head.bytes) : null), [head.bytes]);
  const fetchChunk = useCallback<ChunkFetcher>(
    async (start, length) => {
      const page = await getApi().invoke('inspect.readRootfsFile', {
        archiveId,
        path: entry.path,
        offset: start,
        length,
      });
      return { start: page.offset, bytes: fromBase64(page.data), present: null };
    },
    [archiveId, entry.path],
  );
  const segments = useMemo(() => [{ start: 0, end: head.total, label: null }], [head.total]);
  if (head.error) return <ErrorView error={head.error} title="Could not read the file" />;
  if (!head.bytes) return <Loading label="Reading the file…" />;
  if (head.total === 0) return <EmptyState>The file is empty.</EmptyState>;
  if (text === null)
    return <HexViewer segments={segments} fetchChunk={fetchChunk} cacheKey={`rootfs/${archiveId}/${entry.path}`} />;
  const partial = head.bytes.length < head.total;
  return (
    <div className="column">
      <TextView text={text} language={languageOf(entry.path, text.slice(0, 200))} testId="rootfs-text" />
      {partial && (
        <div className="toolbar">
          <span className="muted">
            Showing {formatBytes(head.bytes.length)} of {formatBytes(head.total)}.
          </span>
          {head.bytes.length < TEXT_LIMIT && (
            <button className="btn" onClick={head.more} disabled={head.loadingMore}>
              {head.loadingMore ? 'Reading…' : 'Show more'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

export function RootfsPreview({ archiveId, entry }: { archiveId: string; entry: RootfsEntry }) {
  const [saveState, setSaveState] = useState<string | null>(null);
  const save = () => {
    setSaveState('Saving…');
    getApi()
      .saveRootfsFile(archiveId, entry.path)
      .then(
        (r) => setSaveState(r.saved ? 'Saved.' : 'Not saved.'),
        (e: unknown) => setSaveState(`Could not save: ${toInfo(e).message}`),
      );
  };
  const readable = entry.type === 'file' && entry.change !== 'deleted';
  return (
    <div className="rootfs-preview" data-testid="rootfs-preview">
      <div className="toolbar">
        <span title={changeMarker(entry.change).tooltip} data-testid="rootfs-preview-change" data-change={entry.change}>
          <Badge tone={CHANGE_TONE[entry.change]}>{changeMarker(entry.change).label}</Badge>
        </span>
        <span className="mono wrap" data-testid="rootfs-preview-path">
          {entry.path}
        </span>
        {entry.change !== 'deleted' && (
          <span className="muted mono">
            {formatMode(entry.mode, entry.type)} {entry.uid}:{entry.gid} {formatBytes(entry.size)}{' '}
            {formatDate(entry.mtime)}
          </span>
        )}
        {readable && (
          <button className="btn" onClick={save} data-testid="rootfs-save">
            <Download size={14} aria-hidden /> Save file…
          </button>
        )}
        {saveState && (
          <span className="muted" role="status">
            {saveState}
          </span>
        )}
      </div>
      <div className="grow-pane">
        {entry.change === 'deleted' ? (
          <EmptyState>Deleted in the container; the archive holds no content for it.</EmptyState>
        ) : entry.type === 'symlink' ? (
          <EmptyState>Symbolic link to {entry.linkTarget ?? '?'} (links are never followed).</EmptyState>
        ) : entry.type !== 'file' ? (
          <EmptyState>No preview for a {entry.type}.</EmptyState>
        ) : (
          <Content key={entry.path} archiveId={archiveId} entry={entry} />
        )}
      </div>
    </div>
  );
}
