import { useMemo, useState } from 'react';
import type { CriuImageInfo } from '../../../../../shared/dto';
import { EmptyState } from '../../../components/empty-state';
import { QueryView } from '../../../components/query-view';
import { SearchBox } from '../../../components/search-box';
import { VirtualTable, type Column } from '../../../components/virtual-table';
import { formatBytes } from '../../../lib/format';
import { useQuery } from '../../../lib/use-query';
import { ImageDetail } from './image-detail';
import { useKnownHashes } from '../integrity/known-hashes';
import { withHashColumn } from '../integrity/member-hash-columns';
import { SplitPane } from '../../../components/split-pane';

const columns: Column<CriuImageInfo>[] = [
  {
    key: 'name',
    title: 'Image',
    width: 'minmax(140px, 2fr)',
    sortValue: (i) => i.name,
    render: (i) => <span className="mono">{i.name.replace(/^checkpoint\//, '')}</span>,
  },
  {
    key: 'type',
    title: 'Type',
    width: '110px',
    sortValue: (i) => i.type,
    render: (i) => <span className="mono">{i.type}</span>,
  },
  {
    key: 'entries',
    title: 'Entries',
    width: '70px',
    numeric: true,
    sortValue: (i) => i.entryCount ?? -1,
    render: (i) => i.entryCount ?? '—',
  },
  {
    key: 'size',
    title: 'Size',
    width: '80px',
    numeric: true,
    sortValue: (i) => i.size,
    render: (i) => formatBytes(i.size),
  },
];

function ImagesView({ archiveId, images }: { archiveId: string; images: CriuImageInfo[] }) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return needle
      ? images.filter((i) => i.name.toLowerCase().includes(needle) || i.type.toLowerCase().includes(needle))
      : images;
  }, [images, query]);
  const image = images.find((i) => i.name === selected) ?? null;
  // Once the Integrity tab hashed the members, each image shows its sha256.
  const known = useKnownHashes(archiveId);
  const shownColumns = useMemo(() => withHashColumn(columns, known), [known]);
  return (
    <SplitPane id="images" className="images" defaultFraction={0.4}>
      <div className="column">
        <div className="toolbar">
          <SearchBox value={query} onChange={setQuery} placeholder="Filter images" testId="images-filter" />
          <span className="muted">{images.length} images</span>
        </div>
        <div className="grow-pane">
          <VirtualTable
            rows={shown}
            columns={shownColumns}
            rowKey={(i) => i.name}
            rowTestId={(i) => `image-row-${i.name}`}
            selectedKey={selected}
            onSelect={(i) => setSelected(i.name)}
            label="CRIU images"
            testId="images-table"
          />
        </div>
      </div>
      {image ? (
        <ImageDetail key={image.name} archiveId={archiveId} image={image} />
      ) : (
        <EmptyState>Select an image to decode it.</EmptyState>
      )}
    </SplitPane>
  );
}

export function ImagesTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.images', { archiveId });
  return (
    <QueryView query={query} what="CRIU images" isEmpty={(i) => i.length === 0}>
      {(images) => <ImagesView archiveId={archiveId} images={images} />}
    </QueryView>
  );
}
