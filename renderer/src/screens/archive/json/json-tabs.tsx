import { JsonTree } from '../../../components/json-tree/json-tree';
import { QueryView } from '../../../components/query-view';
import { useQuery } from '../../../lib/use-query';

export function ConfigTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('archive.config', { archiveId });
  return (
    <QueryView query={query} what="config.dump" isEmpty={(v) => v === null || v === undefined}>
      {(value) => <JsonTree value={value} rootLabel="config.dump" testId="config-json" />}
    </QueryView>
  );
}

export function SpecTab({ archiveId }: { archiveId: string }) {
  const query = useQuery('archive.spec', { archiveId });
  return (
    <QueryView query={query} what="spec.dump" isEmpty={(v) => v === null || v === undefined}>
      {(value) => <JsonTree value={value} rootLabel="spec.dump" testId="spec-json" />}
    </QueryView>
  );
}
