import type { Vma } from '../../../../../shared/dto';
import type { Column } from '../../../components/virtual-table';
import { formatBytes, hexAddress } from '../../../lib/format';

export const vmaColumns: Column<Vma>[] = [
  {
    key: 'start',
    title: 'Start',
    width: '140px',
    sortValue: (v) => v.start,
    render: (v) => <span className="mono">{hexAddress(v.start)}</span>,
  },
  {
    key: 'end',
    title: 'End',
    width: '140px',
    sortValue: (v) => v.end,
    render: (v) => <span className="mono">{hexAddress(v.end)}</span>,
  },
  {
    key: 'size',
    title: 'Size',
    width: '90px',
    numeric: true,
    sortValue: (v) => v.end - v.start,
    render: (v) => formatBytes(v.end - v.start),
  },
  {
    key: 'prot',
    title: 'Prot',
    width: '60px',
    sortValue: (v) => v.prot,
    render: (v) => <span className="mono">{v.prot}</span>,
  },
  {
    key: 'flags',
    title: 'Flags',
    width: 'minmax(80px, 1fr)',
    sortValue: (v) => v.flags,
    render: (v) => <span className="mono">{v.flags}</span>,
  },
  {
    key: 'dumped',
    title: 'Dumped',
    width: '90px',
    numeric: true,
    sortValue: (v) => v.dumped,
    render: (v) => formatBytes(v.dumped),
  },
  {
    key: 'file',
    title: 'File',
    width: 'minmax(160px, 2fr)',
    sortValue: (v) => v.file ?? '',
    render: (v) => (
      <span className="mono" title={v.file ?? ''}>
        {v.file ?? ''}
      </span>
    ),
  },
];
