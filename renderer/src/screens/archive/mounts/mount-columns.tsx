import type { MountRow } from '../../../../../shared/dto';
import { mountOptionsText, mountSourceText } from '../../../../../shared/view/mount-text';
import { Badge } from '../../../components/badge';
import type { Column } from '../../../components/virtual-table';

/** Writable bind mounts reach the host's files: worth a second look. */
export const isWritableBind = (m: MountRow) => m.type === 'bind' && !m.options.includes('ro');

export const mountColumns: Column<MountRow>[] = [
  {
    key: 'dest',
    title: 'Destination',
    width: 'minmax(160px, 2fr)',
    sortValue: (m) => m.destination,
    render: (m) => (
      <span className="mono" title={m.destination} data-testid="mount-destination">
        {m.destination}
      </span>
    ),
  },
  {
    key: 'type',
    title: 'Type',
    width: '110px',
    sortValue: (m) => m.type,
    render: (m) => (
      <span data-testid="mount-type" title={m.type}>
        {m.type}
      </span>
    ),
  },
  {
    key: 'source',
    title: 'Source',
    width: 'minmax(200px, 3fr)',
    sortValue: (m) => m.sourcePath,
    render: (m) => (
      <span className="mono" title={m.sourcePath}>
        {mountSourceText(m)}
      </span>
    ),
  },
  {
    key: 'options',
    title: 'Options',
    width: 'minmax(140px, 2fr)',
    sortValue: (m) => m.options.join(','),
    render: (m) => (
      <span className="mono" title={m.options.join(',')}>
        {isWritableBind(m) && <Badge tone="warn">rw bind</Badge>} {mountOptionsText(m)}
      </span>
    ),
  },
  {
    key: 'from',
    title: 'From',
    width: '70px',
    sortValue: (m) => m.source,
    render: (m) => (
      <span className="muted" title={m.source === 'spec' ? 'the OCI spec (spec.dump)' : "CRIU's mountpoints image"}>
        {m.source}
      </span>
    ),
  },
];
