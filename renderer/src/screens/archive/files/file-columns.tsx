import type { FileRow, SocketRow } from '../../../../../shared/dto';
import type { Column } from '../../../components/virtual-table';

const proc: Column<FileRow | SocketRow>[] = [
  { key: 'pid', title: 'PID', width: '64px', numeric: true, sortValue: (r) => r.pid, render: (r) => r.pid },
  { key: 'comm', title: 'Process', width: 'minmax(80px, 0.8fr)', sortValue: (r) => r.comm, render: (r) => r.comm },
];

export function fileColumns(withProcess: boolean): Column<FileRow>[] {
  const own: Column<FileRow>[] = [
    { key: 'fd', title: 'FD', width: '52px', numeric: true, sortValue: (r) => r.fd, render: (r) => r.fd },
    { key: 'type', title: 'Type', width: '90px', sortValue: (r) => r.type, render: (r) => r.type },
    {
      key: 'path',
      title: 'Path',
      width: 'minmax(200px, 3fr)',
      sortValue: (r) => r.path,
      render: (r) => (
        <span className="mono" title={r.path}>
          {r.path}
        </span>
      ),
    },
    {
      key: 'flags',
      title: 'Flags',
      width: 'minmax(90px, 1fr)',
      sortValue: (r) => r.flags,
      render: (r) => <span className="mono">{r.flags}</span>,
    },
    {
      key: 'pos',
      title: 'Position',
      width: '90px',
      numeric: true,
      sortValue: (r) => r.position ?? -1,
      render: (r) => r.position ?? '—',
    },
  ];
  return withProcess ? [...(proc as Column<FileRow>[]), ...own] : own;
}

const endpoint = (address: string, port: number | null) => (port === null ? address : `${address}:${port}`);

export function socketColumns(withProcess: boolean): Column<SocketRow>[] {
  const own: Column<SocketRow>[] = [
    { key: 'fd', title: 'FD', width: '52px', numeric: true, sortValue: (r) => r.fd, render: (r) => r.fd },
    { key: 'family', title: 'Family', width: '70px', sortValue: (r) => r.family, render: (r) => r.family },
    { key: 'proto', title: 'Proto', width: '64px', sortValue: (r) => r.protocol, render: (r) => r.protocol },
    {
      key: 'state',
      title: 'State',
      width: '100px',
      sortValue: (r) => r.state,
      render: (r) => <span data-testid="socket-state">{r.state}</span>,
    },
    {
      key: 'local',
      title: 'Local',
      width: 'minmax(140px, 1.5fr)',
      sortValue: (r) => r.localPort ?? r.path ?? r.localAddress,
      render: (r) => (
        <span className="mono" data-testid="socket-local">
          {r.path ?? endpoint(r.localAddress, r.localPort)}
        </span>
      ),
    },
    {
      key: 'remote',
      title: 'Remote',
      width: 'minmax(140px, 1.5fr)',
      sortValue: (r) => r.remoteAddress,
      render: (r) => <span className="mono">{endpoint(r.remoteAddress, r.remotePort)}</span>,
    },
    {
      key: 'q',
      title: 'Send/Recv Q',
      width: '96px',
      numeric: true,
      sortValue: (r) => (r.sendQueue ?? 0) + (r.recvQueue ?? 0),
      render: (r) => `${r.sendQueue ?? '—'}/${r.recvQueue ?? '—'}`,
    },
  ];
  return withProcess ? [...(proc as Column<SocketRow>[]), ...own] : own;
}
