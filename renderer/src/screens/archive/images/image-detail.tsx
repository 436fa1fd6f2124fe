import { useCallback, useMemo, useState } from 'react';
import type { CriuImageInfo } from '../../../../../shared/dto';
import { getApi } from '../../../api';
import { ErrorView } from '../../../components/error-view';
import type { ChunkFetcher } from '../../../components/hex/chunk-cache';
import { HexViewer } from '../../../components/hex/hex-viewer';
import { JsonTree } from '../../../components/json-tree/json-tree';
import { QueryView } from '../../../components/query-view';
import { fromBase64 } from '../../../lib/bytes';
import { useQuery } from '../../../lib/use-query';

const PAGE = 200;

function RawImage({ archiveId, image }: { archiveId: string; image: CriuImageInfo }) {
  const fetchChunk = useCallback<ChunkFetcher>(
    async (start, length) => {
      const page = await getApi().invoke('archive.readMember', { archiveId, name: image.name, offset: start, length });
      return { start: page.offset, bytes: fromBase64(page.data), present: null };
    },
    [archiveId, image.name],
  );
  const segments = useMemo(() => [{ start: 0, end: image.size, label: null }], [image.size]);
  return <HexViewer segments={segments} fetchChunk={fetchChunk} cacheKey={`member/${archiveId}/${image.name}`} />;
}

/** Decoded entries in crit's shape, a page at a time; raw images (pages, tars) as hex. */
export function ImageDetail({ archiveId, image }: { archiveId: string; image: CriuImageInfo }) {
  const [pages, setPages] = useState(1);
  const [mode, setMode] = useState<'decoded' | 'hex'>(image.type === 'RAW' ? 'hex' : 'decoded');
  const query = useQuery(
    'inspect.decodeImage',
    mode === 'decoded' ? { archiveId, name: image.name, offset: 0, limit: PAGE * Math.min(pages, 5) } : null,
  );
  return (
    <div className="image-detail" data-testid="image-detail">
      <div className="toolbar">
        <span className="mono">{image.name}</span>
        <div className="segmented" role="tablist">
          <button
            role="tab"
            aria-selected={mode === 'decoded'}
            className={mode === 'decoded' ? 'subtab active' : 'subtab'}
            onClick={() => setMode('decoded')}
            disabled={image.type === 'RAW'}
            data-testid="image-mode-decoded"
          >
            Decoded
          </button>
          <button
            role="tab"
            aria-selected={mode === 'hex'}
            className={mode === 'hex' ? 'subtab active' : 'subtab'}
            onClick={() => setMode('hex')}
            data-testid="image-mode-hex"
          >
            Hex
          </button>
        </div>
      </div>
      <div className="grow-pane">
        {mode === 'hex' ? (
          <RawImage archiveId={archiveId} image={image} />
        ) : (
          <QueryView query={query} what={image.name}>
            {(page) =>
              page.raw ? (
                <RawImage archiveId={archiveId} image={image} />
              ) : (
                <div className="column">
                  {page.error && (
                    <ErrorView
                      error={{ code: 'IMAGE_CORRUPT', message: `${page.error.where}: ${page.error.message}` }}
                      title="Part of this image could not be decoded"
                      compact
                    />
                  )}
                  <JsonTree
                    value={{ magic: page.magic, entries: page.entries }}
                    rootLabel={page.name}
                    testId="image-json"
                    openDepth={3}
                  />
                  {page.entries.length < page.total && (
                    <div className="toolbar">
                      <span className="muted">
                        {page.entries.length} of {page.total} entries
                      </span>
                      {pages < 5 && (
                        <button className="btn" onClick={() => setPages((p) => p + 1)}>
                          Show {PAGE} more
                        </button>
                      )}
                    </div>
                  )}
                </div>
              )
            }
          </QueryView>
        )}
      </div>
    </div>
  );
}
