import { useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { QueryView } from '../../../components/query-view';
import { useQuery } from '../../../lib/use-query';
import { RootfsPreview } from './rootfs-preview';
import { RootfsTree } from './rootfs-tree';
import type { RootfsNode } from './rootfs-tree-model';
import { SplitPane } from '../../../components/split-pane';

export function RootfsTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('inspect.rootfs', { archiveId });
  const [selected, setSelected] = useState<RootfsNode | null>(null);
  return (
    <QueryView query={query} what="root file system changes" isEmpty={(e) => e.length === 0}>
      {(entries) => (
        <SplitPane id="rootfs" defaultFraction={0.4}>
          <RootfsTree entries={entries} selected={selected} onSelect={setSelected} />
          {selected?.entry ? (
            <RootfsPreview archiveId={archiveId} entry={selected.entry} />
          ) : (
            <EmptyState>Select a file to preview it.</EmptyState>
          )}
        </SplitPane>
      )}
    </QueryView>
  );
}
