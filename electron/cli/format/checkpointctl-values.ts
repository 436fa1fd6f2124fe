import type { FileRow, NetworkInfo, Overview } from '../../../shared/dto';
import { NETLINK_PROTOCOLS } from '../../inspect/net-names';
import type { SocketDetail } from '../../inspect/sockets';
import { countBytes, GO_ZERO_TIME, rfc3339 } from './units';

/*
 * The values checkpointctl writes, in its JSON and its tree (internal/json.go
 * and go-crit's explore.go): the one place the CLI turns our rows into them,
 * so that `inspect --format json` and the tree agree with each other and with
 * checkpointctl on every key both show. The GUI keeps its own labels.
 */

export interface OpenFileNode {
  type: string;
  fd: string;
  path: string;
}

// A type, not an interface: it is assignable to a string-keyed record (h-diff's node type reads it as one).
type SkData = {
  type?: string;
  address?: string;
  state?: string;
  src?: string;
  src_port?: number;
  dst?: string;
  dst_port?: number;
  send_buf?: string;
  recv_buf?: string;
};

export interface SocketNode {
  protocol?: string;
  data: SkData;
  /** Ours (not checkpointctl's): a UNIX socket's type (STREAM, DGRAM...), which the tree shows. */
  socket_type?: string;
}

export interface NetworkNode {
  name: string;
  interfaces: Record<string, { ip?: string; mac?: string; gateway?: string }>;
}

/** Go's `omitempty`: a key whose value is '', 0 or undefined is left out. */
export function omitEmpty<T extends object>(o: T): T {
  const r = o as Record<string, unknown>;
  for (const k of Object.keys(r)) if (r[k] === undefined || r[k] === '' || r[k] === 0) delete r[k];
  return o;
}

/**
 * The container's name as checkpointctl tells it: Podman's and CRI-O's from
 * config.dump and CRI-O's metadata, any other engine's from the CRI
 * annotation alone (empty without one, even when config.dump names it).
 */
export function containerNameText(o: Pick<Overview, 'containerName' | 'engine' | 'annotations'>): string {
  if (o.engine === 'podman' || o.engine === 'cri-o') return o.containerName ?? '';
  return o.annotations['io.kubernetes.cri.container-name'] ?? '';
}

/**
 * `created` as checkpointctl writes it: config.dump's time in RFC3339, or
 * Go's zero time when there is none; CRI-O's is its Created annotation as
 * written (empty without one).
 */
export function createdText(o: Pick<Overview, 'createdAt' | 'engine' | 'annotations'>): string {
  if (o.engine === 'cri-o') return o.annotations['io.kubernetes.cri-o.Created'] ?? '';
  return o.createdAt ? rfc3339(o.createdAt) : GO_ZERO_TIME;
}

/** One descriptor as go-crit lists it: `fd` is "TYPE N" ("REG 0"), the path its name for the file (pipe[N], INETSK.7). */
export function openFileNode(row: Pick<FileRow, 'type' | 'fd' | 'path' | 'critPath'>): OpenFileNode {
  return { type: row.type, fd: `${row.type} ${row.fd}`.trim(), path: row.critPath ?? row.path };
}

/** cwd and root, which go-crit lists after the descriptors with no type. */
export function fsNode(fd: 'cwd' | 'root', path: string | null): OpenFileNode {
  return { type: '', fd, path: path ?? 'unknown' };
}

/** go-crit's names where ours differ (tcp_states.h spelled as go-crit spells it). */
const GO_CRIT_TCP_STATES: Readonly<Record<string, string>> = {
  SYN_RECV: 'SYN_RECEIVED',
  FIN_WAIT1: 'FIN_WAIT_1',
  FIN_WAIT2: 'FIN_WAIT_2',
};

/** go-crit's socketProtocolMap: IP protocol numbers it names; any other is "". */
const GO_CRIT_PROTOCOLS: Readonly<Record<number, string>> = {
  1: 'ICMP',
  2: 'IGMP',
  6: 'TCP',
  17: 'UDP',
  58: 'ICMPV6',
  136: 'UDPLITE',
  255: 'RAW',
};
const IP_PROTOCOL_NAMES = new Set(Object.values(GO_CRIT_PROTOCOLS));
const NETLINK_NUMBERS = new Map(Object.entries(NETLINK_PROTOCOLS).map(([n, name]) => [name, Number(n)]));

/**
 * The protocol go-crit names. For a netlink socket it looks the netlink
 * protocol number up in the IP table (so NETLINK_XFRM, 6, reads "TCP"):
 * repeated here so that a key both tools show has one value.
 */
function critProtocol(row: SocketDetail): string {
  if (row.family === 'AF_NETLINK') return GO_CRIT_PROTOCOLS[NETLINK_NUMBERS.get(row.protocol) ?? -1] ?? '';
  if (row.family === 'AF_PACKET') return '';
  return IP_PROTOCOL_NAMES.has(row.protocol) ? row.protocol : '';
}

/** One socket as checkpointctl's JSON has it (buffers in go-crit's "16.0 KB"). */
export function socketNode(row: SocketDetail): SocketNode {
  const bufs = { send_buf: countBytes(row.sendBuffer ?? 0), recv_buf: countBytes(row.recvBuffer ?? 0) };
  if (row.family === 'AF_UNIX')
    return omitEmpty({ data: omitEmpty({ type: 'UNIX', address: row.path ?? '' }), socket_type: row.type });
  const protocol = critProtocol(row);
  if (row.family === 'AF_INET' || row.family === 'AF_INET6') {
    return omitEmpty({
      protocol,
      data: omitEmpty({
        type: protocol,
        state: GO_CRIT_TCP_STATES[row.state] ?? row.state,
        src: row.localAddress,
        src_port: row.localPort ?? 0,
        dst: row.remoteAddress,
        dst_port: row.remotePort ?? 0,
        ...bufs,
      }),
    });
  }
  return omitEmpty({ protocol, data: bufs });
}

/** The tree's `[meta]  text` of a socket, as checkpointctl's formatSocketForTree. */
export function socketTreeLabel(s: SocketNode): { meta: string; text: string } {
  const d = s.data;
  if (d.type === 'UNIX') return { meta: `UNIX (${s.socket_type ?? ''})`, text: d.address || '@' };
  if (d.type === 'TCP' || d.type === 'UDP') {
    return {
      meta: d.type === 'TCP' && d.state ? `TCP (${d.state})` : d.type,
      text: `${d.src ?? ''}:${d.src_port ?? 0} -> ${d.dst ?? ''}:${d.dst_port ?? 0} (↑ ${d.send_buf ?? ''} ↓ ${d.recv_buf ?? ''})`,
    };
  }
  return { meta: s.protocol ?? '', text: `↑ ${d.send_buf ?? ''} ↓ ${d.recv_buf ?? ''}` };
}

/** Podman's networks as checkpointctl's `networks[]`: interfaces keyed by name, empty values left out. */
export function networkNodes(networks: readonly NetworkInfo[]): NetworkNode[] {
  return networks.map((n) => ({
    name: n.name,
    interfaces: Object.fromEntries(
      n.interfaces.map((i) => [i.name, omitEmpty({ ip: i.ip ?? '', mac: i.mac ?? '', gateway: i.gateway ?? '' })]),
    ),
  }));
}
