import type { ProblemInfo, SocketRow } from '../../shared/dto';
import { enumName, field, numField, sub } from './crit-values';
import type { FileObject, FileTable } from './file-table';
import type { ProcessFds } from './files';
import { RowBudget } from './row-budget';
import { FAMILIES, IP_PROTOCOLS, NETLINK_PROTOCOLS, SOCK_TYPES, TCP_STATES, inetAddress, unixName } from './net-names';

/** A socket row plus the buffer sizes (SO_SNDBUF/SO_RCVBUF) that checkpointctl shows. */
export interface SocketDetail extends SocketRow {
  sendBuffer: number | null;
  recvBuffer: number | null;
}

const SOCKET_TYPES = new Set(['INETSK', 'UNIXSK', 'NETLINKSK', 'PACKETSK']);

function base(pid: number, comm: string, fd: number, file: FileObject): SocketDetail {
  const opts = sub(file.payload, 'opts');
  return {
    pid,
    comm,
    fd,
    family: '',
    protocol: '',
    type: enumName(field(file.payload, 'type'), SOCK_TYPES) ?? '',
    state: '',
    localAddress: '',
    localPort: null,
    remoteAddress: '',
    remotePort: null,
    sendQueue: null,
    recvQueue: null,
    path: null,
    sendBuffer: numField(opts, 'so_sndbuf'),
    recvBuffer: numField(opts, 'so_rcvbuf'),
  };
}

function socketRow(pid: number, comm: string, fd: number, file: FileObject): SocketDetail {
  const p = file.payload;
  const row = base(pid, comm, fd, file);
  switch (file.type) {
    case 'INETSK': {
      row.family = enumName(field(p, 'family'), FAMILIES) ?? '';
      row.protocol = enumName(field(p, 'proto'), IP_PROTOCOLS) ?? '';
      row.state = enumName(field(p, 'state'), TCP_STATES) ?? '';
      row.localAddress = inetAddress(field(p, 'src_addr'), row.family);
      row.remoteAddress = inetAddress(field(p, 'dst_addr'), row.family);
      row.localPort = numField(p, 'src_port');
      row.remotePort = numField(p, 'dst_port');
      break;
    }
    case 'UNIXSK':
      row.family = 'AF_UNIX';
      row.state = enumName(field(p, 'state'), TCP_STATES) ?? '';
      row.path = unixName(p);
      row.localAddress = row.path;
      break;
    case 'NETLINKSK':
      row.family = 'AF_NETLINK';
      row.protocol = enumName(field(p, 'protocol'), NETLINK_PROTOCOLS) ?? '';
      row.localPort = numField(p, 'portid');
      row.remotePort = numField(p, 'dst_portid');
      break;
    case 'PACKETSK': {
      row.family = 'AF_PACKET';
      // The protocol is an ethertype kept in network byte order.
      const proto = numField(p, 'protocol') ?? 0;
      row.protocol = `0x${(((proto & 0xff) << 8) | ((proto >> 8) & 0xff)).toString(16).padStart(4, '0')}`;
      row.localAddress = `ifindex ${numField(p, 'ifindex') ?? 0}`;
      break;
    }
  }
  return row;
}

/** One row per socket descriptor of every process, within the RowBudget; each socket entry is read once. */
export function socketRows(
  processes: readonly ProcessFds[],
  table: FileTable,
  problems: ProblemInfo[] = [],
): SocketDetail[] {
  const rows: SocketDetail[] = [];
  const budget = new RowBudget('sockets');
  const shared = new Map<number, SocketDetail>();
  for (const proc of processes) {
    for (const fd of proc.fds) {
      const file = table.get(fd.id);
      if (!file || !SOCKET_TYPES.has(file.type)) continue;
      let row = shared.get(file.id);
      if (!row) shared.set(file.id, (row = socketRow(0, '', 0, file)));
      if (budget.take(row.path?.length ?? 0)) rows.push({ ...row, pid: proc.pid, comm: proc.comm, fd: fd.fd });
    }
  }
  problems.push(...budget.problems('checkpoint/files.img'));
  return rows;
}
